package org.mediadfs.web.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.mediadfs.client.ClientConfig;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.client.UploadOptions;
import org.mediadfs.testkit.Await;
import org.mediadfs.testkit.StorageProcess;
import org.mediadfs.web.ItEnvironment;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;

/**
 * The storage side of the module's one Payara start: two storage nodes (groups {@link #GROUPS}, one
 * member each, heartbeat every 2 s) joined to the container's tracker and ID server, started the
 * first time a spec asks for them and stopped when the test JVM ends. Also the test's own client
 * library instance, an HTTP client, and the first admin's credentials (read from the file the
 * application wrote).
 */
public final class WebItCluster {
  /**
   * The specs' groups, registered through the API: not group001/group002, whose simulated members
   * from the tracker story would make every lookup there "not here yet".
   */
  public static final List<String> GROUPS = List.of("webit1", "webit2");

  private static WebItCluster instance;

  private final URI web;
  private final List<StorageProcess> nodes = new ArrayList<>();
  private final MediadfsClient client;
  private final HttpClient http;
  private final String adminPassword;

  private WebItCluster(URI web) throws IOException {
    this.web = web;
    int tracker = ItEnvironment.trackerPort();
    int id = ItEnvironment.idPort();
    Path work =
        Path.of(System.getProperty("mediadfs.it.dir", "target/it"), "storage-" + UUID.randomUUID());
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "stop-storage-nodes"));
    http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    Path pw = Path.of(System.getProperty(ItEnvironment.DATA), "admin-password");
    adminPassword = Files.readString(pw, StandardCharsets.UTF_8).strip();
    for (String group : GROUPS) {
      createGroup(group);
    }
    for (String group : GROUPS) {
      nodes.add(
          StorageProcess.start(
              "web-" + group,
              work,
              Map.of(
                  "mediadfs.storage.group",
                  group,
                  "mediadfs.storage.trackers",
                  "127.0.0.1:" + tracker,
                  "mediadfs.storage.id-servers",
                  "127.0.0.1:" + id,
                  "mediadfs.storage.heartbeat-seconds",
                  "2")));
    }
    client = MediadfsClient.create(ClientConfig.builder("127.0.0.1:" + tracker).build());
    Await.until(
        Duration.ofSeconds(60),
        "both storage nodes ACTIVE at the tracker",
        () -> {
          for (StorageProcess n : nodes) {
            if (status(n.address()) != NodeStatus.ACTIVE) {
              return false;
            }
          }
          return true;
        });
  }

  /** Registers a group through the management API (201, or 200 when it exists). */
  private void createGroup(String name) throws IOException {
    HttpRequest req =
        HttpRequest.newBuilder(web.resolve("api/groups"))
            .header("Authorization", adminAuth())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
            .build();
    try {
      int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status != 201 && status != 200) {
        throw new IOException("creating group " + name + " answered " + status);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The cluster, started on first use, for the web application at {@code web}. */
  public static synchronized WebItCluster get(URI web) {
    if (instance == null) {
      try {
        instance = new WebItCluster(web);
      } catch (IOException e) {
        throw new IllegalStateException("cannot start the storage nodes", e);
      }
    }
    return instance;
  }

  /** Stops the nodes if they were started. */
  public static synchronized void shutdown() {
    if (instance != null) {
      instance.stop();
      instance = null;
    }
  }

  private void stop() {
    if (client != null) {
      client.close();
    }
    nodes.forEach(StorageProcess::stop);
  }

  /** The web application's base URI (ends with a slash). */
  public URI web() {
    return web;
  }

  /** A URI of the web application, relative to its context root ({@code "api/groups"}). */
  public URI uri(String relative) {
    return web.resolve(relative);
  }

  /** The test's own client of the cluster. */
  public MediadfsClient client() {
    return client;
  }

  /** An HTTP client that does not follow redirects. */
  public HttpClient http() {
    return http;
  }

  /** The storage nodes. */
  public List<StorageProcess> nodes() {
    return nodes;
  }

  /** {@code Authorization} header value of the first admin. */
  public String adminAuth() {
    return basic("admin", adminPassword);
  }

  /** A Basic {@code Authorization} header value. */
  public static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Uploads bytes with a content type; returns the file ID. */
  public String upload(String user, byte[] data, String contentType) throws IOException {
    return client
        .upload(
            ClientConfig.DEFAULT_APP_ID,
            user,
            data,
            UploadOptions.DEFAULTS.withContentType(contentType))
        .fileId();
  }

  /** The tracker's view of the node at {@code address}, or null. */
  public NodeInfo node(HostPort address) throws IOException {
    for (NodeInfo n : client.nodes()) {
      if (n.host().equals(address.host()) && n.port() == address.port()) {
        return n;
      }
    }
    return null;
  }

  private NodeStatus status(HostPort address) throws IOException {
    NodeInfo n = node(address);
    return n == null ? null : n.status();
  }
}
