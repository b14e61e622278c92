package io.switchboard.platform.it;

/** Personal eventing and moments with all stages in one JVM. */
class LocalPepIT extends PepScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.LOCAL;
  }
}
