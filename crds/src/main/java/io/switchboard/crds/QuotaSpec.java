package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.sundr.builder.annotations.Buildable;

/** How many deliveries a channel may make per period, and when to warn. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QuotaSpec {

  @JsonPropertyDescription("Deliveries per period.")
  @Required
  @Min(1)
  private Long limit;

  @JsonPropertyDescription("Period of the quota; defaults to day.")
  private QuotaPeriod period;

  @JsonPropertyDescription("Raise an alert when this share of the quota is used; defaults to 80.")
  @Min(1)
  @Max(100)
  private Integer alertThresholdPercent;

  public Long getLimit() {
    return limit;
  }

  public void setLimit(Long limit) {
    this.limit = limit;
  }

  public QuotaPeriod getPeriod() {
    return period;
  }

  public void setPeriod(QuotaPeriod period) {
    this.period = period;
  }

  public Integer getAlertThresholdPercent() {
    return alertThresholdPercent;
  }

  public void setAlertThresholdPercent(Integer alertThresholdPercent) {
    this.alertThresholdPercent = alertThresholdPercent;
  }
}
