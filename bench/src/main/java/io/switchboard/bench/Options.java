package io.switchboard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The command line of the driver: the scenario's options, with the scenario's defaults. */
final class Options {

  /** What the run measures. */
  enum Scenario {
    CHAT("chat"),
    LOGIN("login"),
    OFFLINE("offline"),
    NOTIFY("notify");

    final String label;

    Scenario(String label) {
      this.label = label;
    }

    /** The scenario of that name, or null. */
    static Scenario of(String name) {
      for (Scenario s : values()) {
        if (s.label.equals(name)) {
          return s;
        }
      }
      return null;
    }
  }

  static final String USAGE =
      """
      usage: java -jar switchboard-bench.jar [chat|login|offline|notify] [options]
      Real XMPP clients (plain TCP, SASL PLAIN), or signed notification API requests, against a
      server on loopback; see bench/README.md.

      Common options:
        --host H             XMPP host (default 127.0.0.1)
        --port P             XMPP port (default 5222)
        --domain D           XMPP domain (default localhost)
        --http URL           admin HTTP base URL, for --create-users (e.g. http://127.0.0.1:8080)
        --token T            admin bearer token, for --create-users
        --create-users       create the bench-N accounts through the admin API first (409 is fine)
        --password P         password of every bench user (default bench-password)
        --warmup S           seconds of load before the measured window (default 10; login: 30;
                             notify: 15)
        --duration S         seconds of the measured window (default 30; >= 30 for CPU figures)
        --login-threads T    concurrent blocking logins (chat: 4; login, offline: 256, so that
                             logins start on schedule even when the server answers slowly)
        --server-pids P,...  server processes whose CPU and RSS are measured and summed
        --store-pids P,...   processes measured but reported apart (the embedded store)
        --mode-label L       label of the result row: local or distributed (default local)

      chat: N clients online, a paced aggregate rate of 1:1 messages
        --clients N          connected clients (default 1000)
        --rate R             messages per second offered (default 3000)
        --drain S            after the window, wait for in-flight messages until none arrived
                             for S seconds (default 10); what is missing then is lost
        --drain-max S        ... but never longer than S seconds (default 120)

      login: a paced rate of new logins (connect, SASL PLAIN, bind, roster get, initial
      presence until the server echoes it), each session held, then closed
        --clients N          accounts used round-robin (default 1000)
        --rate R             logins per second started (default 100)
        --hold S             seconds each session stays online before it logs out (default 5)

      offline: senders write to offline accounts, which then log in and get their messages
        --senders S          online senders, accounts bench-0..S-1 (default 100)
        --per-recipient K    messages stored for every recipient (default 10)
        --clients N          recipients, accounts bench-S..S+N-1 (default: rate x (warm-up +
                             duration) / K, so that storing fills the warm-up and the window)
        --rate R             messages per second sent to the offline recipients (default 250)
        --login-rate R       recipients' logins per second afterwards (default 100)
        --metrics URL        HTTP base URL of the process that stores offline messages (the router;
                             local mode: the platform): its /prometheus counts what was stored
        --drain S, --drain-max S   after sending, wait for the stores until the count has not
                             moved for S seconds (default 10), at most S seconds (default 120)
        --flush-timeout S    a recipient waits S seconds at most for its K messages (default 10)
        --skip-recheck       do not log every recipient in once more to check that nothing is
                             delivered twice

      notify: signed POST /api/v1/messages at a paced rate, each to one direct webhook address
      (this driver's receiver) on the webhook channel; --http and --token are required (the
      driver makes the application's key pair with the admin API)
        --rate R             requests per second offered (default 200)
        --max-in-flight N    requests waiting for their answer at most; one due beyond that is
                             skipped and counted (default 256)
        --request-timeout S  a request's answer is awaited S seconds (default 10)
        --app NAME           the Application the key is made for (default bench)
        --template NAME      the Template, with one variable `seq` (default bench)
        --receiver-port P    the webhook receiver's port, the one the Channel points at (default 0:
                             any; then the channel must not name it)
        --receiver-threads T the receiver's threads (default 8)
        --webhook-secret K   the webhook Channel's signing key: the first deliveries' signatures
                             are checked with it (default: not checked)
        --drain S, --drain-max S   after the window, wait for the webhooks until none arrived for
                             S seconds (default 10), at most S seconds (default 120)
      """;

  final Scenario scenario;
  String host = "127.0.0.1";
  int port = 5222;
  String domain = "localhost";
  String http;
  String token;
  boolean createUsers;
  String password = "bench-password";
  int clients;
  double rate;
  int warmupSeconds = 10;
  int durationSeconds = 30;
  int drainSeconds = 10;
  int drainMaxSeconds = 120;
  int loginThreads;
  List<Long> serverPids = new ArrayList<>();
  List<Long> storePids = new ArrayList<>();
  String modeLabel = "local";

  // login
  int holdSeconds = 5;

  // offline
  int senders = 100;
  int perRecipient = 10;
  double loginRate = 100;
  String metrics;
  int flushTimeoutSeconds = 10;
  boolean recheck = true;

  // notify
  int maxInFlight = 256;
  int requestTimeoutSeconds = 10;
  String app = "bench";
  String template = "bench";
  int receiverPort;
  int receiverThreads = 8;
  String webhookSecret;

  private Options(Scenario scenario) {
    this.scenario = scenario;
    switch (scenario) {
      case CHAT -> {
        clients = 1000;
        rate = 3000;
        loginThreads = 4;
      }
      case LOGIN -> {
        clients = 1000;
        rate = 100;
        loginThreads = 256;
        warmupSeconds = 30; // 10 s (1000 logins) leave the JVM's login path half compiled
      }
      case OFFLINE -> {
        clients = 0; // derived below
        rate = 250;
        loginThreads = 256;
      }
      case NOTIFY -> {
        rate = 200;
        warmupSeconds = 15;
      }
    }
  }

  static Options parse(Scenario scenario, String[] args) {
    Options o = new Options(scenario);
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      switch (name) {
        case "--help", "-h" -> throw new IllegalArgumentException("");
        case "--create-users" -> {
          o.createUsers = true;
          continue;
        }
        case "--skip-recheck" -> {
          o.recheck = false;
          continue;
        }
        default -> {}
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      String v = args[++i];
      switch (name) {
        case "--host" -> o.host = v;
        case "--port" -> o.port = positive(name, v);
        case "--domain" -> o.domain = v;
        case "--http" -> o.http = withoutSlash(v);
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
        case "--hold" -> o.holdSeconds = nonNegative(name, v);
        case "--senders" -> o.senders = positive(name, v);
        case "--per-recipient" -> o.perRecipient = positive(name, v);
        case "--login-rate" -> o.loginRate = positiveDouble(name, v);
        case "--metrics" -> o.metrics = withoutSlash(v);
        case "--flush-timeout" -> o.flushTimeoutSeconds = positive(name, v);
        case "--max-in-flight" -> o.maxInFlight = positive(name, v);
        case "--request-timeout" -> o.requestTimeoutSeconds = positive(name, v);
        case "--app" -> o.app = v.strip();
        case "--template" -> o.template = v.strip();
        case "--receiver-port" -> o.receiverPort = nonNegative(name, v);
        case "--receiver-threads" -> o.receiverThreads = positive(name, v);
        case "--webhook-secret" -> o.webhookSecret = v;
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    if (o.createUsers && (o.http == null || o.token == null)) {
      throw new IllegalArgumentException("--create-users needs --http and --token");
    }
    if (scenario == Scenario.OFFLINE && o.clients == 0) {
      o.clients = (int) Math.ceil(o.rate * (o.warmupSeconds + o.durationSeconds) / o.perRecipient);
    }
    return o;
  }

  /** Messages the offline scenario stores: every recipient gets {@code perRecipient}. */
  long offlineMessages() {
    return (long) clients * perRecipient;
  }

  private static String withoutSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
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
