package io.switchboard.platform.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.igniterealtime.smack.inttest.AbstractSmackIntTest;
import org.igniterealtime.smack.inttest.Configuration;
import org.igniterealtime.smack.inttest.FailedTest;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework.TestRunResult;
import org.igniterealtime.smack.inttest.TestNotPossible;
import org.igniterealtime.smack.inttest.TestResult;
import org.igniterealtime.smack.inttest.XmppConnectionDescriptor;
import org.igniterealtime.smack.inttest.XmppConnectionManager;
import org.igniterealtime.smack.inttest.annotations.SmackIntegrationTest;
import org.igniterealtime.smack.inttest.annotations.SpecificationReference;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smack.tcp.XmppTcpTransportModuleDescriptor;
import org.jivesoftware.smackx.filetransfer.FileTransferNegotiator;

/**
 * Runs the Smack Integration Test Framework (sinttest) against a Switchboard over TCP and writes
 * what it printed, counted per specification, to a Markdown summary.
 *
 * <p>sinttest has no property for the port and cannot trust a self-signed certificate except by
 * pin, so this replaces its connection descriptors by its own (see {@link #registerConnections}):
 * to the given address and port, STARTTLS trusting exactly the server's certificate. Every other
 * setting is sinttest's own {@code sinttest.*} system property; those set here are defaults only.
 * Workarounds for client-side problems are commented where they are set; docs/conformance.md
 * explains each.
 *
 * <p>Also a main class, to run against a server started with {@code ./switchboard run}: {@code
 * -Dswitchboard.sinttest.port=5222 -Dswitchboard.sinttest.data=./data} (the data directory holds
 * the certificate in {@code tls/xmpp.p12}), optional {@code -Dswitchboard.sinttest.host=127.0.0.1}
 * and {@code -Dswitchboard.sinttest.summary=target/sinttest/summary.md}.
 */
public final class SinttestRunner {

  /** Nickname of the connection descriptor all tests use. */
  public static final String CONNECTION = "switchboard-tcp";

  /** Nickname of the modular (Smack 4.4+) connection descriptor, TCP transport only. */
  public static final String MODULAR = "switchboard-modular";

  /**
   * Test classes switched off from the start (sinttest's simple or full class names): none.
   * sinttest aborts the whole run at the first exception it does not expect from a test; the run
   * recovers from such aborts by itself (see {@link #run}), and what it had to switch off is in the
   * summary.
   */
  public static final List<String> DISABLED_BY_DEFAULT = List.of();

  private static final String STAX_FACTORY = "javax.xml.stream.XMLInputFactory";

  /** Default settings of this run; a {@code sinttest.*} system property given overrides each. */
  static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("sinttest.securityMode", "required");
    DEFAULTS.put("sinttest.replyTimeout", "20000");
    DEFAULTS.put("sinttest.defaultConnection", CONNECTION);
    DEFAULTS.put("sinttest.enabledConnections", CONNECTION);
    DEFAULTS.put("sinttest.dnsResolver", "javax");
  }

  private SinttestRunner() {}

  /**
   * What a run gave: the result of its last attempt (null when that aborted), the test classes
   * switched off after aborts (simple name → the test that aborted and why), and the settings.
   */
  public record Outcome(
      TestRunResult result,
      Throwable abort,
      String abortedIn,
      Map<String, String> disabledAfterAbort,
      int attempts,
      Duration took,
      Map<String, String> settings) {

    public boolean completed() {
      return abort == null;
    }
  }

  /**
   * Runs sinttest against {@code domain} served at {@code address:port}, trusting {@code trust} for
   * STARTTLS. When sinttest aborts, the class of the test it was running is added to {@code
   * sinttest.disabledTests} and the whole run starts again, at most {@code
   * switchboard.sinttest.attempts} (3) times in all.
   */
  public static Outcome run(String domain, InetAddress address, int port, X509TrustManager trust)
      throws Exception {
    System.setProperty("sinttest.service", System.getProperty("sinttest.service", domain));
    for (Map.Entry<String, String> e : DEFAULTS.entrySet()) {
      if (System.getProperty(e.getKey()) == null) {
        System.setProperty(e.getKey(), e.getValue());
      }
    }
    if (System.getProperty("sinttest.disabledTests") == null && !DISABLED_BY_DEFAULT.isEmpty()) {
      System.setProperty("sinttest.disabledTests", String.join(",", DISABLED_BY_DEFAULT));
    }
    // Smack parses with whatever StAX implementation XMLInputFactory.newInstance() finds, and on
    // this class path that is Aalto (the server's parser). With Aalto, Smack's
    // StandardExtensionElementProvider trips an assertion (Failsafe runs with -ea) on any unknown
    // element that declares its own default namespace inside another, such as the payload echoed
    // in an error reply, and the assertion kills the connection's reader thread and with it every
    // later test of that connection. The JDK's StAX parser is what Smack is used with on Java SE.
    // The server creates its Aalto factories directly, so this does not touch it.
    if (System.getProperty(STAX_FACTORY) == null) {
      System.setProperty(STAX_FACTORY, "com.sun.xml.internal.stream.XMLInputFactoryImpl");
    }
    registerConnections(address, port, trust);
    // SOCKS5 bytestreams need a streamhost: Switchboard has no XEP-0065 proxy and Smack offers its
    // own only on non-loopback addresses, so on 127.0.0.1 the sender gives up ("no SOCKS5 proxies
    // available") and FileTransferIntegrationTest.fileTransferTest fails; its leftover listener
    // then breaks ibbFileTransferTest too. Negotiating in-band bytestreams only, as a client
    // without SOCKS5 does, makes both tests exercise what the server does: route the XEP-0096
    // offer and the XEP-0047 stream between the two full JIDs.
    System.setProperty(
        "switchboard.sinttest.ibb-only",
        System.getProperty("switchboard.sinttest.ibb-only", "true"));
    FileTransferNegotiator.IBB_ONLY = Boolean.getBoolean("switchboard.sinttest.ibb-only");
    int maxAttempts = Integer.getInteger("switchboard.sinttest.attempts", 3);

    Map<String, String> disabledAfterAbort = new LinkedHashMap<>();
    Instant start = Instant.now();
    for (int attempt = 1; ; attempt++) {
      Configuration config = Configuration.newConfiguration(new String[0]);
      StartedTests started = new StartedTests();
      try {
        TestRunResult result = new SmackIntegrationTestFramework(config).run();
        return new Outcome(
            result,
            null,
            null,
            disabledAfterAbort,
            attempt,
            Duration.between(start, Instant.now()),
            settings());
      } catch (Exception | Error e) {
        // A test class on the stack (its constructor, or a test method) is the culprit; without
        // one (a connection that failed before a low-level test began), the last test started.
        String onStack = testOnStack(e);
        String in = onStack != null ? onStack : started.last;
        String testClass = null;
        if (onStack != null) {
          testClass = onStack.substring(0, onStack.lastIndexOf('.'));
        } else if (started.last != null && started.last.indexOf('.') > 0) {
          testClass = started.last.substring(0, started.last.indexOf('.'));
        }
        if (attempt >= maxAttempts || testClass == null) {
          return new Outcome(
              null,
              e,
              in == null ? "(no test: preparing the environment?)" : in,
              disabledAfterAbort,
              attempt,
              Duration.between(start, Instant.now()),
              settings());
        }
        disabledAfterAbort.put(testClass, "`" + in + "` aborted the run: " + oneLine(e));
        String before = System.getProperty("sinttest.disabledTests");
        System.setProperty(
            "sinttest.disabledTests", before == null ? testClass : before + "," + testClass);
      } finally {
        started.close();
      }
    }
  }

  private static Map<String, String> settings() {
    Map<String, String> settings = new TreeMap<>();
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("sinttest.") || name.startsWith("switchboard.sinttest.")) {
        settings.put(name, System.getProperty(name));
      }
    }
    settings.put(STAX_FACTORY, System.getProperty(STAX_FACTORY));
    return settings;
  }

  /**
   * Remembers the last test sinttest logged as started ("PingIntegrationTest.pingServer (Normal)
   * Start"): the one to switch off when the run aborts.
   */
  private static final class StartedTests extends Handler {
    private static final Logger SINTTEST =
        Logger.getLogger(SmackIntegrationTestFramework.class.getName());
    private final SimpleFormatter format = new SimpleFormatter();
    volatile String last;

    StartedTests() {
      SINTTEST.addHandler(this);
    }

    @Override
    public void publish(LogRecord r) {
      String m = format.formatMessage(r);
      if (m != null && m.endsWith(" Start")) {
        last = m.substring(0, m.length() - " Start".length());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      SINTTEST.removeHandler(this);
    }
  }

  /**
   * Replaces sinttest's connection descriptors, which all connect to the domain's port 5222 (there
   * is no port setting), by two that connect to {@code address:port} over STARTTLS trusting {@code
   * trust}: {@value #CONNECTION} (XMPPTCPConnection, used by every test) and {@value #MODULAR}
   * (Smack's modular connection with only its TCP transport, used by the tests written for it).
   */
  static void registerConnections(InetAddress address, int port, X509TrustManager trust)
      throws ReflectiveOperationException {
    for (String builtIn :
        List.of(
            "tcp",
            "modular",
            "modular-nocompress",
            "modular-websocket-okhttp",
            "modular-websocket-java11",
            CONNECTION,
            MODULAR)) {
      XmppConnectionManager.removeConnectionDescriptor(builtIn);
    }
    XmppConnectionManager.addConnectionDescriptor(
        XmppConnectionDescriptor.buildWith(
                XMPPTCPConnection.class,
                XMPPTCPConnectionConfiguration.class,
                XMPPTCPConnectionConfiguration.Builder.class)
            .withNickname(CONNECTION)
            .applyExtraConfiguration(
                b ->
                    b.setHostAddress(address)
                        .setPort(port)
                        .setCustomX509TrustManager(trust)
                        .setConnectTimeout(10_000))
            .build());
    XmppConnectionManager.addConnectionDescriptor(
        XmppConnectionDescriptor.buildWith(
                ModularXmppClientToServerConnection.class,
                ModularXmppClientToServerConnectionConfiguration.class,
                ModularXmppClientToServerConnectionConfiguration.Builder.class)
            .withNickname(MODULAR)
            .applyExtraConfiguration(
                b -> {
                  b.removeAllModules();
                  b.addModule(XmppTcpTransportModuleDescriptor.class);
                  b.setHostAddress(address).setPort(port).setCustomX509TrustManager(trust);
                })
            .build());
  }

  /** The test class and method on the stack of an aborting exception, or null. */
  static String testOnStack(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (StackTraceElement f : t.getStackTrace()) {
        try {
          Class<?> c =
              Class.forName(f.getClassName(), false, SinttestRunner.class.getClassLoader());
          if (AbstractSmackIntTest.class.isAssignableFrom(c)) {
            return c.getName() + "." + f.getMethodName();
          }
        } catch (ClassNotFoundException | LinkageError ignored) {
          // not a test class
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /** A trust manager that trusts exactly the certificate in {@code <data>/tls/xmpp.p12}. */
  public static X509TrustManager trustServerOf(Path dataDir) throws Exception {
    Path tls = dataDir.resolve("tls");
    char[] password =
        Files.readString(tls.resolve("xmpp.p12.password"), StandardCharsets.UTF_8)
            .trim()
            .toCharArray();
    KeyStore server = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(tls.resolve("xmpp.p12"))) {
      server.load(in, password);
    }
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    int n = 0;
    for (String alias : java.util.Collections.list(server.aliases())) {
      if (server.getCertificate(alias) instanceof X509Certificate cert) {
        trust.setCertificateEntry("server-" + n++, cert);
      }
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    return (X509TrustManager) tmf.getTrustManagers()[0];
  }

  /** Writes the summary as Markdown and returns it. */
  public static String writeSummary(Outcome outcome, Path file) throws IOException {
    String text = summary(outcome);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return text;
  }

  /** The summary: totals, one line per specification, then every failure and impossibility. */
  public static String summary(Outcome outcome) {
    StringBuilder out = new StringBuilder();
    out.append("# sinttest run against Switchboard\n\n");
    out.append("- date: ").append(Instant.now()).append('\n');
    out.append("- duration: ").append(outcome.took().toSeconds()).append(" s\n");
    out.append("- settings:\n");
    outcome
        .settings()
        .forEach((k, v) -> out.append("  - `").append(k).append("` = `").append(v).append("`\n"));
    out.append("- attempts: ").append(outcome.attempts()).append('\n');
    if (!outcome.disabledAfterAbort().isEmpty()) {
      out.append("- test classes switched off after they aborted the run (not counted below):\n");
      outcome
          .disabledAfterAbort()
          .forEach(
              (c, why) -> out.append("  - `").append(c).append("`: ").append(why).append('\n'));
    }
    if (!outcome.completed()) {
      out.append("\n**The run aborted** in ")
          .append(outcome.abortedIn())
          .append(": ")
          .append(oneLine(outcome.abort()))
          .append("\n\nDisable that test (`-Dsinttest.disabledTests=...`) and run again.\n");
      return out.toString();
    }
    TestRunResult r = outcome.result();
    int impossibleClassTests = 0;
    for (Class<? extends AbstractSmackIntTest> c : r.getImpossibleTestClasses().keySet()) {
      impossibleClassTests += testMethods(c);
    }
    out.append("- sinttest counts ")
        .append(r.getNumberOfAvailableTests())
        .append(" available tests\n\n");
    out.append("| | tests |\n|---|---|\n");
    out.append("| passed | ").append(r.getSuccessfulTests().size()).append(" |\n");
    out.append("| failed | ").append(r.getFailedTests().size()).append(" |\n");
    out.append("| not possible (test) | ").append(r.getNotPossibleTests().size()).append(" |\n");
    out.append("| not possible (whole class: ")
        .append(r.getImpossibleTestClasses().size())
        .append(" classes) | ")
        .append(impossibleClassTests)
        .append(" |\n");

    Map<String, int[]> perSpec = new TreeMap<>();
    r.getSuccessfulTests().forEach(t -> perSpec.computeIfAbsent(spec(t), k -> new int[4])[0]++);
    r.getFailedTests().forEach(t -> perSpec.computeIfAbsent(spec(t), k -> new int[4])[1]++);
    r.getNotPossibleTests().forEach(t -> perSpec.computeIfAbsent(spec(t), k -> new int[4])[2]++);
    r.getImpossibleTestClasses()
        .keySet()
        .forEach(c -> perSpec.computeIfAbsent(spec(c), k -> new int[4])[3] += testMethods(c));
    out.append("\n## Per specification\n\n");
    out.append("| specification | passed | failed | not possible | class not possible |\n");
    out.append("|---|---|---|---|---|\n");
    perSpec.forEach(
        (spec, n) ->
            out.append("| ")
                .append(spec)
                .append(" | ")
                .append(n[0])
                .append(" | ")
                .append(n[1])
                .append(" | ")
                .append(n[2])
                .append(" | ")
                .append(n[3])
                .append(" |\n"));

    out.append("\n## Failed\n\n");
    List<FailedTest> failed = new ArrayList<>(r.getFailedTests());
    failed.sort(Comparator.comparing(t -> t.concreteTest.toString()));
    for (FailedTest t : failed) {
      out.append("- `")
          .append(t.concreteTest)
          .append("` (")
          .append(spec(t))
          .append("): ")
          .append(oneLine(t.failureReason))
          .append('\n');
    }
    out.append("\n## Not possible (single tests)\n\n");
    List<TestNotPossible> impossible = new ArrayList<>(r.getNotPossibleTests());
    impossible.sort(Comparator.comparing(t -> t.concreteTest.toString()));
    for (TestNotPossible t : impossible) {
      out.append("- `")
          .append(t.concreteTest)
          .append("` (")
          .append(spec(t))
          .append("): ")
          .append(oneLine(t.testNotPossibleException))
          .append('\n');
    }
    out.append("\n## Not possible (whole classes)\n\n");
    List<Map.Entry<Class<? extends AbstractSmackIntTest>, Throwable>> classes =
        new ArrayList<>(r.getImpossibleTestClasses().entrySet());
    classes.sort(Comparator.comparing(e -> e.getKey().getName()));
    for (var e : classes) {
      out.append("- `")
          .append(e.getKey().getName())
          .append("` (")
          .append(spec(e.getKey()))
          .append(", ")
          .append(testMethods(e.getKey()))
          .append(" tests): ")
          .append(oneLine(e.getValue()))
          .append('\n');
    }
    out.append("\n## Passed\n\n");
    List<String> passed = new ArrayList<>();
    r.getSuccessfulTests().forEach(t -> passed.add(t.concreteTest.toString()));
    passed.sort(null);
    passed.forEach(p -> out.append("- `").append(p).append("`\n"));
    return out.toString();
  }

  private static String spec(TestResult t) {
    return spec(t.concreteTest.getMethod().getDeclaringClass());
  }

  private static String spec(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      SpecificationReference ref = k.getAnnotation(SpecificationReference.class);
      if (ref != null) {
        return ref.document();
      }
    }
    return "(none)";
  }

  private static int testMethods(Class<?> c) {
    int n = 0;
    for (Method m : c.getMethods()) {
      if (m.isAnnotationPresent(SmackIntegrationTest.class)) {
        n++;
      }
    }
    return n;
  }

  private static String oneLine(Throwable t) {
    if (t == null) {
      return "";
    }
    String s = t.getClass().getSimpleName() + ": " + t.getMessage();
    if (t.getCause() != null && t.getCause() != t) {
      s +=
          " (cause "
              + t.getCause().getClass().getSimpleName()
              + ": "
              + t.getCause().getMessage()
              + ")";
    }
    s = s.replace('\n', ' ').replace('|', '/');
    return s.length() > 600 ? s.substring(0, 600) + "…" : s;
  }

  /** Runs against a server that is already running; see the class comment. */
  public static void main(String[] args) throws Exception {
    String port = System.getProperty("switchboard.sinttest.port", "5222");
    Path data = Path.of(System.getProperty("switchboard.sinttest.data", "data"));
    InetAddress host =
        InetAddress.getByName(System.getProperty("switchboard.sinttest.host", "127.0.0.1"));
    Path summary =
        Path.of(System.getProperty("switchboard.sinttest.summary", "target/sinttest/summary.md"));
    Outcome outcome =
        run(
            System.getProperty("sinttest.service", "localhost"),
            host,
            Integer.parseInt(port),
            trustServerOf(data));
    writeSummary(outcome, summary);
    System.out.println("summary in " + summary.toAbsolutePath());
    System.exit(outcome.completed() ? 0 : 2);
  }
}
