package io.switchboard.platform.it;

/** Carbons and the message archive with all stages in one JVM. */
class LocalSyncIT extends SyncScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.LOCAL;
  }
}
