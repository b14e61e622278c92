package io.switchboard.platform.it;

/** XEP-0191 blocking command with one process per stage over NATS. */
class DistributedBlockingIT extends BlockingScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.DISTRIBUTED;
  }
}
