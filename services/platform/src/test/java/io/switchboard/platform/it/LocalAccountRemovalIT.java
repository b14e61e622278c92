package io.switchboard.platform.it;

/** Account removal by every path, local mode. */
class LocalAccountRemovalIT extends AccountRemovalScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.LOCAL;
  }
}
