package io.switchboard.platform.it;

/** Ad-hoc administration commands, distributed mode. */
class DistributedAdminCommandsIT extends AdminCommandsScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.DISTRIBUTED;
  }
}
