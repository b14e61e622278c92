package io.switchboard.platform.it;

/** The chat scenarios with each stage in its own application context, joined by nats-server. */
class DistributedChatIT extends ChatScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.DISTRIBUTED;
  }
}
