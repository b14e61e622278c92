package io.switchboard.platform.it;

class LocalNotificationIT extends NotificationScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.LOCAL;
  }
}
