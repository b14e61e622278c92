package io.switchboard.router.channel.dingtalk;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.router.channel.LocalHttpServer.Handler;
import io.switchboard.router.channel.LocalHttpServer.Reply;
import io.switchboard.router.channel.LocalHttpServer.Request;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A DingTalk custom robot as its documentation describes it: {@code POST /robot/send?access_token=}
 * with a JSON body; with 加签, {@code timestamp} (ms, within an hour of now) and {@code sign} =
 * Base64(HmacSHA256(secret, timestamp + "\n" + secret)), URL-encoded; with a keyword, the content
 * must contain it. Always HTTP 200 with {@code errcode}/{@code errmsg}.
 */
final class DingTalkRobot implements Handler {

  static final String TOKEN = "b1f0c2e3d4a5";

  private final String secret;
  private final String keyword;
  volatile long rateLimitCode;
  final List<JsonNode> accepted = new CopyOnWriteArrayList<>();

  DingTalkRobot(String secret, String keyword) {
    this.secret = secret;
    this.keyword = keyword;
  }

  @Override
  public Reply handle(Request request) throws Exception {
    if (!request.method().equals("POST") || !request.rawPath().equals("/robot/send")) {
      return Reply.text(404, "not found");
    }
    if (!TOKEN.equals(request.queryParam("access_token"))) {
      return error(300001, "token is not exist");
    }
    String type = request.headers().getFirst("Content-Type");
    if (type == null || !type.startsWith("application/json")) {
      return error(43004, "无效的HTTP HEADER Content-Type");
    }
    if (secret != null) {
      String timestamp = request.queryParam("timestamp");
      String sign = request.queryParam("sign");
      if (timestamp == null || sign == null) {
        return error(310000, "sign not match");
      }
      long ts = Long.parseLong(timestamp);
      if (Math.abs(System.currentTimeMillis() - ts) > 3_600_000L) {
        return error(310000, "invalid timestamp");
      }
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] expected = mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
      // The query parameter is the URL-encoded Base64; parseQuery has decoded it once.
      byte[] given;
      try {
        given = Base64.getDecoder().decode(sign);
      } catch (IllegalArgumentException e) {
        return error(310000, "sign not match");
      }
      if (!MessageDigest.isEqual(expected, given)) {
        return error(310000, "sign not match");
      }
    }
    JsonNode body = request.json();
    String msgtype = body.path("msgtype").asText("");
    String content;
    switch (msgtype) {
      case "text" -> content = body.path("text").path("content").asText("");
      case "markdown" -> {
        if (body.path("markdown").path("title").asText("").isEmpty()) {
          return error(40035, "缺少参数 markdown.title");
        }
        content = body.path("markdown").path("text").asText("");
      }
      case "actionCard" -> {
        JsonNode card = body.path("actionCard");
        if (card.path("title").asText("").isEmpty()
            || card.path("singleTitle").asText("").isEmpty()
            || card.path("singleURL").asText("").isEmpty()) {
          return error(40035, "缺少参数 actionCard");
        }
        content = card.path("text").asText("");
      }
      default -> {
        return error(400105, "不支持的消息类型");
      }
    }
    if (content.isEmpty()) {
      return error(40035, "缺少参数 content");
    }
    if (keyword != null && !content.contains(keyword)) {
      return error(310000, "keywords not in content");
    }
    if (rateLimitCode != 0) {
      return error(rateLimitCode, "send too fast, exceed 20 times per minute");
    }
    accepted.add(body);
    return error(0, "ok");
  }

  private static Reply error(long code, String message) {
    return Reply.json(200, "{\"errcode\":" + code + ",\"errmsg\":\"" + message + "\"}");
  }
}
