package io.switchboard.platform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code switchboard users ...}: the admin HTTP API from the command line. Exit status 0 on
 * success, 1 when the server refuses or cannot be reached, 2 on usage errors.
 */
final class UsersCommand {

  static final String USAGE =
      """
      switchboard users add NAME [PASSWORD]     create an account (no PASSWORD: prompt; -: read stdin)
      switchboard users passwd NAME [PASSWORD]  set an account's password
      switchboard users delete NAME             delete an account
      switchboard users list                    list every account's JID
        --url URL      the server's HTTP address (default http://127.0.0.1:8080)
        --data DIR     the server's data folder, where admin-token is (default ./data)
        --token T      the admin token (default: $SWITCHBOARD_ADMIN_TOKEN, then DIR/admin-token)
      """;

  private static final Set<String> VALUED = Set.of("url", "data", "token");
  private static final int PAGE = 1000;
  private static final JsonFactory JSON = new JsonFactory();

  private final HttpClient http;
  private final URI base;
  private final String token;
  private final PrintStream out;
  private final PrintStream err;

  private UsersCommand(HttpClient http, URI base, String token, PrintStream out, PrintStream err) {
    this.http = http;
    this.base = base;
    this.token = token;
    this.out = out;
    this.err = err;
  }

  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err)
      throws UsageException {
    CommandLine cl = CommandLine.parse(args, VALUED, Set.of());
    List<String> words = cl.positionals();
    if (words.isEmpty()) {
      throw new UsageException("users needs a command: add, passwd, delete or list");
    }
    String verb = words.get(0);
    List<String> rest = words.subList(1, words.size());
    switch (verb) {
      case "add", "passwd" -> {
        if (rest.isEmpty() || rest.size() > 2) {
          throw new UsageException("usage: switchboard users " + verb + " NAME [PASSWORD]");
        }
      }
      case "delete" -> {
        if (rest.size() != 1) {
          throw new UsageException("usage: switchboard users delete NAME");
        }
      }
      case "list" -> {
        if (!rest.isEmpty()) {
          throw new UsageException("usage: switchboard users list");
        }
      }
      default -> throw new UsageException("unknown users command: " + verb);
    }

    URI base;
    try {
      String url = cl.option("url", "http://127.0.0.1:8080").strip();
      base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      if (base.getScheme() == null
          || !(base.getScheme().equals("http") || base.getScheme().equals("https"))
          || base.getHost() == null) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException("--url must be an http(s) URL such as http://127.0.0.1:8080");
    }

    String token = cl.option("token");
    if (token == null) {
      token = env.get("SWITCHBOARD_ADMIN_TOKEN");
    }
    if (token == null || token.isBlank()) {
      Path file =
          Path.of(cl.option("data", "./data")).resolve("admin-token").toAbsolutePath().normalize();
      try {
        token = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (NoSuchFileException e) {
        err.println(
            "switchboard: no admin token at "
                + file
                + ": start the server first (./switchboard run), or pass --data DIR"
                + " (the server's data folder) or --token");
        return 1;
      } catch (IOException e) {
        err.println("switchboard: cannot read the admin token " + file + ": " + e.getMessage());
        return 1;
      }
      if (token.isEmpty()) {
        err.println("switchboard: the admin token file " + file + " is empty");
        return 1;
      }
    }

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    UsersCommand command = new UsersCommand(http, base, token.strip(), out, err);
    try {
      return switch (verb) {
        case "add" -> command.add(rest.get(0), password(rest, "password for " + rest.get(0)));
        case "passwd" ->
            command.passwd(rest.get(0), password(rest, "new password for " + rest.get(0)));
        case "delete" -> command.delete(rest.get(0));
        default -> command.list();
      };
    } catch (ConnectException | HttpConnectTimeoutException e) {
      err.println(
          "switchboard: cannot reach Switchboard at "
              + base
              + ": is it running? (./switchboard run)");
      return 1;
    } catch (IOException e) {
      err.println("switchboard: request to " + base + " failed: " + Switchboard.describe(e));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
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

  private int add(String name, String password) throws IOException, InterruptedException {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("username", name);
    body.put("password", password);
    HttpResponse<String> response = send("POST", "/admin/v1/users", json(body));
    if (response.statusCode() == 201) {
      Map<String, Object> created = parseObject(response.body());
      out.println("created " + created.getOrDefault("jid", name));
      return 0;
    }
    return failed(response);
  }

  private int passwd(String name, String password) throws IOException, InterruptedException {
    HttpResponse<String> response =
        send(
            "PUT",
            "/admin/v1/users/" + pathSegment(name) + "/password",
            json(Map.of("password", password)));
    if (response.statusCode() == 204) {
      out.println("changed the password of " + name);
      return 0;
    }
    return failed(response);
  }

  private int delete(String name) throws IOException, InterruptedException {
    HttpResponse<String> response = send("DELETE", "/admin/v1/users/" + pathSegment(name), null);
    if (response.statusCode() == 204) {
      out.println("deleted " + name);
      return 0;
    }
    if (response.statusCode() == 202) {
      out.println("deleting " + name + " (the server finishes the removal in the background)");
      return 0;
    }
    return failed(response);
  }

  private int list() throws IOException, InterruptedException {
    long total = 0;
    int offset = 0;
    while (true) {
      HttpResponse<String> response =
          send("GET", "/admin/v1/users?offset=" + offset + "&limit=" + PAGE, null);
      if (response.statusCode() != 200) {
        return failed(response);
      }
      Map<String, Object> page = parseObject(response.body());
      Object users = page.get("users");
      if (!(users instanceof List<?> jids)) {
        err.println("switchboard: unexpected answer from the server: " + response.body());
        return 1;
      }
      for (Object jid : jids) {
        out.println(jid);
      }
      if (page.get("total") instanceof Number n) {
        total = n.longValue();
      }
      offset += jids.size();
      if (jids.isEmpty() || offset >= total) {
        break;
      }
    }
    err.println(total == 1 ? "1 user" : total + " users");
    return 0;
  }

  private HttpResponse<String> send(String method, String path, String jsonBody)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json, application/problem+json");
    if (jsonBody != null) {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** Prints the problem's detail (or what there is) and returns exit status 1. */
  private int failed(HttpResponse<String> response) {
    String message = null;
    try {
      Map<String, Object> problem = parseObject(response.body());
      Object detail = problem.get("detail");
      Object title = problem.get("title");
      message = detail != null ? detail.toString() : title != null ? title.toString() : null;
    } catch (IOException e) {
      // not JSON: fall through to the status line
    }
    if (message == null) {
      message = "HTTP " + response.statusCode();
      String body = response.body() == null ? "" : response.body().strip();
      if (!body.isEmpty() && body.length() < 300) {
        message += ": " + body;
      }
    }
    if (response.statusCode() == 401) {
      message += " (is --data or --token the server's?)";
    }
    err.println("switchboard: " + message);
    return 1;
  }

  static String pathSegment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String json(Map<String, String> fields) throws IOException {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      for (Map.Entry<String, String> e : fields.entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    }
    return w.toString();
  }

  /**
   * A JSON object's top-level fields: strings, numbers, booleans, null and arrays of those; nested
   * objects are skipped.
   */
  static Map<String, Object> parseObject(String text) throws IOException {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      throw new IOException("empty body");
    }
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken token = p.nextToken();
        if (token == JsonToken.START_ARRAY) {
          List<Object> items = new ArrayList<>();
          for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == null) {
              throw new IOException("truncated JSON");
            }
            if (t.isStructStart()) {
              p.skipChildren();
            } else {
              items.add(scalar(p, t));
            }
          }
          fields.put(name, items);
        } else if (token == JsonToken.START_OBJECT) {
          p.skipChildren();
        } else if (token != null) {
          fields.put(name, scalar(p, token));
        }
      }
    }
    return fields;
  }

  private static Object scalar(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> p.getLongValue();
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      default -> null;
    };
  }
}
