package io.switchboard.platform.it;

/** XEP-0198 stream management with all stages in one JVM. */
class LocalStreamManagementIT extends StreamManagementScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.LOCAL;
  }
}
