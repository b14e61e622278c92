package io.switchboard.platform.it;

/** The profile scenarios with all four stages in one JVM. */
class LocalProfileIT extends ProfileScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.LOCAL;
  }
}
