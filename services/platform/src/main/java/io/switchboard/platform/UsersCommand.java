package io.switchboard.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.notify.apps.AddressBook;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code switchboard users ...}: accounts and their channel addresses through the admin HTTP API.
 * Exit status 0 on success, 1 when the server refuses or cannot be reached, 2 on usage errors.
 */
final class UsersCommand {

  /** The commands, one a line, without the options they share with the other admin commands. */
  static final String COMMANDS =
      """
      switchboard users add NAME [PASSWORD] [ADDR]
                                                create an account (no PASSWORD: prompt; -: read
                                                stdin), then set its channel addresses ADDR
      switchboard users passwd NAME [PASSWORD]  set an account's password
      switchboard users delete NAME             delete an account
      switchboard users list                    list every account's JID
      switchboard users addresses NAME [ADDR] [--clear]
                                                show a user's channel addresses, or set those in
                                                ADDR, keeping the others (--clear: dropping them)
        ADDR: --email ADDRESS  --phone +E164NUMBER  --webhook URL
      """;

  static final String USAGE = COMMANDS + AdminClient.OPTIONS_USAGE;

  /** The address kinds as options, in the order they are printed. */
  private static final List<String> KINDS = List.of("email", "phone", "webhook");

  private static final Set<String> VALUED = valued();
  private static final int PAGE = 1000;

  private static Set<String> valued() {
    Set<String> all = new HashSet<>(AdminClient.OPTIONS);
    all.addAll(KINDS);
    return Set.copyOf(all);
  }

  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err)
      throws UsageException {
    CommandLine cl = CommandLine.parse(args, VALUED, Set.of("clear"));
    List<String> words =
        cl.subcommand(
            "users",
            "add NAME [PASSWORD]",
            "passwd NAME [PASSWORD]",
            "delete NAME",
            "list",
            "addresses NAME");
    String verb = words.get(0);
    List<String> rest = words.subList(1, words.size());
    Map<String, String> addresses = addresses(cl);
    boolean takesAddresses = verb.equals("add") || verb.equals("addresses");
    if (!takesAddresses && (!addresses.isEmpty() || cl.flag("clear"))) {
      throw new UsageException("users " + verb + " takes no addresses");
    }
    if (cl.flag("clear") && !verb.equals("addresses")) {
      throw new UsageException("--clear goes with users addresses");
    }
    boolean clear = cl.flag("clear");
    return AdminClient.run(cl, env, out, err, admin -> call(admin, verb, rest, addresses, clear));
  }

  private static int call(
      AdminClient admin,
      String verb,
      List<String> rest,
      Map<String, String> addresses,
      boolean clear)
      throws IOException, InterruptedException, UsageException, AdminClient.Refused {
    String name = rest.isEmpty() ? null : rest.get(0);
    return switch (verb) {
      case "add" -> add(admin, name, password(rest, "password for " + name), addresses);
      case "passwd" -> passwd(admin, name, password(rest, "new password for " + name));
      case "delete" -> delete(admin, name);
      case "addresses" -> addresses(admin, name, addresses, clear);
      default -> list(admin);
    };
  }

  /** The --email, --phone and --webhook options, checked for the obvious mistakes. */
  private static Map<String, String> addresses(CommandLine cl) throws UsageException {
    Map<String, String> given = new LinkedHashMap<>();
    for (String kind : KINDS) {
      String value = cl.option(kind);
      if (value == null) {
        continue;
      }
      String problem = AddressBook.invalid(kind, value.strip());
      if (problem != null) {
        throw new UsageException("--" + kind + ": " + problem);
      }
      given.put(kind, value.strip());
    }
    return given;
  }

  /** The password argument; "-" reads a line from stdin, none prompts on the terminal. */
  private static String password(List<String> rest, String prompt) throws UsageException {
    if (rest.size() == 2 && !rest.get(1).equals("-")) {
      return rest.get(1);
    }
    if (rest.size() == 2) {
      try {
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null || line.isEmpty()) {
          throw new UsageException("no password on standard input");
        }
        return line;
      } catch (IOException e) {
        throw new UsageException("cannot read the password from standard input");
      }
    }
    Console console = System.console();
    if (console == null) {
      throw new UsageException("give the PASSWORD (or - to read it from standard input)");
    }
    char[] first = console.readPassword("%s: ", prompt);
    char[] second = console.readPassword("again: ");
    if (first == null || second == null || first.length == 0) {
      throw new UsageException("no password given");
    }
    if (!String.valueOf(first).equals(String.valueOf(second))) {
      throw new UsageException("the passwords differ");
    }
    return String.valueOf(first);
  }

  private static int add(
      AdminClient admin, String name, String password, Map<String, String> addresses)
      throws IOException, InterruptedException, AdminClient.Refused {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("username", name);
    body.put("password", password);
    String jid =
        AdminClient.object(admin.expect("POST", "/admin/v1/users", body, 201))
            .path("jid")
            .asText(name);
    admin.out().println("created " + jid);
    if (addresses.isEmpty()) {
      return 0;
    }
    // The server may have normalized the name (Alice -> alice): the addresses go to the account.
    int at = jid.indexOf('@');
    String user = at > 0 ? jid.substring(0, at) : name;
    try {
      admin.expect("PUT", addressesPath(user), addresses, 204);
    } catch (AdminClient.Refused e) {
      throw new AdminClient.Refused(
          e.getMessage()
              + "; "
              + jid
              + " was created without these addresses: set them with switchboard users"
              + " addresses "
              + user
              + " --email ... --phone ... --webhook ...");
    }
    print(admin, user, addresses);
    return 0;
  }

  private static int passwd(AdminClient admin, String name, String password)
      throws IOException, InterruptedException, AdminClient.Refused {
    admin.expect("PUT", userPath(name) + "/password", Map.of("password", password), 204);
    admin.out().println("changed the password of " + name);
    return 0;
  }

  private static int delete(AdminClient admin, String name)
      throws IOException, InterruptedException, AdminClient.Refused {
    if (admin.expect("DELETE", userPath(name), null, 204, 202).statusCode() == 202) {
      admin
          .out()
          .println("deleting " + name + " (the server finishes the removal in the background)");
    } else {
      admin.out().println("deleted " + name);
    }
    return 0;
  }

  private static int list(AdminClient admin)
      throws IOException, InterruptedException, AdminClient.Refused {
    long total = 0;
    int offset = 0;
    while (true) {
      HttpResponse<String> response =
          admin.expect("GET", "/admin/v1/users?offset=" + offset + "&limit=" + PAGE, null, 200);
      JsonNode page = AdminClient.object(response);
      JsonNode jids = page.get("users");
      if (jids == null || !jids.isArray()) {
        throw new IOException("unexpected answer from the server: " + response.body());
      }
      for (JsonNode jid : jids) {
        admin.out().println(jid.asText());
      }
      total = page.path("total").asLong(total);
      offset += jids.size();
      if (jids.isEmpty() || offset >= total) {
        break;
      }
    }
    admin.err().println(total == 1 ? "1 user" : total + " users");
    return 0;
  }

  /**
   * Without changes, prints the user's addresses. With some, sets them over the ones the user has
   * (or, with {@code clear}, instead of them) and prints the result.
   */
  private static int addresses(
      AdminClient admin, String name, Map<String, String> changes, boolean clear)
      throws IOException, InterruptedException, AdminClient.Refused {
    Map<String, String> result = new LinkedHashMap<>();
    if (!clear) {
      AdminClient.object(admin.expect("GET", addressesPath(name), null, 200))
          .fields()
          .forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
    }
    if (clear || !changes.isEmpty()) {
      result.putAll(changes);
      admin.expect("PUT", addressesPath(name), result, 204);
    }
    print(admin, name, result);
    return 0;
  }

  private static void print(AdminClient admin, String user, Map<String, String> addresses) {
    if (addresses.isEmpty()) {
      admin.err().println(user + " has no channel addresses");
      return;
    }
    for (String kind : KINDS) {
      if (addresses.containsKey(kind)) {
        admin.out().printf("%-8s %s%n", kind, addresses.get(kind));
      }
    }
  }

  private static String userPath(String user) {
    return "/admin/v1/users/" + AdminClient.segment(user);
  }

  private static String addressesPath(String user) {
    return userPath(user) + "/addresses";
  }
}
