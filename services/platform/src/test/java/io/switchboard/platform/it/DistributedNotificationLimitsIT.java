package io.switchboard.platform.it;

class DistributedNotificationLimitsIT extends NotificationLimitsScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.DISTRIBUTED;
  }
}
