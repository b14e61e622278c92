package io.switchboard.platform.it;

/** XEP-0191 blocking command with all stages in one JVM. */
class LocalBlockingIT extends BlockingScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.LOCAL;
  }
}
