package io.switchboard.router.channel.wecom;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.router.channel.LocalHttpServer.Handler;
import io.switchboard.router.channel.LocalHttpServer.Reply;
import io.switchboard.router.channel.LocalHttpServer.Request;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A WeCom group robot as documented: {@code POST /cgi-bin/webhook/send?key=}; text content at most
 * 2048 bytes, markdown at most 4096; errcode 93000 for a bad key, 45009 when sending too fast.
 */
final class WeComRobot implements Handler {

  static final String KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";

  volatile boolean rateLimited;
  final List<JsonNode> accepted = new CopyOnWriteArrayList<>();

  @Override
  public Reply handle(Request request) {
    if (!request.method().equals("POST") || !request.rawPath().equals("/cgi-bin/webhook/send")) {
      return Reply.text(404, "not found");
    }
    if (!KEY.equals(request.queryParam("key"))) {
      return error(93000, "invalid webhook url");
    }
    JsonNode body;
    try {
      body = request.json();
    } catch (RuntimeException e) {
      return error(40001, "invalid json");
    }
    String msgtype = body.path("msgtype").asText("");
    if (!msgtype.equals("text") && !msgtype.equals("markdown")) {
      return error(40008, "invalid message type");
    }
    String content = body.path(msgtype).path("content").asText("");
    if (content.isEmpty()) {
      return error(44004, "empty content");
    }
    int limit = msgtype.equals("text") ? 2048 : 4096;
    if (content.getBytes(StandardCharsets.UTF_8).length > limit) {
      return error(40058, msgtype + ".content exceed max length " + limit);
    }
    if (rateLimited) {
      return error(45009, "api freq out of limit");
    }
    accepted.add(body);
    return error(0, "ok");
  }

  private static Reply error(long code, String message) {
    return Reply.json(200, "{\"errcode\":" + code + ",\"errmsg\":\"" + message + "\"}");
  }
}
