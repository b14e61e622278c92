package io.switchboard.platform.it;

/** The profile scenarios with each stage in its own application context, joined by nats-server. */
class DistributedProfileIT extends ProfileScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.DISTRIBUTED;
  }
}
