package io.switchboard.bench;

import io.switchboard.xmpp.XmlElement;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * One login, timed step by step ({@link System#nanoTime()}): connect, SASL PLAIN (stream, auth,
 * stream restart), resource binding, roster get, initial presence until the server echoes it back.
 * The login is complete at the echo: the presence has then been through the whole pipeline.
 *
 * @param scheduled when the login was due (the pacer's schedule)
 * @param start when its connect began
 */
record LoginTiming(
    long scheduled,
    long start,
    long connected,
    long authenticated,
    long bound,
    long rostered,
    long presenceSent,
    long echoed) {

  /** The steps, for per-step percentiles: name and duration. */
  static final String[] STEPS = {"connect", "SASL PLAIN", "bind", "roster", "presence echo"};

  /** Connect to presence echo. */
  long total() {
    return echoed - start;
  }

  /** How late the login started against its schedule (driver saturation shows here). */
  long lag() {
    return start - scheduled;
  }

  /** Duration of step {@code i} of {@link #STEPS}. */
  long step(int i) {
    return switch (i) {
      case 0 -> connected - start;
      case 1 -> authenticated - connected;
      case 2 -> bound - authenticated;
      case 3 -> rostered - bound;
      default -> echoed - presenceSent;
    };
  }

  /**
   * Logs {@code c} in with {@code resource}; stanzas that arrive while it waits for the roster and
   * the echo go to {@code others}. A failure names its step.
   */
  static LoginTiming perform(
      Connection c,
      InetSocketAddress server,
      Options o,
      String resource,
      long scheduled,
      Consumer<XmlElement> others)
      throws IOException {
    String step = "connect";
    try {
      long start = System.nanoTime();
      c.connect(server, OnlineClients.LOGIN_TIMEOUT_MS);
      long connected = System.nanoTime();
      step = "SASL PLAIN";
      c.authenticate(o.domain, o.password);
      long authenticated = System.nanoTime();
      step = "bind";
      c.bind(o.domain, resource);
      long bound = System.nanoTime();
      step = "roster";
      c.fetchRoster(others);
      long rostered = System.nanoTime();
      step = "presence";
      c.sendPresence();
      long presenceSent = System.nanoTime();
      c.awaitOwnPresence(others);
      long echoed = System.nanoTime();
      return new LoginTiming(
          scheduled, start, connected, authenticated, bound, rostered, presenceSent, echoed);
    } catch (IOException e) {
      throw new IOException(step + ": " + e.getMessage(), e);
    }
  }
}
