package io.switchboard.platform.it;

/** Rosters, subscriptions, presence and offline messages with all stages in one JVM. */
class LocalRosterIT extends RosterScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.LOCAL;
  }
}
