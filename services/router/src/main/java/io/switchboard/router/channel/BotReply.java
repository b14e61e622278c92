package io.switchboard.router.channel;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;

/**
 * The answer of a chat-bot API that reports its result as a JSON code: DingTalk and WeCom ({@code
 * errcode}/{@code errmsg}), Feishu ({@code code}/{@code msg}, or {@code StatusCode}/{@code
 * StatusMessage} from its gateway). Code 0 is delivered; a retryable HTTP status is retried as for
 * any HTTP channel; the vendor decides which other codes mean "later".
 */
public final class BotReply {

  /** Which of a vendor's codes (with its message) mean "try again later". */
  public interface RetryCodes {
    boolean retry(long code, String message);
  }

  private final String vendor;
  private final String[][] fields;
  private final RetryCodes retryCodes;

  /**
   * @param vendor names the vendor in details ("dingtalk errcode 310000: …")
   * @param fields pairs of code and message field names, tried in order
   */
  public BotReply(String vendor, RetryCodes retryCodes, String[]... fields) {
    this.vendor = vendor;
    this.retryCodes = retryCodes;
    this.fields = fields.clone();
  }

  public DeliveryOutcome classify(ChannelHttp.Answer answer, Clock clock) {
    if (HttpOutcomes.isRetryable(answer.status())) {
      return HttpOutcomes.forStatus(answer, clock);
    }
    JsonNode reply = answer.jsonObject();
    String[] pair = null;
    if (reply != null) {
      for (String[] candidate : fields) {
        if (reply.path(candidate[0]).isIntegralNumber()) {
          pair = candidate;
          break;
        }
      }
    }
    if (pair == null) {
      return answer.status() / 100 == 2
          ? new DeliveryOutcome.Failed("unexpected answer: " + HttpOutcomes.describe(answer))
          : HttpOutcomes.forStatus(answer, clock);
    }
    long code = reply.path(pair[0]).asLong();
    String message = reply.path(pair[1]).asText("");
    String detail = vendor + " " + pair[0] + " " + code + ": " + message;
    if (code == 0) {
      return new DeliveryOutcome.Delivered(detail);
    }
    if (retryCodes.retry(code, message)) {
      return new DeliveryOutcome.Retry(detail, null);
    }
    return new DeliveryOutcome.Failed(detail);
  }
}
