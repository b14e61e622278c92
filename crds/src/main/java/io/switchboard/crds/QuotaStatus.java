package io.switchboard.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.sundr.builder.annotations.Buildable;

/** Usage of a channel's quota in the current period. */
@Buildable(editableEnabled = false, builderPackage = "io.fabric8.kubernetes.api.builder")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QuotaStatus {

  @JsonPropertyDescription("Deliveries made in the current period.")
  private Long used;

  @JsonPropertyDescription("Deliveries allowed in the period (spec.quota.limit).")
  private Long limit;

  @JsonPropertyDescription("Deliveries left in the current period.")
  private Long remaining;

  @JsonPropertyDescription("Start of the current period (RFC 3339).")
  private String periodStart;

  @JsonPropertyDescription(
      "End of the current period, when the count starts again from zero (RFC 3339).")
  private String periodEnd;

  public Long getUsed() {
    return used;
  }

  public void setUsed(Long used) {
    this.used = used;
  }

  public Long getLimit() {
    return limit;
  }

  public void setLimit(Long limit) {
    this.limit = limit;
  }

  public Long getRemaining() {
    return remaining;
  }

  public void setRemaining(Long remaining) {
    this.remaining = remaining;
  }

  public String getPeriodStart() {
    return periodStart;
  }

  public void setPeriodStart(String periodStart) {
    this.periodStart = periodStart;
  }

  public String getPeriodEnd() {
    return periodEnd;
  }

  public void setPeriodEnd(String periodEnd) {
    this.periodEnd = periodEnd;
  }
}
