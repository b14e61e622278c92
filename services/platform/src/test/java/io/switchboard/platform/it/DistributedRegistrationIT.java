package io.switchboard.platform.it;

/** In-band registration with one process per stage over NATS. */
class DistributedRegistrationIT extends RegistrationScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.DISTRIBUTED;
  }
}
