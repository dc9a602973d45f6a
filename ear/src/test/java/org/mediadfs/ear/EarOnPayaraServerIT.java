package org.mediadfs.ear;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediadfs.client.ClientConfig;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.client.UploadOptions;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * The EAR deployed on Payara Server by {@code glassfish-config/bin/payara-server.sh} behaves like
 * the WAR on Payara Micro: the tracker and the ID server answer over the wire protocol, the web
 * tier streams an uploaded file with ranges, the management API and the health endpoints answer,
 * and in production mode every part keeps its state in MariaDB and Redis.
 */
@ExtendWith(SharedProductionCluster.class)
class EarOnPayaraServerIT {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static MediadfsClient serverClient(ProductionCluster c) {
    return MediadfsClient.create(
        ClientConfig.builder(c.server().tracker().toString())
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(30))
            .build());
  }

  private static HttpResponse<byte[]> get(URI uri, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void trackerAnswersGroupsWithBothNodesActive(ProductionCluster c) throws Exception {
    String text;
    try (WireConnection w =
        WireConnection.open(
            c.server().tracker(), Duration.ofSeconds(5), Duration.ofSeconds(30), Limits.DEFAULT)) {
      text = w.expect(new Request.Groups(), Response.Groups.class).text();
    }
    assertThat(text)
        .containsPattern("COUNT OF GROUPS: 2\\b")
        .containsPattern("GROUPNAME: group001\\b")
        .containsPattern("GROUPNAME: group002\\b");
    assertThat(text.split("STATUS: ACTIVE", -1)).hasSize(3);
  }

  @Test
  void idServerHandsOutIncreasingIdsThatNeverRepeat(ProductionCluster c) throws Exception {
    List<Long> ids = new ArrayList<>();
    try (WireConnection w =
        WireConnection.open(
            c.server().idServer(), Duration.ofSeconds(5), Duration.ofSeconds(30), Limits.DEFAULT)) {
      for (int i = 0; i < 1_000; i++) {
        ids.add(w.expect(new Request.IdGet("earit"), Response.IdValue.class).id());
      }
    }
    assertThat(ids).isSorted().doesNotHaveDuplicates();
    assertThat(ids.getFirst()).isNotNegative();
  }

  @Test
  void webTierStreamsAnUploadedFileWithRanges(ProductionCluster c) throws Exception {
    byte[] data = new byte[768 * 1024 + 17];
    new Random(9).nextBytes(data);
    String fileId;
    try (MediadfsClient client = serverClient(c)) {
      fileId =
          client
              .upload(
                  "tnvideo",
                  "ear-stream",
                  data,
                  UploadOptions.DEFAULTS.withContentType("video/mp4"))
              .fileId();
    }
    URI file = c.server().http().resolve("files/" + fileId);

    HttpResponse<byte[]> whole = get(file);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.headers().firstValue("Content-Type")).hasValue("video/mp4");
    assertThat(whole.headers().firstValueAsLong("Content-Length")).hasValue(data.length);
    assertThat(whole.body()).isEqualTo(data);

    HttpResponse<byte[]> part = get(file, "Range", "bytes=1000-1999");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.headers().firstValue("Content-Range"))
        .hasValue("bytes 1000-1999/" + data.length);
    assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(data, 1000, 2000));

    HttpResponse<byte[]> missing = get(c.server().http().resolve("files/no-such-file-id"));
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void managementApiAndHealthAnswer(ProductionCluster c) throws Exception {
    URI root = c.server().http();
    HttpResponse<byte[]> health = get(root.resolve("api/health"));
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(new String(health.body(), StandardCharsets.UTF_8))
        .contains("\"status\":\"UP\"")
        .contains("\"database\"");

    HttpResponse<byte[]> ready = get(root.resolve("health/ready"));
    assertThat(ready.statusCode()).isEqualTo(200);

    HttpResponse<byte[]> anonymous = get(root.resolve("api/groups"));
    assertThat(anonymous.statusCode()).isEqualTo(401);

    String basic =
        Base64.getEncoder()
            .encodeToString(("admin:" + c.adminPassword()).getBytes(StandardCharsets.UTF_8));
    HttpResponse<byte[]> groups =
        get(root.resolve("api/groups"), "Authorization", "Basic " + basic);
    assertThat(groups.statusCode()).isEqualTo(200);
    assertThat(new String(groups.body(), StandardCharsets.UTF_8))
        .contains("group001")
        .contains("group002")
        .contains("ACTIVE");
  }

  @Test
  void everyPartKeepsItsStateInMariaDbAndRedis(ProductionCluster c) throws Exception {
    byte[] data = "kept in MariaDB".getBytes(StandardCharsets.UTF_8);
    String fileId;
    try (MediadfsClient client = serverClient(c)) {
      fileId = client.upload("tnvideo", "ear-db", data, UploadOptions.DEFAULTS).fileId();
      var out = new ByteArrayOutputStream();
      client.download("tnvideo", "ear-db", fileId, out);
      assertThat(out.toByteArray()).isEqualTo(data);
    }
    try (Connection db = DriverManager.getConnection(c.jdbcUrl())) {
      // the tracker's tables (Payara application)
      assertThat(count(db, "SELECT COUNT(*) FROM t_storage_nodes")).isEqualTo(2);
      assertThat(count(db, "SELECT COUNT(*) FROM t_router WHERE user_id = 'ear-db'")).isOne();
      // the ID server's table
      assertThat(count(db, "SELECT COUNT(*) FROM t_id_gen")).isPositive();
      // the storage node's own table, keyed by its node ID
      long rows = 0;
      for (String t : List.of("t_file_01", "t_file_02", "t_file_03")) {
        rows += count(db, "SELECT COUNT(*) FROM " + t + " WHERE id = ? AND node_id <> ''", fileId);
      }
      assertThat(rows).isOne();
    }
    assertThat(c.redisKeys()).isPositive();
  }

  private static long count(Connection db, String sql, String... args) throws Exception {
    try (PreparedStatement s = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setString(i + 1, args[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
