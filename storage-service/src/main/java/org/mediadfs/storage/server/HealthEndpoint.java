package org.mediadfs.storage.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.mediadfs.storage.store.StoreRoots;
import org.mediadfs.storage.tracker.TrackerClient;
import org.mediadfs.storage.tracker.Traffic;
import org.mediadfs.wire.message.RootStat;

/**
 * A tiny HTTP health endpoint for load balancers and operators ({@code GET /health}): 200 with a
 * JSON summary while at least one store root is writable and at least one tracker accepts the
 * node's beats, 503 otherwise. The JDK's own HTTP server on virtual threads; no framework.
 */
public final class HealthEndpoint implements AutoCloseable {
  private final HttpServer http;

  private HealthEndpoint(HttpServer http) {
    this.http = http;
  }

  /** Starts the endpoint. */
  public static HealthEndpoint start(
      InetSocketAddress bind,
      String nodeId,
      String group,
      StoreRoots roots,
      Traffic traffic,
      TrackerClient trackers,
      java.util.function.Supplier<String> replication)
      throws IOException {
    HttpServer http = HttpServer.create(bind, 64);
    http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    http.createContext(
        "/health",
        ex -> {
          try (ex) {
            boolean writable = roots.all().stream().anyMatch(r -> !r.isReadOnly());
            int joined = trackers.joinedTrackers().size();
            boolean ok = writable && joined > 0;
            String rootsJson =
                roots.stats().stream().map(HealthEndpoint::json).collect(Collectors.joining(","));
            String body =
                "{\"status\":\""
                    + (ok ? "UP" : "DOWN")
                    + "\",\"nodeId\":\""
                    + nodeId
                    + "\",\"group\":\""
                    + group
                    + "\",\"trackersJoined\":"
                    + joined
                    + ",\"connections\":"
                    + traffic.connections().get()
                    + ",\"roots\":["
                    + rootsJson
                    + "],\"replication\":"
                    + replication.get()
                    + "}";
            send(ex, ok ? 200 : 503, body);
          }
        });
    http.start();
    return new HealthEndpoint(http);
  }

  private static String json(RootStat r) {
    return "{\"storeId\":\""
        + r.storeId()
        + "\",\"totalBytes\":"
        + r.totalBytes()
        + ",\"freeBytes\":"
        + r.freeBytes()
        + ",\"readOnly\":"
        + r.readOnly()
        + "}";
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  /** The bound port. */
  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
