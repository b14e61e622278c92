package io.switchboard.router.channel.feishu;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.router.channel.LocalHttpServer.Handler;
import io.switchboard.router.channel.LocalHttpServer.Reply;
import io.switchboard.router.channel.LocalHttpServer.Request;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Feishu custom bot as its guide describes it: {@code POST /open-apis/bot/v2/hook/<token>}; with
 * 签名校验 the body carries {@code timestamp} (seconds, within an hour) and {@code sign} =
 * Base64(HmacSHA256(key = timestamp + "\n" + secret, data = nothing)), else 19021; keyword 19024;
 * IP allow-list 19022; a malformed body HTTP 400 with 9499; rate limit 11232.
 */
final class FeishuBot implements Handler {

  static final String TOKEN = "0f5e6a1c-hook";

  private final String secret;
  private final String keyword;
  volatile boolean ipAllowed = true;
  volatile boolean rateLimited;
  volatile boolean legacyReplies;
  final List<JsonNode> accepted = new CopyOnWriteArrayList<>();

  FeishuBot(String secret, String keyword) {
    this.secret = secret;
    this.keyword = keyword;
  }

  @Override
  public Reply handle(Request request) throws Exception {
    if (!request.method().equals("POST")
        || !request.rawPath().equals("/open-apis/bot/v2/hook/" + TOKEN)) {
      return code(200, 19001, "param invalid: incoming webhook access token invalid");
    }
    JsonNode body;
    try {
      body = request.json();
    } catch (RuntimeException e) {
      return code(400, 9499, "Bad Request");
    }
    if (secret != null) {
      String timestamp = body.path("timestamp").asText("");
      String sign = body.path("sign").asText("");
      if (!timestamp.matches("[0-9]+")
          || Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > 3600
          || !sign.equals(sign(timestamp))) {
        return code(
            200, 19021, "sign match fail or timestamp is not within one hour from current time");
      }
    }
    if (!ipAllowed) {
      return code(200, 19022, "Ip Not Allowed");
    }
    String text;
    switch (body.path("msg_type").asText("")) {
      case "text" -> text = body.path("content").path("text").asText("");
      case "interactive" -> {
        JsonNode elements = body.path("card").path("elements");
        if (!elements.isArray() || elements.isEmpty()) {
          return code(400, 9499, "Bad Request");
        }
        StringBuilder sb = new StringBuilder(body.path("card").path("header").toString());
        for (JsonNode element : elements) {
          if (!element.path("tag").asText().equals("markdown")
              && !element.path("tag").asText().equals("div")) {
            return code(200, 11310, "card contains unsupported element");
          }
          sb.append(element.path("content").asText(""));
        }
        text = sb.toString();
      }
      case "" -> {
        return code(200, 19002, "params error, msg_type need");
      }
      default -> {
        return code(400, 9499, "Bad Request");
      }
    }
    if (text.isEmpty()) {
      return code(400, 9499, "Bad Request");
    }
    if (keyword != null && !text.contains(keyword)) {
      return code(200, 19024, "Key Words Not Found");
    }
    if (rateLimited) {
      return code(200, 11232, "frequency limited psm[lark.oapi.app_platform_runtime]appID[1]");
    }
    accepted.add(body);
    if (legacyReplies) {
      return Reply.json(200, "{\"Extra\":null,\"StatusCode\":0,\"StatusMessage\":\"success\"}");
    }
    return code(200, 0, "success");
  }

  private String sign(String timestamp) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            (timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return Base64.getEncoder().encodeToString(mac.doFinal(new byte[0]));
  }

  private static Reply code(int status, long code, String msg) {
    return Reply.json(status, "{\"code\":" + code + ",\"data\":{},\"msg\":\"" + msg + "\"}");
  }
}
