package io.switchboard.platform.it;

/** Rosters, subscriptions, presence and offline messages with one process per stage over NATS. */
class DistributedRosterIT extends RosterScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.DISTRIBUTED;
  }
}
