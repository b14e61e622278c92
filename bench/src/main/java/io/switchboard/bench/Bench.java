package io.switchboard.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The benchmark driver's entry point: {@code java -jar switchboard-bench.jar SCENARIO [options]},
 * where SCENARIO is {@code chat} ({@link ChatLoad}), {@code login} ({@link LoginLoad}), {@code
 * offline} ({@link OfflineLoad}) or {@code notify} ({@link NotifyLoad}); without one, {@code chat}.
 * See bench/README.md.
 *
 * <p>Exit status: 0 when the run was clean, 2 when messages were lost, 1 on other failures, 64 on a
 * bad command line.
 */
public final class Bench {

  /** Where a scenario writes its progress (standard error, with the scenario's name). */
  interface Log {
    void line(String text);
  }

  static final long SECOND = 1_000_000_000L;

  private Bench() {}

  public static void main(String[] args) {
    Options.Scenario scenario = Options.Scenario.CHAT;
    String[] rest = args;
    if (args.length > 0 && !args[0].startsWith("-")) {
      scenario = Options.Scenario.of(args[0]);
      rest = Arrays.copyOfRange(args, 1, args.length);
    }
    Options options;
    try {
      if (scenario == null) {
        throw new IllegalArgumentException("unknown scenario " + args[0]);
      }
      options = Options.parse(scenario, rest);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println("bench: " + e.getMessage());
      }
      System.err.print(Options.USAGE);
      System.exit(e.getMessage().isEmpty() ? 0 : 64);
      return;
    }
    Log log = line -> System.err.println("[" + options.scenario.label + "] " + line);
    int status;
    try {
      if (options.serverPids.isEmpty()) {
        log.line("note: no --server-pids, so no server CPU or memory figures");
      }
      status =
          switch (options.scenario) {
            case CHAT -> new ChatLoad(options, log).run();
            case LOGIN -> new LoginLoad(options, log).run();
            case OFFLINE -> new OfflineLoad(options, log).run();
            case NOTIFY -> new NotifyLoad(options, log).run();
          };
    } catch (Exception e) {
      System.err.println("bench failed: " + e);
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  /** Creates accounts bench-0..n-1 through the admin API if --create-users was given. */
  static void createUsers(Options o, int n, Log log) throws Exception {
    if (!o.createUsers) {
      return;
    }
    long t = System.nanoTime();
    int created = AdminClient.createUsers(o.http, o.token, n, o.password, 4);
    log.line(
        String.format(
            Locale.ROOT,
            "users: %d created, %d existed already (%.1f s)",
            created,
            n - created,
            (System.nanoTime() - t) / 1e9));
  }

  /**
   * Sleeps until {@code target} (nanoTime), logging {@code progress} every 5 s, prefixed with the
   * seconds since {@code start}.
   */
  static void waitUntil(long target, long start, Supplier<String> progress, Log log) {
    long lastReport = System.nanoTime();
    long now;
    while ((now = System.nanoTime()) < target) {
      long nextReport = lastReport + 5 * SECOND;
      LockSupport.parkNanos(Math.min(target, nextReport) - now);
      if (System.nanoTime() >= nextReport && System.nanoTime() < target) {
        lastReport = System.nanoTime();
        log.line(
            String.format(Locale.ROOT, "t=%4.0f s ", (lastReport - start) / 1e9) + progress.get());
      }
    }
  }
}
