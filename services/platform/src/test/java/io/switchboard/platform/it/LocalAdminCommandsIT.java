package io.switchboard.platform.it;

/** Ad-hoc administration commands, local mode. */
class LocalAdminCommandsIT extends AdminCommandsScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.LOCAL;
  }
}
