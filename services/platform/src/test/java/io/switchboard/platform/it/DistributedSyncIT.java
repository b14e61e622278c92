package io.switchboard.platform.it;

/** Carbons and the message archive with one process per stage over NATS. */
class DistributedSyncIT extends SyncScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.DISTRIBUTED;
  }
}
