package io.switchboard.router.channel;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ChannelHttp} that sends nothing: it records where each request would have gone and
 * answers as the test says. For checks of the URL an adapter builds against a vendor host (its
 * default endpoint) that tests must not reach.
 */
public final class RecordingHttp extends ChannelHttp {

  /** Decides the answer to a request for {@code uri}, or fails it. */
  @FunctionalInterface
  public interface Responder {
    Answer answer(URI uri) throws IOException;
  }

  private final Responder responder;
  private final List<URI> uris = new CopyOnWriteArrayList<>();

  public RecordingHttp(Responder responder) {
    super(null);
    this.responder = responder;
  }

  /** Answers every request with {@code status} and {@code body}. */
  public static RecordingHttp answering(int status, String body) {
    return new RecordingHttp(uri -> answer(status, body));
  }

  public static Answer answer(int status, String body) {
    return new Answer(status, HttpHeaders.of(Map.of(), (a, b) -> true), body);
  }

  /** Where the requests went, in order. */
  public List<URI> uris() {
    return uris;
  }

  @Override
  public Answer post(URI uri, byte[] body, Map<String, String> headers, Duration timeout)
      throws IOException {
    uris.add(uri);
    return responder.answer(uri);
  }
}
