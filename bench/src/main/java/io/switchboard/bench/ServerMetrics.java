package io.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One counter of a server process, read from its Prometheus endpoint ({@code GET /prometheus}). */
final class ServerMetrics {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI uri;
  private final String series;

  /**
   * @param baseUrl the process's HTTP base URL
   * @param series the series name as Prometheus writes it, e.g. {@code
   *     switchboard_offline_stored_total}; the values of all its label sets are summed
   */
  ServerMetrics(String baseUrl, String series) {
    this.uri = URI.create(baseUrl + "/prometheus");
    this.series = series;
  }

  /** The counter's value now (0 before the first increment). */
  long read() throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + uri + ": HTTP " + response.statusCode());
    }
    return sum(response.body(), series);
  }

  /** The sum of the values of {@code series} in a Prometheus text exposition. */
  static long sum(String exposition, String series) {
    double total = 0;
    for (String line : (Iterable<String>) exposition.lines()::iterator) {
      if (line.startsWith(series)
          && (line.length() == series.length()
              || line.charAt(series.length()) == '{'
              || line.charAt(series.length()) == ' ')) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).strip());
      }
    }
    return Math.round(total);
  }
}
