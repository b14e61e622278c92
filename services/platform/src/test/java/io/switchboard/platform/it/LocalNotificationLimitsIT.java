package io.switchboard.platform.it;

class LocalNotificationLimitsIT extends NotificationLimitsScenarios {
  @Override
  TestPlatform.Mode mode() {
    return TestPlatform.Mode.LOCAL;
  }
}
