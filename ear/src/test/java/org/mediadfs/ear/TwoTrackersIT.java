package org.mediadfs.ear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediadfs.client.ClientConfig;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.client.UploadOptions;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * Two tracker/ID/web instances on one MariaDB database (the EAR on Payara Server and the WAR on
 * Payara Micro), every storage node heartbeating both: a client configured with both trackers keeps
 * uploading and downloading when one instance is stopped, and no ID is ever handed out twice.
 *
 * <p>This test stops the Payara Micro instance for good; the other tests of the module use only the
 * Payara Server instance, so the order of the tests does not matter.
 */
@ExtendWith(SharedProductionCluster.class)
class TwoTrackersIT {
  private static final String KEY = "twotrackers";

  private static ClientConfig config(ProductionCluster c) {
    return ClientConfig.builder(c.trackers())
        .connectTimeout(Duration.ofSeconds(3))
        .readTimeout(Duration.ofSeconds(30))
        .build();
  }

  /** {@code n} IDs for {@link #KEY} from one ID server, on one connection. */
  private static List<Long> ids(HostPort idServer, int n) throws Exception {
    List<Long> ids = new ArrayList<>();
    try (WireConnection w =
        WireConnection.open(
            idServer, Duration.ofSeconds(5), Duration.ofSeconds(30), Limits.DEFAULT)) {
      for (int i = 0; i < n; i++) {
        ids.add(w.expect(new Request.IdGet(KEY), Response.IdValue.class).id());
      }
    }
    return ids;
  }

  /** Uploads {@code n} files with a fresh client each (each starts at a random tracker). */
  private static void uploadWithFreshClients(
      ProductionCluster c, int n, String tag, Map<String, byte[]> stored) throws IOException {
    Random random = new Random(tag.hashCode());
    for (int i = 0; i < n; i++) {
      byte[] data = new byte[4096 + random.nextInt(64 * 1024)];
      random.nextBytes(data);
      String user = "two-" + tag + "-" + i;
      try (MediadfsClient client = MediadfsClient.create(config(c))) {
        String fileId = client.upload("tnvideo", user, data, UploadOptions.DEFAULTS).fileId();
        stored.put(user + "/" + fileId, data);
      }
    }
  }

  private static void downloadAll(ProductionCluster c, Map<String, byte[]> stored)
      throws IOException {
    try (MediadfsClient client = MediadfsClient.create(config(c))) {
      for (var e : stored.entrySet()) {
        String[] userAndId = e.getKey().split("/", 2);
        var out = new ByteArrayOutputStream();
        client.download("tnvideo", userAndId[0], userAndId[1], out);
        assertThat(out.toByteArray()).as(e.getKey()).isEqualTo(e.getValue());
      }
    }
  }

  @Test
  void clientsKeepWorkingWhenOneTrackerStopsAndNoIdRepeats(ProductionCluster c) throws Exception {
    HostPort stopped = c.micro().tracker();
    // Every node heartbeats both trackers.
    c.awaitActive(c.server().tracker(), Duration.ofMinutes(1));
    c.awaitActive(stopped, Duration.ofMinutes(1));

    Map<String, byte[]> stored = new LinkedHashMap<>();
    uploadWithFreshClients(c, 6, "before", stored);
    downloadAll(c, stored);
    List<Long> ids = new ArrayList<>();
    ids.addAll(ids(c.server().idServer(), 300));
    ids.addAll(ids(c.micro().idServer(), 300));

    c.micro().stop();
    assertThatThrownBy(
            () -> {
              try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(stopped.host(), stopped.port()), 2000);
              }
            })
        .isInstanceOf(ConnectException.class);

    uploadWithFreshClients(c, 6, "after", stored);
    downloadAll(c, stored);
    ids.addAll(ids(c.server().idServer(), 300));

    Set<Long> distinct = new HashSet<>(ids);
    assertThat(distinct).as("IDs from both ID servers, before and after the stop").hasSize(900);
    Set<String> fileIds = new HashSet<>();
    stored.keySet().forEach(k -> fileIds.add(k.substring(k.indexOf('/') + 1)));
    assertThat(fileIds).hasSize(12);
  }
}
