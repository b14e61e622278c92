package io.switchboard.platform.it;

class DistributedNotificationIT extends NotificationScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.DISTRIBUTED;
  }
}
