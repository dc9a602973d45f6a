package org.mediadfs.storage.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mediadfs.storage.StorageNode;
import org.mediadfs.testkit.Await;
import org.mediadfs.wire.Bytes;
import org.mediadfs.wire.Command;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.FileIds;
import org.mediadfs.wire.FrameHeader;
import org.mediadfs.wire.HelloProof;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.codec.RequestCodec;
import org.mediadfs.wire.message.FileStatus;
import org.mediadfs.wire.message.LogOp;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * The whole storage protocol over real sockets against an in-process node (H2 mode) that joined the
 * real tracker and takes IDs from the real ID server (Payara Micro, shared for the run).
 */
@ExtendWith(SharedPayara.class)
class ProtocolIT {
  @TempDir static Path dir;
  static StorageNode node;

  @BeforeAll
  static void startNode() throws Exception {
    Map<String, String> p = NodeProps.of(dir.resolve("main"), NodeProps.group());
    p.put("mediadfs.storage.http-port", "0");
    node = NodeProps.start(p);
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  static String user() {
    return "u" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }

  static void assertError(Response r, ErrorCode code) {
    assertThat(r).isInstanceOf(Response.Error.class);
    assertThat(((Response.Error) r).code()).as(((Response.Error) r).text()).isEqualTo(code);
  }

  static ErrorCode codeOf(ThrowingCall call) {
    try {
      call.run();
    } catch (ErrorReplyException e) {
      return e.code();
    } catch (IOException e) {
      throw new AssertionError("expected an error reply, got " + e, e);
    }
    throw new AssertionError("expected an error reply");
  }

  interface ThrowingCall {
    void run() throws IOException, ErrorReplyException;
  }

  /** Files under the node's store roots, sidecars and temporaries included. */
  static List<Path> storedFiles(StorageNode n) throws IOException {
    List<Path> out = new ArrayList<>();
    for (var r : n.service().roots().all()) {
      try (Stream<Path> s = Files.walk(r.path())) {
        s.filter(Files::isRegularFile)
            .filter(f -> !f.getFileName().toString().equals("store.id"))
            .forEach(out::add);
      }
    }
    return out;
  }

  @Test
  void theNodeJoinsTheTrackerAndIsActive() {
    Await.until(
        Duration.ofSeconds(60),
        "node ACTIVE at the tracker",
        () -> {
          try (Wire w = Wire.open(SharedPayara.tracker())) {
            List<NodeInfo> nodes = w.expect(new Request.Nodes(), Response.Nodes.class).nodes();
            return nodes.stream()
                .anyMatch(
                    n ->
                        n.nodeId().equals(node.nodeId())
                            && n.port() == node.address().port()
                            && n.status() == NodeStatus.ACTIVE
                            && n.roots().size() == 2);
          }
        });
    assertThat(node.trackers().joinedTrackers()).containsExactly(SharedPayara.tracker());
  }

  @Test
  void theOriginalClientsWholeLifecycle() throws Exception {
    String user = user();
    String file = FileIds.generate(user);
    byte[] data = random(300_000);
    try (Wire w = Wire.open(node.address())) {
      assertThat(w.upload(user, file, data)).isEqualTo(new Response.Ok());
      assertThat(w.expect(new Request.FileSize(Wire.ids(user, file)), Response.FileSize.class))
          .isEqualTo(new Response.FileSize(data.length));
      assertThat(w.download(user, file, 0, 0)).isEqualTo(data);
      assertThat(w.download(user, file, 1000, 0))
          .isEqualTo(Arrays.copyOfRange(data, 1000, data.length));
      assertThat(w.download(user, file, 5, 10)).isEqualTo(Arrays.copyOfRange(data, 5, 15));
      assertThat(w.download(user, file, data.length, 0)).isEmpty();
      assertThat(w.download(user, file, data.length - 1, 1)).containsExactly(data[data.length - 1]);
      assertThat(codeOf(() -> w.download(user, file, data.length + 1, 0)))
          .isEqualTo(ErrorCode.BAD_RANGE);
      assertThat(codeOf(() -> w.download(user, file, 10, data.length)))
          .isEqualTo(ErrorCode.BAD_RANGE);
      assertThat(codeOf(() -> w.download(user, file, -1, 0))).isEqualTo(ErrorCode.BAD_RANGE);

      // Soft delete: not served, restorable.
      assertThat(w.call(new Request.Delete(Wire.ids(user, file)))).isEqualTo(new Response.Ok());
      assertError(w.call(new Request.FileSize(Wire.ids(user, file))), ErrorCode.DELETED);
      assertThat(codeOf(() -> w.download(user, file, 0, 0))).isEqualTo(ErrorCode.DELETED);
      assertError(w.call(new Request.Delete(Wire.ids(user, file))), ErrorCode.DELETED);
      assertError(w.upload(user, file, random(10)), ErrorCode.DELETED);
      assertThat(
              w.expect(new Request.Stat(Wire.ids(user, file)), Response.Stat.class).meta().status())
          .isEqualTo(FileStatus.DELETED);

      assertThat(w.call(new Request.Restore(Wire.ids(user, file)))).isEqualTo(new Response.Ok());
      assertThat(w.download(user, file, 0, 0)).isEqualTo(data);

      // Purge: bytes gone, tombstone kept.
      Response.Stat before = w.expect(new Request.Stat(Wire.ids(user, file)), Response.Stat.class);
      assertThat(w.call(new Request.Purge(Wire.ids(user, file)))).isEqualTo(new Response.Ok());
      assertError(w.call(new Request.FileSize(Wire.ids(user, file))), ErrorCode.DELETED);
      Response.Stat after = w.expect(new Request.Stat(Wire.ids(user, file)), Response.Stat.class);
      assertThat(after.meta().status()).isEqualTo(FileStatus.PURGED);
      assertError(w.call(new Request.Restore(Wire.ids(user, file))), ErrorCode.NOT_FOUND);
      for (var r : node.service().roots().all()) {
        assertThat(r.path().resolve(before.meta().path())).doesNotExist();
        assertThat(r.path().resolve(before.meta().path() + ".meta")).doesNotExist();
      }
    }
  }

  @Test
  void unknownFilesAndOtherUsersFilesAreNotFound() throws Exception {
    String user = user();
    String file = FileIds.generate(user);
    try (Wire w = Wire.open(node.address())) {
      assertError(w.call(new Request.FileSize(Wire.ids(user, file))), ErrorCode.NOT_FOUND);
      assertThat(w.upload(user, file, random(100))).isEqualTo(new Response.Ok());
      // Same file ID, another user (seed bug 16: the original ignored the user).
      assertError(w.call(new Request.FileSize(Wire.ids(user + "x", file))), ErrorCode.NOT_FOUND);
      assertError(w.call(new Request.Delete(Wire.ids(user + "x", file))), ErrorCode.NOT_FOUND);
      assertError(
          w.call(
              new Request.FileSize(new org.mediadfs.wire.message.IdBlock("otherapp", user, file))),
          ErrorCode.NOT_FOUND);
      assertError(
          w.call(new Request.FileSize(Wire.ids(user, "../../etc/passwd"))), ErrorCode.INVALID_NAME);
    }
  }

  @Test
  void readsWithAnEmptyUserIdFindTheFileWhoeverOwnsIt() throws Exception {
    String user = user();
    String file = FileIds.generate(user);
    byte[] data = random(5_000);
    org.mediadfs.wire.message.IdBlock anyOwner =
        new org.mediadfs.wire.message.IdBlock("", "", file);
    try (Wire w = Wire.open(node.address())) {
      assertError(w.call(new Request.Stat(anyOwner)), ErrorCode.NOT_FOUND);
      assertThat(w.upload(user, file, data)).isEqualTo(new Response.Ok());
      Response.Stat st = w.expect(new Request.Stat(anyOwner), Response.Stat.class);
      assertThat(st.meta().userId()).isEqualTo(user);
      assertThat(st.meta().appId()).isEqualTo(Wire.APP);
      assertThat(st.meta().size()).isEqualTo(data.length);
      assertThat(w.expect(new Request.FileSize(anyOwner), Response.FileSize.class).size())
          .isEqualTo(data.length);
      // The app, when given, must still match.
      assertThat(
              w.expect(
                      new Request.FileSize(
                          new org.mediadfs.wire.message.IdBlock(Wire.APP, "", file)),
                      Response.FileSize.class)
                  .size())
          .isEqualTo(data.length);
      assertError(
          w.call(new Request.FileSize(new org.mediadfs.wire.message.IdBlock("otherapp", "", file))),
          ErrorCode.NOT_FOUND);
      Request.Download d = new Request.Download(anyOwner, 10, 20);
      w.connection().send(d);
      Response.Download dl =
          org.mediadfs.wire.client.WireConnection.as(
              w.connection().receive(d), Response.Download.class);
      assertThat(dl.length()).isEqualTo(20);
      try (InputStream in = w.connection().payload()) {
        assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 10, 30));
      }
      // Writes still need the owner.
      assertError(w.call(new Request.Delete(anyOwner)), ErrorCode.INVALID_NAME);
      assertThat(w.call(new Request.Delete(Wire.ids(user, file)))).isEqualTo(new Response.Ok());
      assertError(w.call(new Request.FileSize(anyOwner)), ErrorCode.DELETED);
      assertThat(w.expect(new Request.Stat(anyOwner), Response.Stat.class).meta().status())
          .isEqualTo(FileStatus.DELETED);
    }
  }

  @Test
  void extendedUploadChecksTheChecksumAndKeepsNothingOnMismatch() throws Exception {
    String user = user();
    byte[] data = random(70_000);
    CRC32C crc = new CRC32C();
    crc.update(data);
    try (Wire w = Wire.open(node.address())) {
      String good = FileIds.generate(user);
      Response r = w.uploadEx(user, good, data, "video/mp4", crc.getValue());
      assertThat(r).isInstanceOf(Response.Uploaded.class);
      assertThat(((Response.Uploaded) r).crc32c()).isEqualTo(crc.getValue());
      Response.Stat st = w.expect(new Request.Stat(Wire.ids(user, good)), Response.Stat.class);
      assertThat(st.meta().contentType()).isEqualTo("video/mp4");
      assertThat(st.meta().crc32c()).isEqualTo(crc.getValue());
      assertThat(st.meta().size()).isEqualTo(data.length);

      int before = storedFiles(node).size();
      String bad = FileIds.generate(user);
      assertError(
          w.uploadEx(user, bad, data, "video/mp4", crc.getValue() ^ 1),
          ErrorCode.CHECKSUM_MISMATCH);
      assertError(w.call(new Request.Stat(Wire.ids(user, bad))), ErrorCode.NOT_FOUND);
      assertThat(storedFiles(node)).hasSize(before);
      // The connection is still usable.
      assertThat(w.download(user, good, 0, 0)).isEqualTo(data);
    }
  }

  @Test
  void aDuplicateIdIsRefusedAndTheExistingFileUntouched() throws Exception {
    String user = user();
    String file = FileIds.generate(user);
    byte[] first = random(5000);
    try (Wire w = Wire.open(node.address())) {
      assertThat(w.upload(user, file, first)).isEqualTo(new Response.Ok());
      int before = storedFiles(node).size();
      assertError(w.upload(user, file, random(6000)), ErrorCode.CONFLICT);
      assertThat(w.download(user, file, 0, 0)).isEqualTo(first);
      assertThat(storedFiles(node)).hasSize(before);
    }
  }

  @Test
  void concurrentUploadsOfTheSameIdLetExactlyOneWin() throws Exception {
    String user = user();
    String file = FileIds.generate(user);
    int n = 8;
    List<Thread> threads = new ArrayList<>();
    List<Response> results = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < n; i++) {
      byte[] data = random(20_000 + i);
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (Wire w = Wire.open(node.address())) {
                      results.add(w.upload(user, file, data));
                    } catch (IOException e) {
                      results.add(new Response.Error(ErrorCode.GENERIC, e.toString()));
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(results.stream().filter(r -> r instanceof Response.Ok).count()).isEqualTo(1);
    assertThat(
            results.stream()
                .filter(r -> r instanceof Response.Error e && e.code() == ErrorCode.CONFLICT)
                .count())
        .isEqualTo(n - 1);
    try (Wire w = Wire.open(node.address())) {
      long size =
          w.expect(new Request.FileSize(Wire.ids(user, file)), Response.FileSize.class).size();
      assertThat(size).isBetween(20_000L, 20_000L + n);
    }
  }

  @Test
  void onePersistentConnectionCarriesManyRequests() throws Exception {
    String user = user();
    Random rnd = new Random(7);
    try (Wire w = Wire.open(node.address())) {
      List<String> files = new ArrayList<>();
      List<byte[]> contents = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        byte[] data = new byte[rnd.nextInt(9000)];
        rnd.nextBytes(data);
        String f = FileIds.generate(user);
        assertThat(w.upload(user, f, data)).isEqualTo(new Response.Ok());
        files.add(f);
        contents.add(data);
      }
      for (int i = 0; i < files.size(); i++) {
        assertThat(
                w.expect(
                        new Request.FileSize(Wire.ids(user, files.get(i))), Response.FileSize.class)
                    .size())
            .isEqualTo(contents.get(i).length);
        assertThat(w.download(user, files.get(i), 0, 0)).isEqualTo(contents.get(i));
      }
      // LIST pages through the user's files in file-ID order.
      List<String> listed = new ArrayList<>();
      String after = "";
      do {
        Response.FileList page =
            w.expect(new Request.ListFiles(user, after, 40, false), Response.FileList.class);
        page.files().forEach(m -> listed.add(m.fileId()));
        after = page.next();
      } while (!after.isEmpty());
      assertThat(listed).containsExactlyElementsOf(files.stream().sorted().toList());
      w.call(new Request.Delete(Wire.ids(user, files.getFirst())));
      assertThat(
              w.expect(new Request.ListFiles(user, "", 1000, false), Response.FileList.class)
                  .files())
          .hasSize(files.size() - 1);
      assertThat(
              w.expect(new Request.ListFiles(user, "", 1000, true), Response.FileList.class)
                  .files())
          .hasSize(files.size());
      assertError(w.call(new Request.ListFiles(user, "", 0, true)), ErrorCode.BAD_REQUEST);
    }
  }

  @Test
  void badFramesGetAnErrorOrACloseAndTheNodeKeepsServing() throws Exception {
    // Unknown command with a small body: answered, skipped, connection goes on.
    try (Socket s = raw()) {
      s.getOutputStream().write(frame(99, new byte[5]));
      assertError(readReply(s.getInputStream(), new Request.Groups()), ErrorCode.UNKNOWN_COMMAND);
      s.getOutputStream().write(RequestCodec.encode(new Request.Nodes()));
      assertError(readReply(s.getInputStream(), new Request.Nodes()), ErrorCode.UNKNOWN_COMMAND);
      s.getOutputStream().write(RequestCodec.encode(new Request.FileSize(Wire.ids("u", "nope"))));
      assertError(
          readReply(s.getInputStream(), new Request.FileSize(Wire.ids("u", "nope"))),
          ErrorCode.NOT_FOUND);
    }
    // Negative body length: error reply, then close.
    try (Socket s = raw()) {
      byte[] h = new FrameHeader(0, 71, 0).toBytes();
      Bytes.putLong(h, 0, -5);
      s.getOutputStream().write(h);
      assertError(readReply(s.getInputStream(), new Request.Groups()), ErrorCode.BAD_REQUEST);
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    // Wrong body length for FILESIZE (must be 400): error reply, then close.
    try (Socket s = raw()) {
      s.getOutputStream().write(frame(71, new byte[10]));
      assertError(readReply(s.getInputStream(), new Request.Groups()), ErrorCode.BAD_REQUEST);
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    // Upload whose declared file size disagrees with the body length.
    try (Socket s = raw()) {
      byte[] body = new byte[408 + 3];
      Bytes.putLong(body, 400, 99);
      s.getOutputStream().write(frame(70, body));
      assertError(readReply(s.getInputStream(), new Request.Groups()), ErrorCode.BAD_REQUEST);
    }
    // A truncated header then silence does not hurt anyone else.
    try (Socket s = raw();
        Wire w = Wire.open(node.address())) {
      s.getOutputStream().write(new byte[] {0, 0, 0});
      String user = user();
      String f = FileIds.generate(user);
      assertThat(w.upload(user, f, random(10))).isEqualTo(new Response.Ok());
    }
  }

  @Test
  void aClientThatDisconnectsMidUploadLeavesNothingBehind() throws Exception {
    int before = storedFiles(node).size();
    String user = user();
    String file = FileIds.generate(user);
    try (Socket s = raw()) {
      OutputStream out = s.getOutputStream();
      out.write(RequestCodec.encode(new Request.Upload(Wire.ids(user, file), 10_000_000)));
      out.write(random(3_000_000));
      out.flush();
    }
    Await.until(
        Duration.ofSeconds(30),
        "the half upload to be cleaned up",
        () -> storedFiles(node).size() == before);
    try (Wire w = Wire.open(node.address())) {
      assertError(w.call(new Request.Stat(Wire.ids(user, file))), ErrorCode.NOT_FOUND);
      assertThat(w.upload(user, file, random(10))).isEqualTo(new Response.Ok());
    }
  }

  @Test
  void helloProvesTheSecretAndGuardsReplication() throws Exception {
    byte[] secret = HelloProof.secret(SharedPayara.SECRET);
    try (Wire w = Wire.open(node.address())) {
      assertError(w.call(new Request.ReplLog("peer", 0, 10)), ErrorCode.AUTH);
      Request.Hello wrong =
          HelloProof.hello(HelloProof.secret("not-the-secret"), "peer", System.currentTimeMillis());
      assertError(w.call(wrong), ErrorCode.AUTH);
      Request.Hello hello = HelloProof.hello(secret, "peer", System.currentTimeMillis());
      Response.Hello reply = w.expect(hello, Response.Hello.class);
      assertThat(reply.serverId()).isEqualTo(node.nodeId());
      assertThat(HelloProof.verifyReply(secret, reply, hello.nonce())).isTrue();

      String user = user();
      String file = FileIds.generate(user);
      byte[] data = random(1234);
      assertThat(w.upload(user, file, data)).isEqualTo(new Response.Ok());
      w.call(new Request.Delete(Wire.ids(user, file)));
      Response.ReplLog log =
          w.expect(new Request.ReplLog("peer", 0, 10_000), Response.ReplLog.class);
      var mine = log.entries().stream().filter(e -> e.meta().fileId().equals(file)).toList();
      assertThat(mine).extracting(e -> e.op()).containsExactly(LogOp.PUT, LogOp.DELETE);
      assertThat(mine.get(1).seq()).isGreaterThan(mine.get(0).seq());
      assertThat(log.lastSeq()).isGreaterThanOrEqualTo(mine.get(1).seq());
      w.call(new Request.Restore(Wire.ids(user, file)));
      Request.ReplFetch fetch = new Request.ReplFetch("peer", user, file);
      w.connection().send(fetch);
      Response r = w.connection().receive(fetch);
      assertThat(r).isInstanceOf(Response.ReplFile.class);
      try (InputStream in = w.connection().payload()) {
        assertThat(in.readAllBytes()).isEqualTo(data);
      }
      assertThat(w.call(new Request.ReplNotify("peer", 5))).isEqualTo(new Response.Ok());
    }
  }

  @Test
  void theHealthEndpointReportsTheNode() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Await.until(
        Duration.ofSeconds(30),
        "health UP",
        () -> {
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + node.healthPort() + "/health"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          return r.statusCode() == 200
              && r.body().contains("\"UP\"")
              && r.body().contains(node.nodeId());
        });
  }

  @Test
  void limitsTooLargeDiskFullIdleTimeoutAndMaxConnections() throws Exception {
    Map<String, String> p = NodeProps.of(dir.resolve("limits"), NodeProps.group());
    p.put("mediadfs.storage.idle-timeout-seconds", "1");
    p.put("mediadfs.storage.read-timeout-seconds", "1");
    p.put("mediadfs.storage.max-connections", "3");
    long usable = Files.getFileStore(dir).getUsableSpace();
    // Each root keeps all but about 4 GiB free (other processes write to this disk too): small
    // uploads fit, a 64 GiB declaration does not.
    p.put("mediadfs.storage.reserved", Long.toString(Math.max(0, usable - (4L << 30))));
    p.put("mediadfs.storage.max-upload", "128G");
    try (StorageNode limited = NodeProps.start(p)) {
      String user = user();
      try (Wire w = Wire.open(limited.address())) {
        assertThat(w.upload(user, FileIds.generate(user), random(1000)))
            .isEqualTo(new Response.Ok());
        // DISK_FULL is answered from the header, before any byte of the body is sent.
        Request.Upload big = new Request.Upload(Wire.ids(user, FileIds.generate(user)), 64L << 30);
        w.connection().send(big);
        w.connection().flush();
        assertError(w.connection().receive(big), ErrorCode.DISK_FULL);
      }
      // Idle connections are closed after the idle timeout.
      try (Socket s = raw(limited)) {
        s.setSoTimeout(10_000);
        long t0 = System.nanoTime();
        assertThat(s.getInputStream().read()).isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
      }
      // A client that stalls inside a request is cut off after the read timeout; its half upload
      // leaves nothing behind.
      int before = storedFiles(limited).size();
      try (Socket s = raw(limited)) {
        s.setSoTimeout(10_000);
        s.getOutputStream()
            .write(RequestCodec.encode(new Request.Upload(Wire.ids(user, "stall"), 1 << 20)));
        s.getOutputStream().write(random(1000));
        long t0 = System.nanoTime();
        assertThat(s.getInputStream().read()).isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
      }
      Await.until(
          Duration.ofSeconds(10),
          "the stalled upload cleaned up",
          () -> storedFiles(limited).size() == before);
      // Above max-connections a connection is answered BUSY.
      try (Socket a = raw(limited);
          Socket b = raw(limited);
          Socket c = raw(limited)) {
        Await.until(Duration.ofSeconds(5), "3 connections", () -> limited.connections() == 3);
        try (Socket d = raw(limited)) {
          assertError(readReply(d.getInputStream(), new Request.Groups()), ErrorCode.BUSY);
        }
      }
    }
    Map<String, String> q = NodeProps.of(dir.resolve("small"), NodeProps.group());
    q.put("mediadfs.storage.max-upload", "1M");
    try (StorageNode small = NodeProps.start(q)) {
      String user = user();
      try (Socket s = raw(small)) {
        // TOO_LARGE before the body: only the header and fixed part are sent.
        s.getOutputStream()
            .write(RequestCodec.encode(new Request.Upload(Wire.ids(user, "big1"), 2L << 20)));
        assertError(readReply(s.getInputStream(), new Request.Groups()), ErrorCode.TOO_LARGE);
      }
      try (Wire w = Wire.open(small.address())) {
        assertThat(w.upload(user, "fits", random(1 << 20))).isEqualTo(new Response.Ok());
      }
    }
  }

  @Test
  void idServersAreTriedInTurnAndAnOutageIsARetryableRefusal() throws Exception {
    Map<String, String> p = NodeProps.of(dir.resolve("idfailover"), NodeProps.group());
    // The first ID server is dead (nothing listens on port 1): the live one is used.
    p.put("mediadfs.storage.id-servers", "127.0.0.1:1;" + SharedPayara.idServer());
    p.put("mediadfs.storage.id-prefetch", "0");
    try (StorageNode n = NodeProps.start(p);
        Wire w = Wire.open(n.address())) {
      for (int i = 0; i < 4; i++) {
        assertThat(w.upload("idf", "f" + i, random(10))).isEqualTo(new Response.Ok());
      }
    }
    Map<String, String> q = NodeProps.of(dir.resolve("iddown"), NodeProps.group());
    q.put("mediadfs.storage.id-servers", "127.0.0.1:1");
    try (StorageNode n = NodeProps.start(q);
        Wire w = Wire.open(n.address())) {
      Request.Upload u = new Request.Upload(Wire.ids("idf", "nope"), 5_000_000);
      w.connection().send(u);
      w.connection().flush();
      // Refused from the header, before the body: no ID, no upload.
      Response r = w.connection().receive(u);
      assertError(r, ErrorCode.UNAVAILABLE);
      assertThat(ErrorCode.UNAVAILABLE.retryable()).isTrue();
    }
  }

  @Test
  void anIdServerThatDoesNotKnowRunsOfIdsIsAskedOneIdAtATime() throws Exception {
    try (OldIdServer old = new OldIdServer()) {
      Map<String, String> p = NodeProps.of(dir.resolve("oldid"), NodeProps.group());
      p.put("mediadfs.storage.id-servers", "127.0.0.1:" + old.port());
      try (StorageNode n = NodeProps.start(p);
          Wire w = Wire.open(n.address())) {
        for (int i = 0; i < 5; i++) {
          assertThat(w.upload("oldid", "f" + i, random(100 + i))).isEqualTo(new Response.Ok());
        }
        for (int i = 0; i < 5; i++) {
          assertThat(w.download("oldid", "f" + i, 0, 0)).hasSize(100 + i);
        }
      }
      // Asked for a run once, told "unknown command: 41", then only ID_GETs (for five minutes).
      assertThat(old.asked(Command.ID_RANGE.code())).isEqualTo(1);
      assertThat(old.asked(Command.ID_GET.code())).isGreaterThanOrEqualTo(5);
    }
  }

  /**
   * An ID server as the original's: ID_GET answered from a counter, any other command (but HELLO,
   * which this cluster's secret needs) answered "unknown command: N" with errno -1, then the
   * connection closed.
   */
  static final class OldIdServer implements AutoCloseable {
    private final java.net.ServerSocket listener = new java.net.ServerSocket(0);
    private final java.util.concurrent.atomic.AtomicLong nextId =
        new java.util.concurrent.atomic.AtomicLong(7_000_000);
    private final Map<Integer, java.util.concurrent.atomic.AtomicInteger> asked =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final byte[] secret = HelloProof.secret(SharedPayara.SECRET);

    OldIdServer() throws IOException {
      Thread.ofVirtual().start(this::accept);
    }

    int port() {
      return listener.getLocalPort();
    }

    int asked(int command) {
      var n = asked.get(command);
      return n == null ? 0 : n.get();
    }

    private void accept() {
      while (!listener.isClosed()) {
        try {
          Socket s = listener.accept();
          Thread.ofVirtual().start(() -> serve(s));
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    private void serve(Socket s) {
      try (s) {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        while (true) {
          byte[] head = in.readNBytes(FrameHeader.SIZE);
          if (head.length < FrameHeader.SIZE) {
            return;
          }
          FrameHeader h = FrameHeader.fromBytes(head);
          byte[] body = in.readNBytes((int) h.bodyLength());
          asked
              .computeIfAbsent(h.command(), c -> new java.util.concurrent.atomic.AtomicInteger())
              .incrementAndGet();
          if (h.command() == Command.ID_GET.code()) {
            out.write(
                org.mediadfs.wire.codec.ResponseCodec.encode(
                    Command.ID_REPLY, new Response.IdValue(nextId.getAndIncrement())));
          } else if (h.command() == Command.HELLO.code()) {
            Request hello =
                new org.mediadfs.wire.codec.FrameReader(
                        new java.io.ByteArrayInputStream(body), Limits.DEFAULT)
                    .readRequest(h);
            out.write(
                org.mediadfs.wire.codec.ResponseCodec.encode(
                    Command.ID_REPLY,
                    HelloProof.reply(secret, "old-id-server", (Request.Hello) hello)));
          } else {
            out.write(
                org.mediadfs.wire.codec.ResponseCodec.encode(
                    Command.ID_REPLY,
                    new Response.Error((short) -1, "unknown command: " + h.command())));
            return;
          }
        }
      } catch (IOException e) {
        // the node went away: nothing to serve
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
    }
  }

  static Socket raw() throws IOException {
    return raw(node);
  }

  static Socket raw(StorageNode n) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(n.address().host(), n.address().port()), 5000);
    s.setSoTimeout(30_000);
    return s;
  }

  static byte[] frame(int command, byte[] body) {
    byte[] h = new FrameHeader(body.length, command, 0).toBytes();
    byte[] all = Arrays.copyOf(h, h.length + body.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  /** Reads one reply frame; {@code answered} selects the body layout of a success. */
  static Response readReply(InputStream in, Request answered) throws IOException {
    return new org.mediadfs.wire.codec.FrameReader(in, Limits.DEFAULT).readResponse(answered);
  }
}
