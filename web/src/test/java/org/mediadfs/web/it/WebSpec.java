package org.mediadfs.web.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * What every web spec shares: the running application (through {@link #webBase()}, which the one
 * Arquillian class implements) and the storage nodes ({@link #cluster()}), and small HTTP helpers.
 * Specs are interfaces with default test methods, so that they all run against the module's single
 * Payara start.
 */
public interface WebSpec {
  /** The deployed application's base URI, as Arquillian reports it. */
  URI webBase();

  /** The storage nodes and helpers, started on first use. */
  default WebItCluster cluster() {
    return WebItCluster.get(webBase());
  }

  @AfterAll
  static void stopStorageNodes() {
    WebItCluster.shutdown();
  }

  /** Sends a request; {@code headers} are name, value pairs. */
  default HttpResponse<byte[]> send(String method, String path, String json, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(cluster().uri(path)).timeout(Duration.ofSeconds(60));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return cluster().http().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A GET. */
  default HttpResponse<byte[]> get(String path, String... headers)
      throws IOException, InterruptedException {
    return send("GET", path, null, headers);
  }

  /** The body as UTF-8 text. */
  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  /** A header's value, or null. */
  static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }
}
