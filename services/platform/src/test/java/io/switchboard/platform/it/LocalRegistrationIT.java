package io.switchboard.platform.it;

/** In-band registration with all stages in one JVM. */
class LocalRegistrationIT extends RegistrationScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.LOCAL;
  }
}
