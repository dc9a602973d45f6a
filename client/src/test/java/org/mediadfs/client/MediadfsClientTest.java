package org.mediadfs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mediadfs.client.testing.FakeNet;
import org.mediadfs.client.testing.FakeNet.Reply;
import org.mediadfs.client.testing.FakeTime;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.FileIds;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/** Selection, failover and retry of the client against scripted fakes: no sockets, no sleeps. */
class MediadfsClientTest {
  static final HostPort T1 = new HostPort("10.0.1.1", 21000);
  static final HostPort T2 = new HostPort("10.0.1.2", 21000);
  static final HostPort T3 = new HostPort("10.0.1.3", 21000);
  static final HostPort S1 = new HostPort("10.0.2.1", 23000);
  static final HostPort S2 = new HostPort("10.0.2.2", 23000);
  static final HostPort S3 = new HostPort("10.0.2.3", 23000);
  static final String APP = "tnvideo";
  static final String USER = "tnv001";
  static final String FILE = "649e782b035ee5136ad6ff2c8d2101000115";
  static final RetryPolicy RETRY =
      new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0);

  final FakeNet net = new FakeNet();
  final FakeTime time = new FakeTime();
  final AtomicInteger trackerStart = new AtomicInteger();

  /** nextInt(bound) is the scripted tracker start; everything else is fixed. */
  final RandomGenerator random =
      new RandomGenerator() {
        @Override
        public long nextLong() {
          return 42;
        }

        @Override
        public int nextInt(int bound) {
          return trackerStart.get() % bound;
        }

        @Override
        public double nextDouble() {
          return 0.5;
        }
      };

  MediadfsClient client(List<HostPort> trackers, Duration routeTtl) {
    ClientConfig cfg = ClientConfig.builder(trackers).retry(RETRY).routeCacheTtl(routeTtl).build();
    return new MediadfsClient(cfg, net, time, time, random);
  }

  MediadfsClient client() {
    return client(List.of(T1), Duration.ZERO);
  }

  /** A tracker that routes every user to group001 with these nodes. */
  FakeNet.Handler tracker(HostPort... nodes) {
    return (req, up) ->
        switch (req) {
          case Request.StorageAddrs s ->
              Reply.of(new Response.StorageAddrs("group001", List.of(nodes)));
          case Request.Groups g -> Reply.of(new Response.Groups("COUNT OF GROUPS: 1"));
          default -> Reply.error(ErrorCode.BAD_REQUEST, "unexpected " + req);
        };
  }

  static FakeNet.Handler size(long n) {
    return (req, up) -> Reply.of(new Response.FileSize(n));
  }

  static FakeNet.Handler error(ErrorCode code) {
    return (req, up) -> Reply.error(code, code + " here");
  }

  // ------------------------------------------------------------ tracker choice

  @Test
  void trackersRandomStartThenRoundTheList() throws IOException {
    trackerStart.set(1);
    net.on(T1, tracker()).on(T2, tracker()).on(T3, tracker()).down(T2).down(T3);
    try (MediadfsClient c = client(List.of(T1, T2, T3), Duration.ZERO)) {
      assertThat(c.groups()).isEqualTo("COUNT OF GROUPS: 1");
    }
    // start at index 1 (T2, down), then T3 (down), then round to T1
    assertThat(net.connects.get()).isEqualTo(3);
    assertThat(net.calls).containsExactly(T1 + " GROUPS");
  }

  @Test
  void trackerStartDiffersPerCall() throws IOException {
    net.on(T1, tracker()).on(T2, tracker());
    try (MediadfsClient c = client(List.of(T1, T2), Duration.ZERO)) {
      trackerStart.set(0);
      c.groups();
      trackerStart.set(1);
      c.groups();
    }
    assertThat(net.calls).containsExactly(T1 + " GROUPS", T2 + " GROUPS");
  }

  @Test
  void retryableTrackerErrorMovesToNextTracker() throws IOException {
    net.on(T1, error(ErrorCode.UNAVAILABLE)).on(T2, tracker());
    try (MediadfsClient c = client(List.of(T1, T2), Duration.ZERO)) {
      assertThat(c.groups()).startsWith("COUNT");
    }
    assertThat(net.calls).containsExactly(T1 + " GROUPS", T2 + " GROUPS");
  }

  @Test
  void finalTrackerErrorIsNotRetried() {
    net.on(T1, error(ErrorCode.UNKNOWN_APP)).on(T2, tracker(S1)).on(S1, size(1));
    try (MediadfsClient c = client(List.of(T1, T2), Duration.ZERO)) {
      assertThatThrownBy(() -> c.fileSize(APP, USER, FILE))
          .isInstanceOfSatisfying(
              MediadfsException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_APP);
                assertThat(e.number()).isEqualTo((short) 3);
                assertThat(e.server()).isEqualTo(T1);
                assertThat(e.serverText()).isEqualTo("UNKNOWN_APP here");
              });
    }
    assertThat(net.calls).containsExactly(T1 + " STORAGE_ADDRS");
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void allTrackersDownGivesUnavailableAfterBoundedPassesWithBackoff() {
    try (MediadfsClient c = client(List.of(T1, T2), Duration.ZERO)) {
      assertThatThrownBy(c::groups)
          .isInstanceOfSatisfying(
              MediadfsUnavailableException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(e.getSuppressed()).hasSize(5); // 6 failed connects, last is the cause
              });
    }
    assertThat(net.connects.get()).isEqualTo(3 * 2);
    assertThat(time.sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void groupNamesAreEveryGroupOfTheGroupsTextThoseWithoutNodesIncluded() throws IOException {
    String text =
        String.join(
            "\n",
            "         COUNT OF GROUPS: 2",
            "               GROUPNAME: group001",
            "       COUNT OF STORAGES: 1",
            "COUNT OF ACTIVE STORAGES: 1",
            "                 VERSION: mediadfs-1",
            "                HOSTNAME: vm",
            "                 ADDRESS: 127.0.0.1:23000",
            "            STARTUP TIME: Thu Nov 26 12:59:39 2026",
            "               JOIN TIME: Thu Nov 26 12:59:39 2026",
            "               BEAT TIME: Thu Nov 26 13:00:09 2026",
            "                  STATUS: ACTIVE",
            "               GROUPNAME: group003",
            "       COUNT OF STORAGES: 0",
            "COUNT OF ACTIVE STORAGES: 0");
    net.on(T1, (req, up) -> Reply.of(new Response.Groups(text)));
    try (MediadfsClient c = client()) {
      assertThat(c.groupNames()).containsExactly("group001", "group003");
    }
  }

  // ------------------------------------------------------------ storage choice

  @Test
  void storagesAreTriedInTrackerOrder() throws IOException {
    net.on(T1, tracker(S2, S1)).on(S1, size(1)).on(S2, size(2));
    try (MediadfsClient c = client()) {
      assertThat(c.fileSize(APP, USER, FILE)).isEqualTo(2);
    }
    assertThat(net.callsTo(S1)).isZero();
  }

  @Test
  void socketErrorMovesToNextStorage() throws IOException {
    net.on(T1, tracker(S1, S2, S3)).on(S1, size(1)).down(S1).on(S2, size(2)).on(S3, size(3));
    try (MediadfsClient c = client()) {
      assertThat(c.fileSize(APP, USER, FILE)).isEqualTo(2);
    }
  }

  @Test
  void socketErrorAfterTheRequestMovesToNextStorage() throws IOException {
    net.on(T1, tracker(S1, S2))
        .on(
            S1,
            (req, up) -> {
              throw new IOException("Connection reset");
            })
        .on(S2, size(2));
    try (MediadfsClient c = client()) {
      assertThat(c.fileSize(APP, USER, FILE)).isEqualTo(2);
    }
    assertThat(net.calls)
        .containsExactly(T1 + " STORAGE_ADDRS", S1 + " FILE_SIZE", S2 + " FILE_SIZE");
  }

  /** Seed bug 17: the original returned a storage's error reply at once, never trying the next. */
  @Test
  void notHereYetMovesToNextStorage() throws IOException {
    net.on(T1, tracker(S1, S2)).on(S1, error(ErrorCode.NOT_HERE_YET)).on(S2, size(7));
    try (MediadfsClient c = client()) {
      assertThat(c.fileSize(APP, USER, FILE)).isEqualTo(7);
    }
    assertThat(net.calls)
        .containsExactly(T1 + " STORAGE_ADDRS", S1 + " FILE_SIZE", S2 + " FILE_SIZE");
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void notFoundIsFinalAndNotRetriedElsewhere() {
    net.on(T1, tracker(S1, S2)).on(S1, error(ErrorCode.NOT_FOUND)).on(S2, size(7));
    try (MediadfsClient c = client()) {
      assertThatThrownBy(() -> c.fileSize(APP, USER, FILE))
          .isInstanceOfSatisfying(
              MediadfsNotFoundException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(e.server()).isEqualTo(S1);
              });
    }
    assertThat(net.callsTo(S2)).isZero();
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void deletedIsItsOwnException() {
    net.on(T1, tracker(S1, S2)).on(S1, error(ErrorCode.DELETED)).on(S2, size(7));
    try (MediadfsClient c = client()) {
      assertThatThrownBy(() -> c.stat(APP, USER, FILE))
          .isInstanceOf(MediadfsDeletedException.class);
    }
    assertThat(net.callsTo(S2)).isZero();
  }

  @Test
  void everyStorageNotHereYetRetriesBoundedWithBackoffAndAsksTheTrackerAgain() {
    net.on(T1, tracker(S1, S2))
        .on(S1, error(ErrorCode.NOT_HERE_YET))
        .on(S2, error(ErrorCode.NOT_HERE_YET));
    try (MediadfsClient c = client(List.of(T1), Duration.ofSeconds(10))) {
      assertThatThrownBy(() -> c.fileSize(APP, USER, FILE))
          .isInstanceOfSatisfying(
              MediadfsUnavailableException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.NOT_HERE_YET);
                assertThat(e.server()).isEqualTo(S2);
              });
    }
    assertThat(net.callsTo(S1)).isEqualTo(3);
    assertThat(net.callsTo(S2)).isEqualTo(3);
    assertThat(net.callsTo(T1)).isEqualTo(3); // cached route dropped after each failed pass
    assertThat(time.sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void aLaterPassSucceedsWhenTheNodeCatchesUp() throws IOException {
    AtomicInteger asked = new AtomicInteger();
    net.on(T1, tracker(S1))
        .on(
            S1,
            (req, up) ->
                asked.incrementAndGet() < 3
                    ? Reply.error(ErrorCode.NOT_HERE_YET, "wait")
                    : Reply.of(new Response.FileSize(5)));
    try (MediadfsClient c = client()) {
      assertThat(c.fileSize(APP, USER, FILE)).isEqualTo(5);
    }
    assertThat(time.sleeps).hasSize(2);
  }

  @Test
  void routeIsCachedForItsTtl() throws IOException {
    net.on(T1, tracker(S1)).on(S1, size(1));
    try (MediadfsClient c = client(List.of(T1), Duration.ofSeconds(2))) {
      c.fileSize(APP, USER, FILE);
      c.fileSize(APP, USER, FILE);
      assertThat(net.callsTo(T1)).isEqualTo(1);
      time.advance(Duration.ofSeconds(3));
      c.fileSize(APP, USER, FILE);
      assertThat(net.callsTo(T1)).isEqualTo(2);
    }
  }

  @Test
  void brokenPooledConnectionIsNotReused() throws IOException {
    net.on(T1, tracker(S1, S2)).on(S1, size(1)).on(S2, size(2));
    try (MediadfsClient c = client()) {
      assertThat(c.fileSize(APP, USER, FILE)).isEqualTo(1);
      FakeNet.FakeConnection pooled =
          net.connections.stream().filter(x -> x.address().equals(S1)).findFirst().orElseThrow();
      pooled.markBroken();
      assertThat(c.fileSize(APP, USER, FILE)).isEqualTo(1);
      assertThat(pooled.closed()).isTrue();
    }
    assertThat(net.callsTo(S2)).isZero();
    assertThat(net.connections.stream().filter(x -> x.address().equals(S1))).hasSize(2);
  }

  @Test
  void reusedConnectionThatFailsOnUseIsReplacedNotFailedOver() throws IOException {
    AtomicInteger n = new AtomicInteger();
    net.on(T1, tracker(S1, S2))
        .on(
            S1,
            (req, up) -> {
              if (n.incrementAndGet() == 2) {
                throw new IOException("Broken pipe"); // the 2nd request hits a stale connection
              }
              return Reply.of(new Response.FileSize(1));
            })
        .on(S2, size(2));
    try (MediadfsClient c = client()) {
      assertThat(c.fileSize(APP, USER, FILE)).isEqualTo(1);
      assertThat(c.fileSize(APP, USER, FILE)).isEqualTo(1);
    }
    assertThat(net.callsTo(S2)).isZero();
    assertThat(net.connections.stream().filter(x -> x.address().equals(S1))).hasSize(2);
  }

  @Test
  void connectionStaysPooledAfterNotFoundButNotAfterBadRequest() throws IOException {
    AtomicInteger n = new AtomicInteger();
    net.on(T1, tracker(S1))
        .on(
            S1,
            (req, up) ->
                n.incrementAndGet() == 1
                    ? Reply.error(ErrorCode.NOT_FOUND, "no")
                    : Reply.error(ErrorCode.BAD_REQUEST, "bad"));
    try (MediadfsClient c = client()) {
      assertThatThrownBy(() -> c.fileSize(APP, USER, FILE))
          .isInstanceOf(MediadfsNotFoundException.class);
      assertThatThrownBy(() -> c.fileSize(APP, USER, FILE))
          .isInstanceOfSatisfying(
              MediadfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
      List<FakeNet.FakeConnection> toS1 =
          net.connections.stream().filter(x -> x.address().equals(S1)).toList();
      assertThat(toS1).hasSize(1); // reused after NOT_FOUND
      assertThat(toS1.getFirst().closed()).isTrue(); // dropped after BAD_REQUEST, before close()
    }
  }

  // ------------------------------------------------------------ uploads

  @Test
  void uploadOfBytesAnnouncesCrcAndGeneratesAnOriginalStyleFileId() throws IOException {
    byte[] data = "hello mediadfs".getBytes();
    long crc = crc(data);
    byte[][] got = new byte[1][];
    Request.UploadEx[] req = new Request.UploadEx[1];
    net.on(T1, tracker(S1))
        .on(
            S1,
            (r, up) -> {
              req[0] = (Request.UploadEx) r;
              got[0] = up;
              return Reply.of(new Response.Uploaded(crc, 1234));
            });
    UploadResult res;
    try (MediadfsClient c = client()) {
      res = c.upload(APP, USER, data, UploadOptions.DEFAULTS.withContentType("text/plain"));
    }
    assertThat(got[0]).isEqualTo(data);
    assertThat(req[0].crc32c()).isEqualTo(crc);
    assertThat(req[0].contentType()).isEqualTo("text/plain");
    assertThat(req[0].fileSize()).isEqualTo(data.length);
    assertThat(res.fileId()).hasSize(FileIds.LENGTH).matches("[0-9a-f]{30}[0-9]{6}");
    assertThat(req[0].ids().fileId()).isEqualTo(res.fileId());
    assertThat(res.node()).isEqualTo(S1);
    assertThat(res.groupName()).isEqualTo("group001");
    assertThat(res.crc32c()).isEqualTo(crc);
  }

  @Test
  void uploadKeepsAGivenFileIdAndRefusesAnInvalidOne() throws IOException {
    byte[] data = {1, 2, 3};
    net.on(T1, tracker(S1)).on(S1, (r, up) -> Reply.of(new Response.Uploaded(crc(data), 1)));
    try (MediadfsClient c = client()) {
      assertThat(c.upload(APP, USER, data, UploadOptions.DEFAULTS.withFileId("my-file.1")).fileId())
          .isEqualTo("my-file.1");
      assertThatThrownBy(
              () -> c.upload(APP, USER, data, UploadOptions.DEFAULTS.withFileId("../etc/passwd")))
          .isInstanceOfSatisfying(
              MediadfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME));
    }
    assertThat(net.calls).hasSize(2); // the invalid one never left the client
  }

  @Test
  void diskFullMovesTheUploadToTheNextNode() throws IOException {
    byte[] data = new byte[1000];
    Arrays.fill(data, (byte) 7);
    byte[][] got = new byte[1][];
    net.on(T1, tracker(S1, S2))
        .on(S1, error(ErrorCode.DISK_FULL))
        .on(
            S2,
            (r, up) -> {
              got[0] = up;
              return Reply.of(new Response.Uploaded(crc(data), 1));
            });
    try (MediadfsClient c = client()) {
      assertThat(c.upload(APP, USER, data, UploadOptions.DEFAULTS).node()).isEqualTo(S2);
    }
    assertThat(got[0]).isEqualTo(data);
  }

  @Test
  void earlyRefusalDuringTheBodyIsReportedWithTheServersCode() {
    net.on(T1, tracker(S1, S2))
        .on(S1, (r, up) -> Reply.of(new Response.Uploaded(0, 1)))
        .refuseUploads(S1, ErrorCode.TOO_LARGE, 10)
        .on(S2, (r, up) -> Reply.of(new Response.Uploaded(0, 1)));
    try (MediadfsClient c = client()) {
      assertThatThrownBy(() -> c.upload(APP, USER, new byte[1 << 20], UploadOptions.DEFAULTS))
          .isInstanceOfSatisfying(
              MediadfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
    }
    assertThat(net.callsTo(S2)).isZero();
  }

  @Test
  void streamUploadFailsOverOnlyBeforeItsFirstByte() throws IOException {
    byte[] data = new byte[300_000];
    new java.util.Random(3).nextBytes(data);
    net.on(T1, tracker(S1, S2, S3))
        .down(S1) // connect fails: the stream is untouched, so S2 may take it
        .on(S1, size(0))
        .on(
            S2,
            (r, up) -> {
              throw new IOException("Connection reset"); // after the bytes went out
            })
        .on(S3, (r, up) -> Reply.of(new Response.Uploaded(crc(data), 1)));
    try (MediadfsClient c = client()) {
      assertThatThrownBy(
              () ->
                  c.upload(
                      APP,
                      USER,
                      new ByteArrayInputStream(data),
                      data.length,
                      UploadOptions.DEFAULTS))
          .isInstanceOf(MediadfsUnavailableException.class)
          .hasMessageContaining("no server reachable");
    }
    assertThat(net.callsTo(S2)).isEqualTo(1);
    assertThat(net.callsTo(S3)).isZero();
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void streamUploadChecksTheNodesCrcAndRemovesACorruptFile() {
    byte[] data = {9, 9, 9, 9};
    net.on(T1, tracker(S1))
        .on(
            S1,
            (r, up) ->
                switch (r) {
                  case Request.UploadEx u -> Reply.of(new Response.Uploaded(crc(data) ^ 1, 1));
                  default -> Reply.of(new Response.Ok());
                });
    try (MediadfsClient c = client()) {
      assertThatThrownBy(
              () ->
                  c.upload(
                      APP,
                      USER,
                      new ByteArrayInputStream(data),
                      data.length,
                      UploadOptions.DEFAULTS))
          .isInstanceOfSatisfying(
              MediadfsException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH));
    }
    assertThat(net.calls)
        .containsExactly(T1 + " STORAGE_ADDRS", S1 + " UPLOAD_EX", S1 + " DELETE", S1 + " PURGE");
  }

  @Test
  void shortUploadStreamIsALocalErrorAndNotRetried() {
    net.on(T1, tracker(S1, S2)).on(S1, size(0)).on(S2, size(0));
    try (MediadfsClient c = client()) {
      assertThatThrownBy(
              () ->
                  c.upload(
                      APP,
                      USER,
                      new ByteArrayInputStream(new byte[10]),
                      20,
                      UploadOptions.DEFAULTS))
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(MediadfsException.class)
          .hasMessageContaining("ended after 10 of 20");
    }
    assertThat(net.callsTo(S2)).isZero();
  }

  @Test
  void conflictAfterAnAmbiguousAttemptIsRecognisedAsOurOwnUpload() throws IOException {
    byte[] data = {1, 2, 3, 4, 5};
    long crc = crc(data);
    net.on(T1, tracker(S1, S2))
        .on(
            S1,
            (r, up) -> {
              throw new IOException("reply lost"); // stored, but the reply never came
            })
        .on(
            S2,
            (r, up) ->
                switch (r) {
                  case Request.UploadEx u -> Reply.error(ErrorCode.CONFLICT, "exists");
                  case Request.Stat s ->
                      Reply.of(
                          new Response.Stat(
                              new FileMeta(
                                  s.ids().fileId(),
                                  APP,
                                  USER,
                                  5,
                                  crc,
                                  "",
                                  FileStatus.ACTIVE,
                                  "p",
                                  77,
                                  77)));
                  default -> Reply.error(ErrorCode.BAD_REQUEST, "?");
                });
    try (MediadfsClient c = client()) {
      UploadResult r = c.upload(APP, USER, data, UploadOptions.DEFAULTS);
      assertThat(r.node()).isEqualTo(S2);
      assertThat(r.createTime()).isEqualTo(77);
    }
  }

  @Test
  void conflictWithoutAnEarlierAttemptIsAConflict() {
    net.on(T1, tracker(S1)).on(S1, error(ErrorCode.CONFLICT));
    try (MediadfsClient c = client()) {
      assertThatThrownBy(() -> c.upload(APP, USER, new byte[] {1}, UploadOptions.DEFAULTS))
          .isInstanceOfSatisfying(
              MediadfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }
  }

  @Test
  void deleteAfterAnAmbiguousAttemptAcceptsDeleted() throws IOException {
    net.on(T1, tracker(S1, S2))
        .on(
            S1,
            (r, up) -> {
              throw new IOException("reply lost");
            })
        .on(S2, error(ErrorCode.DELETED));
    try (MediadfsClient c = client()) {
      c.delete(APP, USER, FILE);
    }
    assertThat(net.callsTo(S2)).isEqualTo(1);
  }

  // ------------------------------------------------------------ downloads

  @Test
  void fullyReadRangeReturnsItsConnectionToThePool() throws IOException {
    byte[] data = bytes(100_000);
    net.on(T1, tracker(S1))
        .on(
            S1,
            (r, up) ->
                r instanceof Request.Download
                    ? Reply.download(data)
                    : Reply.of(new Response.FileSize(data.length)));
    try (MediadfsClient c = client()) {
      try (RangeStream in = c.openRange(APP, USER, FILE, 0, 0)) {
        assertThat(in.length()).isEqualTo(data.length);
        assertThat(in.readAllBytes()).isEqualTo(data);
      }
      c.fileSize(APP, USER, FILE); // reuses the same connection
    }
    assertThat(net.connections.stream().filter(x -> x.address().equals(S1))).hasSize(1);
  }

  @Test
  void rangeClosedEarlyDiscardsItsConnection() throws IOException {
    byte[] data = bytes(100_000);
    net.on(T1, tracker(S1)).on(S1, (r, up) -> Reply.download(data));
    try (MediadfsClient c = client()) {
      try (InputStream in = c.openRange(APP, USER, FILE, 0, 0)) {
        assertThat(in.readNBytes(10)).isEqualTo(Arrays.copyOf(data, 10));
      }
      FakeNet.FakeConnection first = net.connections.get(1);
      assertThat(first.closed()).isTrue();
      try (InputStream in = c.openRange(APP, USER, FILE, 0, 0)) {
        in.readAllBytes();
      }
    }
    assertThat(net.connections.stream().filter(x -> x.address().equals(S1))).hasSize(2);
  }

  @Test
  void rangeResumesOnTheNextNodeAfterAMidStreamFailure() throws IOException {
    byte[] data = bytes(1 << 20);
    Request.Download[] resumed = new Request.Download[1];
    net.on(T1, tracker(S1, S2))
        .on(
            S1,
            (r, up) -> {
              Request.Download d = (Request.Download) r;
              byte[] slice = Arrays.copyOfRange(data, (int) d.offset(), data.length);
              return new Reply(new Response.Download(slice.length), slice, 300_000, -1);
            })
        .on(
            S2,
            (r, up) -> {
              Request.Download d = (Request.Download) r;
              resumed[0] = d;
              byte[] slice =
                  Arrays.copyOfRange(data, (int) d.offset(), (int) (d.offset() + d.size()));
              return Reply.download(slice);
            });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MediadfsClient c = client()) {
      assertThat(c.download(APP, USER, FILE, 1000, 0, out, TransferListener.NONE))
          .isEqualTo(data.length - 1000);
    }
    assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(data, 1000, data.length));
    assertThat(resumed[0].offset()).isEqualTo(1000 + 300_000);
    assertThat(resumed[0].size()).isEqualTo(data.length - 1000 - 300_000);
  }

  @Test
  void aDownloadOverAnExistingFileKeepsThatFilesMode(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("x");
    Files.write(target, bytes(3));
    Set<PosixFilePermission> own =
        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_EXECUTE);
    Files.setPosixFilePermissions(target, own);
    net.on(T1, tracker(S1)).on(S1, (r, up) -> Reply.download(bytes(10)));
    try (MediadfsClient c = client()) {
      assertThat(c.download(APP, USER, FILE, 0, 10, target, TransferListener.NONE)).isEqualTo(10);
    }
    assertThat(Files.readAllBytes(target)).isEqualTo(bytes(10));
    assertThat(Files.getPosixFilePermissions(target)).isEqualTo(own);
    try (var left = Files.list(dir)) {
      assertThat(left).containsExactly(target);
    }
  }

  @Test
  void aDownloadedFileGetsTheModeOfAnyNewFileNotAPrivateOne(@TempDir Path dir) throws IOException {
    Path plain = dir.resolve("made-by-hand");
    Files.newOutputStream(plain).close();
    Set<PosixFilePermission> usual = Files.getPosixFilePermissions(plain);
    assumeThat(usual).as("a umask that lets others read").contains(PosixFilePermission.OTHERS_READ);
    net.on(T1, tracker(S1)).on(S1, (r, up) -> Reply.download(bytes(10)));
    Path target = dir.resolve("x");
    try (MediadfsClient c = client()) {
      assertThat(c.download(APP, USER, FILE, 0, 10, target, TransferListener.NONE)).isEqualTo(10);
    }
    assertThat(Files.readAllBytes(target)).isEqualTo(bytes(10));
    assertThat(Files.getPosixFilePermissions(target)).isEqualTo(usual);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactlyInAnyOrder(plain, target);
    }
  }

  @Test
  void aFailedDownloadLeavesTheTargetAsItWasAndNoPartFile(@TempDir Path dir) throws IOException {
    byte[] data = bytes(1000);
    net.on(T1, tracker(S1))
        .on(
            S1,
            (r, up) ->
                r instanceof Request.Stat
                    ? Reply.of(
                        new Response.Stat(
                            new FileMeta(
                                FILE,
                                APP,
                                USER,
                                data.length,
                                crc(data) ^ 1,
                                "",
                                FileStatus.ACTIVE,
                                "p",
                                1,
                                1)))
                    : Reply.download(data));
    Path target = dir.resolve("x");
    Files.writeString(target, "old");
    try (MediadfsClient c = client()) {
      assertThatThrownBy(() -> c.download(APP, USER, FILE, 0, 0, target, TransferListener.NONE))
          .isInstanceOfSatisfying(
              MediadfsException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH));
    }
    assertThat(Files.readString(target)).isEqualTo("old");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void badRangeIsFinal() {
    net.on(T1, tracker(S1, S2)).on(S1, error(ErrorCode.BAD_RANGE)).on(S2, size(0));
    try (MediadfsClient c = client()) {
      assertThatThrownBy(() -> c.openRange(APP, USER, FILE, 10, 10))
          .isInstanceOfSatisfying(
              MediadfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_RANGE));
    }
    assertThat(net.callsTo(S2)).isZero();
  }

  @Test
  void invalidNamesNeverLeaveTheClient() {
    try (MediadfsClient c = client()) {
      assertThatThrownBy(() -> c.fileSize("tn-video", USER, FILE))
          .isInstanceOfSatisfying(
              MediadfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_APP));
      assertThatThrownBy(() -> c.fileSize(APP, "", FILE))
          .isInstanceOfSatisfying(
              MediadfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME));
      assertThatThrownBy(() -> c.fileSize(APP, USER, "a/b"))
          .isInstanceOfSatisfying(
              MediadfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME));
    }
    assertThat(net.connects.get()).isZero();
  }

  static long crc(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b);
    return c.getValue();
  }

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new java.util.Random(n).nextBytes(b);
    return b;
  }
}
