package io.switchboard.platform.it;

/** Personal eventing and moments with one process per stage over NATS. */
class DistributedPepIT extends PepScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.DISTRIBUTED;
  }
}
