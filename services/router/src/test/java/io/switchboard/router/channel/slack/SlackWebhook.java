package io.switchboard.router.channel.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.router.channel.LocalHttpServer.Handler;
import io.switchboard.router.channel.LocalHttpServer.Reply;
import io.switchboard.router.channel.LocalHttpServer.Request;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Slack incoming webhook as documented: {@code 200 ok}; {@code 400 invalid_payload} / {@code
 * no_text} / {@code invalid_blocks}; {@code 404 no_service}; {@code 410 channel_is_archived};
 * {@code 429} with Retry-After.
 */
final class SlackWebhook implements Handler {

  static final String PATH = "/services/T000/B000/XXXXXXXX";

  volatile boolean archived;
  volatile boolean rateLimited;
  final List<JsonNode> accepted = new CopyOnWriteArrayList<>();

  @Override
  public Reply handle(Request request) {
    if (!request.method().equals("POST") || !request.rawPath().equals(PATH)) {
      return Reply.text(404, "no_service");
    }
    if (archived) {
      return Reply.text(410, "channel_is_archived");
    }
    if (rateLimited) {
      return new Reply(429, Map.of("Retry-After", "30"), "rate_limited");
    }
    JsonNode body;
    try {
      body = request.json();
    } catch (RuntimeException e) {
      return Reply.text(400, "invalid_payload");
    }
    JsonNode blocks = body.path("blocks");
    if (body.path("text").asText("").isEmpty() && !blocks.isArray()) {
      return Reply.text(400, "no_text");
    }
    if (blocks.isArray()) {
      if (blocks.size() > 50) {
        return Reply.text(400, "invalid_blocks");
      }
      for (JsonNode block : blocks) {
        String type = block.path("type").asText();
        JsonNode text = block.path("text");
        String t = text.path("text").asText("");
        boolean ok =
            switch (type) {
              case "header" ->
                  text.path("type").asText().equals("plain_text")
                      && !t.isEmpty()
                      && t.length() <= 150;
              case "section" ->
                  (text.path("type").asText().equals("mrkdwn")
                          || text.path("type").asText().equals("plain_text"))
                      && !t.isEmpty()
                      && t.length() <= 3000;
              default -> false;
            };
        if (!ok) {
          return Reply.text(400, "invalid_blocks");
        }
      }
    }
    accepted.add(body);
    return Reply.text(200, "ok");
  }
}
