package org.mediadfs.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mediadfs.web.it.WebSpec.header;
import static org.mediadfs.web.it.WebSpec.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mediadfs.testkit.Await;
import org.mediadfs.testkit.StorageProcess;
import org.mediadfs.web.stream.Preconditions;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.NodeInfo;

/**
 * {@code /files/*} over real HTTP against the deployed WAR and real storage nodes: every range
 * shape checked byte for byte against the uploaded file, multipart/byteranges, 206/304/412/416,
 * HEAD, If-Range, friendly names, sniffed types, a client hanging up mid-stream, and signed links.
 */
public interface StreamingSpec extends WebSpec {
  /** A 3 MiB (and a bit) file of random bytes, uploaded once per test JVM. */
  final class Media {
    static final byte[] BYTES = random(3 * 1024 * 1024 + 12_345, 42);
    private static String id;

    private Media() {}

    static synchronized String id(WebItCluster c) throws IOException {
      if (id == null) {
        id = c.upload("streamer", BYTES, "video/mp4");
      }
      return id;
    }

    static byte[] random(int n, long seed) {
      byte[] b = new byte[n];
      new Random(seed).nextBytes(b);
      return b;
    }
  }

  private String mediaId() throws IOException {
    return Media.id(cluster());
  }

  private static byte[] slice(long start, long endInclusive) {
    return Arrays.copyOfRange(Media.BYTES, (int) start, (int) endInclusive + 1);
  }

  @Test
  default void wholeFileWithLengthValidatorsAndType() throws Exception {
    String id = mediaId();
    FileMeta m = cluster().client().stat("streamer", id);
    HttpResponse<byte[]> r = get("files/" + id);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(Media.BYTES);
    assertThat(header(r, "Content-Length")).isEqualTo(Integer.toString(Media.BYTES.length));
    assertThat(header(r, "Accept-Ranges")).isEqualTo("bytes");
    assertThat(header(r, "Content-Type")).isEqualTo("video/mp4");
    assertThat(header(r, "ETag")).isEqualTo(Preconditions.etag(m.crc32c(), m.size()));
    assertThat(header(r, "Last-Modified"))
        .isEqualTo(Preconditions.formatDate(Instant.ofEpochMilli(m.createTime())));
    assertThat(header(r, "Content-Disposition")).isNull();

    HttpResponse<byte[]> head = send("HEAD", "files/" + id, null);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(header(head, "Content-Length")).isEqualTo(Integer.toString(Media.BYTES.length));
    assertThat(header(head, "ETag")).isEqualTo(header(r, "ETag"));
    HttpResponse<byte[]> headRange = send("HEAD", "files/" + id, null, "Range", "bytes=0-9");
    assertThat(headRange.statusCode()).as("HEAD ignores Range").isEqualTo(200);
  }

  @Test
  default void everyRangeShapeIsExactByteForByte() throws Exception {
    String id = mediaId();
    long len = Media.BYTES.length;
    List<long[]> cases = new ArrayList<>(); // header start, end (resolved, inclusive)
    List<String> headers = new ArrayList<>();
    headers.add("bytes=0-0");
    cases.add(new long[] {0, 0});
    headers.add("bytes=0-99");
    cases.add(new long[] {0, 99});
    headers.add("bytes=1000-");
    cases.add(new long[] {1000, len - 1});
    headers.add("bytes=-500");
    cases.add(new long[] {len - 500, len - 1});
    headers.add("bytes=-" + (len + 1000));
    cases.add(new long[] {0, len - 1});
    headers.add("bytes=" + (len - 1) + "-");
    cases.add(new long[] {len - 1, len - 1});
    headers.add("bytes=2000000-99999999999");
    cases.add(new long[] {2_000_000, len - 1});
    headers.add("bytes=1048575-1048576"); // across a MiB boundary
    cases.add(new long[] {1_048_575, 1_048_576});
    Random rnd = new Random(7);
    for (int i = 0; i < 12; i++) {
      long a = (long) (rnd.nextDouble() * len);
      long b = Math.min(len - 1, a + rnd.nextInt(300_000));
      headers.add("bytes=" + a + "-" + b);
      cases.add(new long[] {a, b});
    }
    for (int i = 0; i < headers.size(); i++) {
      long a = cases.get(i)[0];
      long b = cases.get(i)[1];
      HttpResponse<byte[]> r = get("files/" + id, "Range", headers.get(i));
      assertThat(r.statusCode()).as(headers.get(i)).isEqualTo(206);
      assertThat(header(r, "Content-Range"))
          .as(headers.get(i))
          .isEqualTo("bytes " + a + "-" + b + "/" + len);
      assertThat(header(r, "Content-Length")).isEqualTo(Long.toString(b - a + 1));
      assertThat(r.body()).as(headers.get(i)).isEqualTo(slice(a, b));
    }
  }

  @Test
  default void severalRangesAreMultipartByteranges() throws Exception {
    String id = mediaId();
    long len = Media.BYTES.length;
    HttpResponse<byte[]> r = get("files/" + id, "Range", "bytes=0-9, 100000-199999, -7");
    assertThat(r.statusCode()).isEqualTo(206);
    String type = header(r, "Content-Type");
    assertThat(type).startsWith("multipart/byteranges; boundary=");
    assertThat(header(r, "Content-Length")).isEqualTo(Integer.toString(r.body().length));
    List<Multipart.Part> parts = Multipart.parse(r.body(), Multipart.boundary(type));
    assertThat(parts).hasSize(3);
    long[][] expected = {{0, 9}, {100_000, 199_999}, {len - 7, len - 1}};
    for (int i = 0; i < 3; i++) {
      Multipart.Part p = parts.get(i);
      assertThat(p.headers())
          .containsEntry("content-type", "video/mp4")
          .containsEntry(
              "content-range", "bytes " + expected[i][0] + "-" + expected[i][1] + "/" + len);
      assertThat(p.body()).isEqualTo(slice(expected[i][0], expected[i][1]));
    }
  }

  @Test
  default void unsatisfiableAndInvalidRanges() throws Exception {
    String id = mediaId();
    long len = Media.BYTES.length;
    HttpResponse<byte[]> r = get("files/" + id, "Range", "bytes=" + len + "-");
    assertThat(r.statusCode()).isEqualTo(416);
    assertThat(header(r, "Content-Range")).isEqualTo("bytes */" + len);
    assertThat(get("files/" + id, "Range", "bytes=-0").statusCode()).isEqualTo(416);
    for (String invalid : List.of("bytes=50-10", "bytes=abc", "pages=1-2", "bytes=1-2-3")) {
      HttpResponse<byte[]> w = get("files/" + id, "Range", invalid);
      assertThat(w.statusCode()).as(invalid).isEqualTo(200);
      assertThat(w.body()).as(invalid).isEqualTo(Media.BYTES);
    }
  }

  @Test
  default void conditionalRequests() throws Exception {
    String id = mediaId();
    HttpResponse<byte[]> first = send("HEAD", "files/" + id, null);
    String etag = header(first, "ETag");
    String modified = header(first, "Last-Modified");

    HttpResponse<byte[]> nm = get("files/" + id, "If-None-Match", etag);
    assertThat(nm.statusCode()).isEqualTo(304);
    assertThat(nm.body()).isEmpty();
    assertThat(header(nm, "ETag")).isEqualTo(etag);
    assertThat(get("files/" + id, "If-None-Match", "W/" + etag).statusCode()).isEqualTo(304);
    assertThat(get("files/" + id, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    assertThat(get("files/" + id, "If-Modified-Since", modified).statusCode()).isEqualTo(304);
    String earlier =
        Preconditions.formatDate(
            Preconditions.parseDate(modified).orElseThrow().minus(1, ChronoUnit.DAYS));
    assertThat(get("files/" + id, "If-Modified-Since", earlier).statusCode()).isEqualTo(200);

    HttpResponse<byte[]> pf = get("files/" + id, "If-Match", "\"nope\"", "Range", "bytes=0-1");
    assertThat(pf.statusCode()).isEqualTo(412);
    assertThat(get("files/" + id, "If-Match", etag, "Range", "bytes=0-1").statusCode())
        .isEqualTo(206);
    assertThat(get("files/" + id, "If-Unmodified-Since", earlier).statusCode()).isEqualTo(412);

    HttpResponse<byte[]> ir = get("files/" + id, "If-Range", etag, "Range", "bytes=5-9");
    assertThat(ir.statusCode()).isEqualTo(206);
    assertThat(ir.body()).isEqualTo(slice(5, 9));
    HttpResponse<byte[]> stale = get("files/" + id, "If-Range", "\"stale\"", "Range", "bytes=5-9");
    assertThat(stale.statusCode()).as("If-Range mismatch: whole file").isEqualTo(200);
    assertThat(stale.body()).isEqualTo(Media.BYTES);
    assertThat(get("files/" + id, "If-Range", modified, "Range", "bytes=5-9").statusCode())
        .isEqualTo(206);
  }

  @Test
  default void friendlyNamesSniffedTypesAndUnknownFiles() throws Exception {
    String id = mediaId();
    HttpResponse<byte[]> named =
        get("files/" + id + "/Sommer%20in%20K%C3%B6ln.mp4", "Range", "bytes=0-3");
    assertThat(named.statusCode()).isEqualTo(206);
    assertThat(header(named, "Content-Disposition"))
        .isEqualTo(
            "inline; filename=\"Sommer in K_ln.mp4\";"
                + " filename*=UTF-8''Sommer%20in%20K%C3%B6ln.mp4");

    // Uploaded without a useful type: the servlet sniffs the WebM magic so browsers play it.
    byte[] webm = Media.random(4096, 9);
    byte[] magic = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 0, 0, 0, 0, 'w', 'e', 'b', 'm'};
    System.arraycopy(magic, 0, webm, 0, magic.length);
    String webmId = cluster().upload("streamer", webm, "application/octet-stream");
    HttpResponse<byte[]> sniffed = get("files/" + webmId, "Range", "bytes=100-199");
    assertThat(sniffed.statusCode()).isEqualTo(206);
    assertThat(header(sniffed, "Content-Type")).isEqualTo("video/webm");
    assertThat(sniffed.body()).isEqualTo(Arrays.copyOfRange(webm, 100, 200));

    // Not found once every group with a live node has answered (the tracker story's simulated
    // nodes are reported up until they miss three beats; asking them fails meanwhile: 503).
    Await.until(
        Duration.ofSeconds(60),
        "every live group answers",
        () -> get("files/0000nosuchfile0000").statusCode() == 404);
    HttpResponse<byte[]> missing = get("files/0000nosuchfile0000");
    assertThat(missing.statusCode()).as(text(missing)).isEqualTo(404);
    assertThat(header(missing, "Content-Type")).startsWith("application/problem+json");
    assertThat(text(missing)).contains("\"status\":404");
    assertThat(get("files/bad%20id").statusCode()).isEqualTo(404);
    assertThat(send("POST", "files/" + id, "{}").statusCode()).isEqualTo(405);

    byte[] empty = new byte[0];
    String emptyId = cluster().upload("streamer", empty, "text/plain");
    HttpResponse<byte[]> e = get("files/" + emptyId);
    assertThat(e.statusCode()).isEqualTo(200);
    assertThat(e.body()).isEmpty();
    assertThat(get("files/" + emptyId, "Range", "bytes=0-").statusCode()).isEqualTo(416);
  }

  @Test
  default void aClientThatHangsUpFreesItsStorageConnection() throws Exception {
    WebItCluster c = cluster();
    byte[] big = Media.random(48 * 1024 * 1024, 3);
    String id = c.upload("hangup", big, "video/mp4");
    StorageProcess node = nodeOf(c, "hangup", id);
    URI u = c.uri("files/" + id);
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      s.setReceiveBufferSize(16 * 1024);
      sendGet(s, u);
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      int got = 0;
      while (got < 64 * 1024) {
        int n = in.read(buf);
        assertThat(n).isPositive();
        got += n;
      }
      // The stream is in flight and stalled on this client: its storage connection is open.
      int during = stableConnections(c, node);
      s.setSoLinger(true, 0); // hang up hard, as a closed browser tab does
      s.close();
      Await.until(
          Duration.ofSeconds(20),
          "the node closes the stream's connection (was " + during + ")",
          () -> connections(c, node) == during - 1);
    }
    // And the web tier still serves that node.
    assertThat(get("files/" + id, "Range", "bytes=0-99").body())
        .isEqualTo(Arrays.copyOfRange(big, 0, 100));
  }

  @Test
  default void aStorageFailureMidStreamClosesTheClientConnection() throws Exception {
    WebItCluster c = cluster();
    byte[] big = Media.random(32 * 1024 * 1024, 5);
    String id = c.upload("breaker", big, "video/mp4");
    StorageProcess node = nodeOf(c, "breaker", id);
    URI u = c.uri("files/" + id);
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      s.setSoTimeout(30_000); // a hang fails the test instead of blocking it
      s.setReceiveBufferSize(16 * 1024);
      sendGet(s, u);
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      long got = 0;
      while (got < 256 * 1024) {
        int n = in.read(buf);
        assertThat(n).as("the stream is still flowing before the node dies").isPositive();
        got += n;
      }
      // The only member of the group dies: the stream cannot resume anywhere. Headers (with the
      // full Content-Length) are out, so the client must see the connection end early.
      node.kill();
      int n;
      while ((n = in.read(buf)) > 0) {
        got += n;
      }
      assertThat(n).as("end of stream, not a timeout").isEqualTo(-1);
      assertThat(got).isLessThan(big.length);
    } finally {
      node.start();
      Await.until(
          Duration.ofSeconds(60),
          "the node is ACTIVE again",
          () -> {
            NodeInfo i = c.node(node.address());
            return i != null && i.status() == org.mediadfs.wire.message.NodeStatus.ACTIVE;
          });
    }
    assertThat(get("files/" + id, "Range", "bytes=0-9").body()).isEqualTo(Arrays.copyOf(big, 10));
  }

  /** The storage node of the group that holds {@code user}'s file {@code id}. */
  private static StorageProcess nodeOf(WebItCluster c, String user, String id) throws IOException {
    String group = groupOf(c, c.client().stat(user, id));
    return c.nodes().stream().filter(n -> n.group().equals(group)).findFirst().orElseThrow();
  }

  /** Writes a bare HTTP/1.1 GET of {@code u} on {@code s}. */
  private static void sendGet(Socket s, URI u) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(
        ("GET " + u.getRawPath() + " HTTP/1.1\r\nHost: " + u.getAuthority() + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static String groupOf(WebItCluster c, FileMeta m) throws IOException {
    return c.client().storageAddrs(m.appId(), m.userId()).groupName();
  }

  /** The node's open connections once two consecutive heartbeats agree. */
  private static int stableConnections(WebItCluster c, StorageProcess node) {
    int[] last = {-1};
    long[] beat = {-1};
    int[] stable = {-1};
    Await.until(
        Duration.ofSeconds(20),
        "a stable connection count at " + node.address(),
        () -> {
          NodeInfo n = c.node(node.address());
          if (n.beatTime() == beat[0]) {
            return false;
          }
          beat[0] = n.beatTime();
          int now = n.load().connections();
          if (now == last[0] && now > 0) {
            stable[0] = now;
            return true;
          }
          last[0] = now;
          return false;
        });
    return stable[0];
  }

  private static int connections(WebItCluster c, StorageProcess node) throws IOException {
    return c.node(node.address()).load().connections();
  }

  @Test
  default void signedLinksWhenRequiredAndKeyRotation() throws Exception {
    String id = mediaId();
    String admin = cluster().adminAuth();
    HttpResponse<byte[]> on =
        send("PUT", "api/links/policy", "{\"required\":true}", "Authorization", admin);
    assertThat(on.statusCode()).isEqualTo(200);
    try {
      HttpResponse<byte[]> unsigned = get("files/" + id, "Range", "bytes=0-9");
      assertThat(unsigned.statusCode()).isEqualTo(403);
      assertThat(header(unsigned, "Content-Type")).startsWith("application/problem+json");
      assertThat(text(unsigned)).contains("must be signed");

      String link = signedPath(id, admin, 3600, "clip.mp4");
      HttpResponse<byte[]> ok = get(link, "Range", "bytes=0-9");
      assertThat(ok.statusCode()).isEqualTo(206);
      assertThat(ok.body()).isEqualTo(slice(0, 9));
      assertThat(header(ok, "Content-Disposition")).contains("clip.mp4");

      String tampered = link.replaceFirst("sig=.", "sig=" + (link.contains("sig=A") ? "B" : "A"));
      assertThat(get(tampered).statusCode()).isEqualTo(403);
      String otherFile = link.replace(id, mediaIdOther());
      assertThat(get(otherFile).statusCode()).as("signature is per file").isEqualTo(403);

      // Rotation: a new current key signs new links; links of the previous key keep working
      // until that key is removed.
      HttpResponse<byte[]> rotated = send("POST", "api/links/keys", null, "Authorization", admin);
      assertThat(rotated.statusCode()).isEqualTo(201);
      String oldKid = kid(link);
      String fresh = signedPath(id, admin, 3600, null);
      assertThat(kid(fresh)).isNotEqualTo(oldKid);
      assertThat(get(link, "Range", "bytes=0-0").statusCode()).isEqualTo(206);
      assertThat(get(fresh, "Range", "bytes=0-0").statusCode()).isEqualTo(206);
      assertThat(
              send("DELETE", "api/links/keys/" + oldKid, null, "Authorization", admin).statusCode())
          .isEqualTo(204);
      assertThat(get(link, "Range", "bytes=0-0").statusCode()).isEqualTo(403);
      assertThat(get(fresh, "Range", "bytes=0-0").statusCode()).isEqualTo(206);

      String shortLived = signedPath(id, admin, 1, null);
      Await.until(
          Duration.ofSeconds(10),
          "a one-second link expires",
          () -> get(shortLived).statusCode() == 403);
      assertThat(text(get(shortLived))).contains("expired");
    } finally {
      send("PUT", "api/links/policy", "{\"required\":false}", "Authorization", admin);
    }
    assertThat(get("files/" + id, "Range", "bytes=0-0").statusCode()).isEqualTo(206);
  }

  private String mediaIdOther() throws IOException {
    return cluster().upload("streamer", new byte[] {1, 2, 3}, "application/octet-stream");
  }

  private String signedPath(String id, String admin, long ttl, String name) throws Exception {
    String body =
        "{\"ttlSeconds\":" + ttl + (name == null ? "" : ",\"name\":\"" + name + "\"") + "}";
    HttpResponse<byte[]> r =
        send("POST", "api/files/" + id + "/links", body, "Authorization", admin);
    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    String json = text(r);
    int at = json.indexOf("\"path\":\"") + 8;
    return json.substring(at, json.indexOf('"', at)).replace("\\u0026", "&");
  }

  private static String kid(String link) {
    int at = link.indexOf("kid=") + 4;
    int end = link.indexOf('&', at);
    return link.substring(at, end < 0 ? link.length() : end);
  }
}
