package io.switchboard.platform.it;

/** Account removal by every path, distributed mode. */
class DistributedAccountRemovalIT extends AccountRemovalScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.DISTRIBUTED;
  }
}
