package io.switchboard.bench;

/** A benchmark scenario: its options, where it writes its progress, and its run. */
abstract class LoadScenario {

  static final long SECOND = Bench.SECOND;

  final Options o;
  final Bench.Log log;

  LoadScenario(Options options, Bench.Log log) {
    this.o = options;
    this.log = log;
  }

  /** Runs the scenario and prints its result; returns the exit status (see {@link Bench}). */
  abstract int run() throws Exception;

  /** Says so when a measured window is too short for the CPU figures of TARGETS.md. */
  void noteShortWindow(double seconds, String window) {
    if (seconds < 30) {
      log.line("note: " + window + " under 30 s is too short for the CPU figures of TARGETS.md");
    }
  }
}
