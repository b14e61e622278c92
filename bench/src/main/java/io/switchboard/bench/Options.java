package io.switchboard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The command line of {@link ChatLoad}. */
final class Options {

  static final String USAGE =
      """
      ChatLoad: 1:1 chat load of real XMPP clients (plain TCP, SASL PLAIN) on loopback.
        --host H             XMPP host (default 127.0.0.1)
        --port P             XMPP port (default 5222)
        --domain D           XMPP domain (default localhost)
        --http URL           admin HTTP base URL, for --create-users (e.g. http://127.0.0.1:8080)
        --token T            admin bearer token, for --create-users
        --create-users       create bench-0..N-1 through the admin API first (409 is fine)
        --password P         password of every bench user (default bench-password)
        --clients N          connected clients (default 1000)
        --rate R             aggregate messages per second offered (default 3000)
        --warmup S           seconds of load before the measured window (default 10)
        --duration S         seconds of the measured window (default 30; >= 30 for CPU figures)
        --drain S            after the window, wait for in-flight messages until none arrived
                             for S seconds (default 10); what is missing then is lost
        --drain-max S        ... but never longer than S seconds (default 120)
        --login-threads T    concurrent blocking logins (default 4)
        --server-pids P,...  server processes whose CPU and RSS are measured and summed
        --store-pids P,...   processes measured but reported apart (the embedded store)
        --mode-label L       label of the result row: local or distributed (default local)
      """;

  String host = "127.0.0.1";
  int port = 5222;
  String domain = "localhost";
  String http;
  String token;
  boolean createUsers;
  String password = "bench-password";
  int clients = 1000;
  double rate = 3000;
  int warmupSeconds = 10;
  int durationSeconds = 30;
  int drainSeconds = 10;
  int drainMaxSeconds = 120;
  int loginThreads = 4;
  List<Long> serverPids = new ArrayList<>();
  List<Long> storePids = new ArrayList<>();
  String modeLabel = "local";

  static Options parse(String[] args) {
    Options o = new Options();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (name.equals("--help") || name.equals("-h")) {
        throw new IllegalArgumentException("");
      }
      if (name.equals("--create-users")) {
        o.createUsers = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      String v = args[++i];
      switch (name) {
        case "--host" -> o.host = v;
        case "--port" -> o.port = positive(name, v);
        case "--domain" -> o.domain = v;
        case "--http" -> o.http = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
        case "--token" -> o.token = v.strip();
        case "--password" -> o.password = v;
        case "--clients" -> o.clients = positive(name, v);
        case "--rate" -> o.rate = positiveDouble(name, v);
        case "--warmup" -> o.warmupSeconds = nonNegative(name, v);
        case "--duration" -> o.durationSeconds = positive(name, v);
        case "--drain" -> o.drainSeconds = nonNegative(name, v);
        case "--drain-max" -> o.drainMaxSeconds = nonNegative(name, v);
        case "--login-threads" -> o.loginThreads = positive(name, v);
        case "--server-pids" -> o.serverPids = pids(name, v);
        case "--store-pids" -> o.storePids = pids(name, v);
        case "--mode-label" -> o.modeLabel = v.toLowerCase(Locale.ROOT);
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    if (o.createUsers && (o.http == null || o.token == null)) {
      throw new IllegalArgumentException("--create-users needs --http and --token");
    }
    return o;
  }

  private static int positive(String name, String v) {
    int n = nonNegative(name, v);
    if (n == 0) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return n;
  }

  private static int nonNegative(String name, String v) {
    try {
      int n = Integer.parseInt(v.strip());
      if (n < 0) {
        throw new IllegalArgumentException(name + " must not be negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs a whole number, not " + v, e);
    }
  }

  private static double positiveDouble(String name, String v) {
    try {
      double d = Double.parseDouble(v.strip());
      if (!(d > 0) || Double.isInfinite(d)) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs a number, not " + v, e);
    }
  }

  private static List<Long> pids(String name, String v) {
    List<Long> out = new ArrayList<>();
    for (String p : v.split(",")) {
      if (!p.isBlank()) {
        try {
          out.add(Long.parseLong(p.strip()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(name + ": not a process id: " + p, e);
        }
      }
    }
    return out;
  }
}
