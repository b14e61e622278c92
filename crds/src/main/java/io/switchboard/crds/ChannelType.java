package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Kind of delivery channel. */
public enum ChannelType {
  @JsonProperty("inApp")
  IN_APP("inApp"),
  @JsonProperty("email")
  EMAIL("email"),
  @JsonProperty("webhook")
  WEBHOOK("webhook"),
  @JsonProperty("dingtalk")
  DINGTALK("dingtalk"),
  @JsonProperty("wecom")
  WECOM("wecom"),
  @JsonProperty("feishu")
  FEISHU("feishu"),
  @JsonProperty("slack")
  SLACK("slack"),
  @JsonProperty("sms")
  SMS("sms");

  private final String value;

  ChannelType(String value) {
    this.value = value;
  }

  /** The value as written in YAML. */
  public String value() {
    return value;
  }
}
