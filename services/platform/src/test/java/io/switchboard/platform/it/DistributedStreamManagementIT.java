package io.switchboard.platform.it;

/** XEP-0198 stream management with one process per stage over NATS. */
class DistributedStreamManagementIT extends StreamManagementScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.DISTRIBUTED;
  }
}
