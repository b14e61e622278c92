package io.switchboard.platform.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.conformance.SinttestRunner.Outcome;
import io.switchboard.platform.it.TestPlatform;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The conformance run: Smack's integration test framework (sinttest) against a whole platform on
 * loopback, over STARTTLS, with its accounts registered in-band (docs/conformance.md).
 *
 * <p>Its name matches neither the Surefire ({@code *Test}) nor the Failsafe ({@code *IT}) pattern,
 * so only the {@code sinttest} profile of this module runs it:
 *
 * <pre>mvn -B verify -Psinttest -DskipTests -pl services/platform -am</pre>
 *
 * <p>It writes {@code target/sinttest/summary.md} and fails only when the run aborts (sinttest
 * stops at the first exception it does not expect from a test), or, with {@code
 * -Dswitchboard.sinttest.strict=true}, when any test fails. {@code
 * -Dswitchboard.sinttest.mode=distributed} runs it against the four stages as separate application
 * contexts joined by a real nats-server. Every {@code sinttest.*} property given on the command
 * line reaches sinttest ({@code -Dsinttest.enabledSpecifications=XEP-0313}, say).
 */
class SinttestConformance {

  /**
   * What the platform needs beyond the integration-test defaults: in-band registration without the
   * per-IP interval, since sinttest registers every account it uses from 127.0.0.1 (up to a dozen a
   * second); and a long authentication timeout, since sinttest keeps one unauthenticated connection
   * open for the whole run to register accounts with, and the default 30 s closes it under the run,
   * which then aborts with "Creating account over insecure connection". And archiving by default:
   * MamIntegrationTest's constructor asks Smack to switch the account's archiving default to
   * "always", and Smack 4.5.0-beta5 fails doing that unless it is "always" already
   * (MamManager.MamPrefs reads the stanza's namespace, jabber:client, as the MAM version), which
   * aborts the whole run.
   */
  static final Map<String, Object> PLATFORM =
      Map.of(
          "switchboard.registration.enabled", true,
          "switchboard.registration.per-ip-interval", "0s",
          "switchboard.xmpp.auth-timeout", "2h",
          "switchboard.archive.default-mode", "always");

  @Test
  void smackIntegrationTestFramework() throws Exception {
    TestPlatform.Mode mode =
        TestPlatform.Mode.valueOf(
            System.getProperty("switchboard.sinttest.mode", "local").toUpperCase(Locale.ROOT));
    Path summary =
        Path.of(System.getProperty("switchboard.sinttest.summary", "target/sinttest/summary.md"));
    System.setProperty("switchboard.sinttest.mode", mode.name().toLowerCase(Locale.ROOT));
    System.setProperty(
        "switchboard.sinttest.platform", new java.util.TreeMap<>(PLATFORM).toString());
    try (TestPlatform platform = TestPlatform.start(mode, PLATFORM)) {
      Outcome outcome =
          SinttestRunner.run(
              "localhost",
              InetAddress.getByName("127.0.0.1"),
              platform.xmppPort(),
              SinttestRunner.trustServerOf(platform.dataDir()));
      String text = SinttestRunner.writeSummary(outcome, summary);
      System.out.println(text);
      assertThat(outcome.completed())
          .as("sinttest aborted in %s, see %s", outcome.abortedIn(), summary.toAbsolutePath())
          .isTrue();
      if (Boolean.getBoolean("switchboard.sinttest.strict")) {
        assertThat(outcome.result().getFailedTests())
            .as("failed sinttest tests, see %s", summary.toAbsolutePath())
            .isEmpty();
      }
    }
  }
}
