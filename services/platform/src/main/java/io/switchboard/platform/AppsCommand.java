package io.switchboard.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.notify.apps.ApiKeyStore;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code switchboard apps ...}: the key pairs with which applications sign their calls to the
 * notification API ({@code /api/v1}), through the admin HTTP API. Exit status 0 on success, 1 when
 * the server refuses or cannot be reached, 2 on usage errors.
 */
final class AppsCommand {

  /** The commands, one a line, without the options they share with the other admin commands. */
  static final String COMMANDS =
      """
      switchboard apps create NAME              make a key pair for application NAME and print it
                                                (the secret key is shown this once)
      switchboard apps list                     every key: application, key id, state, created
      switchboard apps disable NAME             disable application NAME's keys (its calls get 401)
      """;

  static final String USAGE = COMMANDS + AdminClient.OPTIONS_USAGE;

  private static final List<String> COLUMNS =
      List.of("APPLICATION", "ACCESS KEY ID", "STATE", "CREATED");

  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err)
      throws UsageException {
    CommandLine cl = CommandLine.parse(args, AdminClient.OPTIONS, Set.of());
    List<String> words = cl.subcommand("apps", "create NAME", "list", "disable NAME");
    String verb = words.get(0);
    List<String> rest = words.subList(1, words.size());
    if (!verb.equals("list") && !ApiKeyStore.APPLICATION_NAME.matcher(rest.get(0)).matches()) {
      throw new UsageException(
          "an application name is lower-case letters, digits and '-' (at most 63, no '-' at"
              + " either end), not "
              + rest.get(0));
    }
    return AdminClient.run(cl, env, out, err, admin -> call(admin, verb, rest));
  }

  private static int call(AdminClient admin, String verb, List<String> rest)
      throws IOException, InterruptedException, AdminClient.Refused {
    return switch (verb) {
      case "create" -> create(admin, rest.get(0));
      case "disable" -> disable(admin, rest.get(0));
      default -> list(admin);
    };
  }

  private static int create(AdminClient admin, String name)
      throws IOException, InterruptedException, AdminClient.Refused {
    JsonNode pair = AdminClient.object(admin.expect("POST", appPath(name, "keys"), null, 201));
    String keyId = pair.path("accessKeyId").asText("");
    String secret = pair.path("secretKey").asText("");
    if (keyId.isEmpty() || secret.isEmpty()) {
      throw new IOException("the server's answer has no key pair");
    }
    PrintStream out = admin.out();
    out.println("application:   " + pair.path("application").asText(name));
    out.println("access key id: " + keyId);
    out.println("secret key:    " + secret);
    admin
        .err()
        .println(
            "switchboard: store the secret key now: it is not shown again (the server keeps it"
                + " encrypted; apps list shows the key id only). Lost it? Make a new pair with"
                + " apps create.");
    return 0;
  }

  private static int list(AdminClient admin)
      throws IOException, InterruptedException, AdminClient.Refused {
    HttpResponse<String> response = admin.expect("GET", "/admin/v1/apps", null, 200);
    JsonNode items = AdminClient.object(response).get("items");
    if (items == null || !items.isArray()) {
      throw new IOException("unexpected answer from the server: " + response.body());
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(COLUMNS);
    for (JsonNode key : items) {
      rows.add(
          List.of(
              key.path("application").asText(),
              key.path("accessKeyId").asText(),
              key.path("enabled").asBoolean() ? "enabled" : "disabled",
              key.path("created").asText()));
    }
    printTable(admin.out(), rows);
    admin.err().println(items.size() == 1 ? "1 key" : items.size() + " keys");
    return 0;
  }

  private static int disable(AdminClient admin, String name)
      throws IOException, InterruptedException, AdminClient.Refused {
    long n =
        AdminClient.object(admin.expect("POST", appPath(name, "disable"), null, 200))
            .path("disabled")
            .asLong();
    admin
        .out()
        .println(
            n == 0
                ? name + "'s keys were already disabled"
                : "disabled " + (n == 1 ? "1 key" : n + " keys") + " of " + name);
    return 0;
  }

  private static String appPath(String name, String action) {
    return "/admin/v1/apps/" + AdminClient.segment(name) + "/" + action;
  }

  /** Rows as columns padded to their widest cell, two spaces apart. */
  private static void printTable(PrintStream out, List<List<String>> rows) {
    int[] widths = new int[COLUMNS.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        line.append(cell);
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - cell.length() + 2));
        }
      }
      out.println(line);
    }
  }
}
