package io.switchboard.platform.it;

/** The chat scenarios with all four stages in one JVM. */
class LocalChatIT extends ChatScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.LOCAL;
  }
}
