package org.mediadfs.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mediadfs.client.ClientConfig;
import org.mediadfs.client.FilePage;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.client.MediadfsDeletedException;
import org.mediadfs.client.MediadfsException;
import org.mediadfs.client.MediadfsNotFoundException;
import org.mediadfs.client.RangeStream;
import org.mediadfs.client.Route;
import org.mediadfs.client.TransferListener;
import org.mediadfs.client.UploadOptions;
import org.mediadfs.client.UploadResult;
import org.mediadfs.testkit.Await;
import org.mediadfs.testkit.FreePorts;
import org.mediadfs.testkit.LocalCluster;
import org.mediadfs.testkit.StorageProcess;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.FileIds;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;

/**
 * Every client call against a real cluster (Payara Micro tracker + ID server, two groups of one
 * storage node), over real sockets. Each test uses its own user IDs, so tests do not see each
 * other's files.
 */
@ExtendWith(SharedCluster.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientClusterIT {
  private static final String APP = "tnvideo";
  private LocalCluster cluster;
  private MediadfsClient client;

  @BeforeAll
  void connect(LocalCluster cluster) {
    this.cluster = cluster;
    this.client = MediadfsClient.create(SharedCluster.config(cluster));
  }

  @AfterAll
  void disconnect() {
    if (client != null) {
      client.close();
    }
  }

  private static String user(String what) {
    return "it" + what + Long.toString(System.nanoTime(), 36);
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  private static long crc(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b);
    return c.getValue();
  }

  // ------------------------------------------------------------ cluster views

  @Test
  void groupsTextListsBothGroups() throws IOException {
    String text = client.groups();
    assertThat(text).contains("COUNT OF GROUPS: 2").contains("group001").contains("group002");
    assertThat(text).contains("STATUS: ACTIVE");
  }

  @Test
  void nodesListEveryNodeActive() throws IOException {
    List<NodeInfo> nodes = client.nodes();
    for (StorageProcess p : cluster.nodes()) {
      assertThat(nodes)
          .anySatisfy(
              n -> {
                assertThat(n.port()).isEqualTo(p.address().port());
                assertThat(n.groupName()).isEqualTo(p.group());
                assertThat(n.status()).isEqualTo(NodeStatus.ACTIVE);
              });
    }
  }

  @Test
  void storageAddrsNamesANodeOfTheUsersStickyGroup() throws IOException {
    String u = user("route");
    Route r = client.storageAddrs(APP, u);
    assertThat(r.groupName()).isIn("group001", "group002");
    List<HostPort> groupNodes =
        cluster.group(r.groupName()).stream().map(StorageProcess::address).toList();
    assertThat(r.nodes()).isNotEmpty().allSatisfy(n -> assertThat(groupNodes).contains(n));
    assertThat(client.storageAddrs(APP, u).groupName()).isEqualTo(r.groupName());
  }

  // ------------------------------------------------------------ upload and download

  @Test
  void fileRoundTripFromAPath(@TempDir Path dir) throws IOException {
    String u = user("path");
    byte[] data = random(5 * 1024 * 1024 + 17, 1);
    Path f = dir.resolve("clip.mp4");
    Files.write(f, data);

    UploadResult up = client.upload(APP, u, f, UploadOptions.DEFAULTS);
    assertThat(up.fileId()).hasSize(FileIds.LENGTH);
    assertThat(up.size()).isEqualTo(data.length);
    assertThat(up.crc32c()).isEqualTo(crc(data));

    assertThat(client.fileSize(APP, u, up.fileId())).isEqualTo(data.length);
    FileMeta m = client.stat(APP, u, up.fileId());
    assertThat(m.size()).isEqualTo(data.length);
    assertThat(m.crc32c()).isEqualTo(crc(data));
    assertThat(m.contentType()).isEqualTo("video/mp4");
    assertThat(m.status()).isEqualTo(FileStatus.ACTIVE);
    assertThat(m.userId()).isEqualTo(u);
    assertThat(m.appId()).isEqualTo(APP);

    Path back = dir.resolve("back.mp4");
    assertThat(client.download(APP, u, up.fileId(), 0, 0, back, TransferListener.NONE))
        .isEqualTo(data.length);
    assertThat(Files.readAllBytes(back)).isEqualTo(data);
    try (var s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).doesNotContain("back.mp4.part");
    }

    ByteArrayOutputStream slice = new ByteArrayOutputStream();
    assertThat(client.download(APP, u, up.fileId(), 1000, 70_000, slice, TransferListener.NONE))
        .isEqualTo(70_000);
    assertThat(slice.toByteArray()).isEqualTo(Arrays.copyOfRange(data, 1000, 71_000));

    ByteArrayOutputStream tail = new ByteArrayOutputStream();
    client.download(APP, u, up.fileId(), data.length - 10, 0, tail, TransferListener.NONE);
    assertThat(tail.toByteArray())
        .isEqualTo(Arrays.copyOfRange(data, data.length - 10, data.length));
  }

  @Test
  void bytesWithAGivenFileIdAndContentType() throws IOException {
    String u = user("bytes");
    String id = "given-" + Long.toString(System.nanoTime(), 36) + ".txt";
    byte[] data = "hello, mediadfs".getBytes();
    UploadResult up =
        client.upload(
            APP, u, data, UploadOptions.DEFAULTS.withFileId(id).withContentType("text/plain"));
    assertThat(up.fileId()).isEqualTo(id);
    assertThat(client.stat(APP, u, id).contentType()).isEqualTo("text/plain");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    client.download(APP, u, id, out);
    assertThat(out.toByteArray()).isEqualTo(data);
  }

  @Test
  void uploadingTheSameIdTwiceIsAConflictAndKeepsTheFirst() throws IOException {
    String u = user("dup");
    String id = "dup" + Long.toString(System.nanoTime(), 36);
    byte[] first = random(1000, 2);
    client.upload(APP, u, first, UploadOptions.DEFAULTS.withFileId(id));
    assertThatThrownBy(
            () -> client.upload(APP, u, random(1000, 3), UploadOptions.DEFAULTS.withFileId(id)))
        .isInstanceOfSatisfying(
            MediadfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    assertThat(client.stat(APP, u, id).crc32c()).isEqualTo(crc(first));
  }

  @Test
  void streamOfKnownLengthIsCheckedByCrc() throws IOException {
    String u = user("stream");
    byte[] data = random(20 * 1024 * 1024, 4);
    UploadResult up =
        client.upload(
            APP, u, new java.io.ByteArrayInputStream(data), data.length, UploadOptions.DEFAULTS);
    assertThat(up.crc32c()).isEqualTo(crc(data));
    assertThat(client.stat(APP, u, up.fileId()).crc32c()).isEqualTo(crc(data));
  }

  @Test
  void emptyFile() throws IOException {
    String u = user("empty");
    UploadResult up = client.upload(APP, u, new byte[0], UploadOptions.DEFAULTS);
    assertThat(client.fileSize(APP, u, up.fileId())).isZero();
    try (RangeStream in = client.openRange(APP, u, up.fileId(), 0, 0)) {
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void openRangeStreamsAndCanBeAbandoned() throws IOException {
    String u = user("range");
    byte[] data = random(3 * 1024 * 1024, 5);
    String id = client.upload(APP, u, data, UploadOptions.DEFAULTS).fileId();
    try (RangeStream in = client.openRange(APP, u, id, 100, 2 * 1024 * 1024)) {
      assertThat(in.length()).isEqualTo(2 * 1024 * 1024);
      assertThat(in.readNBytes(4096)).isEqualTo(Arrays.copyOfRange(data, 100, 4196));
    } // closed early: its connection is dropped, not reused half-read
    try (InputStream in = client.openRange(APP, u, id, 0, 0)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(client.fileSize(APP, u, id)).isEqualTo(data.length);
  }

  @Test
  void rangeOutsideTheFileIsBadRange() throws IOException {
    String u = user("bad");
    String id = client.upload(APP, u, new byte[100], UploadOptions.DEFAULTS).fileId();
    assertThatThrownBy(() -> client.openRange(APP, u, id, 101, 0))
        .isInstanceOfSatisfying(
            MediadfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_RANGE));
    assertThatThrownBy(() -> client.openRange(APP, u, id, 50, 51))
        .isInstanceOfSatisfying(
            MediadfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_RANGE));
  }

  @Test
  void unknownFileIsNotFound() {
    String u = user("none");
    // A member that has just restarted (another test restarts one) while its group lists a dead
    // member cannot know for 2 s whether that member acknowledged a file made meanwhile: it says
    // NOT_HERE_YET (retryable) for such an ID, and NOT_FOUND for any ID made after. Every attempt
    // takes a new ID; any answer other than those two fails at once.
    Await.until(
        Duration.ofSeconds(30),
        "an unknown file answered NOT_FOUND by FILE_SIZE",
        () -> notFound(() -> client.fileSize(APP, u, FileIds.generate(u))));
    Await.until(
        Duration.ofSeconds(30),
        "an unknown file answered NOT_FOUND by DOWNLOAD",
        () -> notFound(() -> client.openRange(APP, u, FileIds.generate(u), 0, 0).close()));
  }

  /** True when the call failed with NOT_FOUND, false when with NOT_HERE_YET; else it fails. */
  private static boolean notFound(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
    if (t instanceof MediadfsNotFoundException) {
      return true;
    }
    assertThat(t)
        .as("an unknown file may only be NOT_FOUND, or NOT_HERE_YET for a moment")
        .isInstanceOf(org.mediadfs.client.MediadfsUnavailableException.class)
        .hasMessageContaining("NOT_HERE_YET");
    return false;
  }

  @Test
  void unknownAppIsRefused() {
    assertThatThrownBy(() -> client.fileSize("nosuchapp", user("app"), "abc"))
        .isInstanceOfSatisfying(
            MediadfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_APP));
  }

  // ------------------------------------------------------------ delete, restore, purge

  @Test
  void deleteRestorePurge() throws IOException {
    String u = user("life");
    byte[] data = random(10_000, 6);
    String id = client.upload(APP, u, data, UploadOptions.DEFAULTS).fileId();

    client.delete(APP, u, id);
    assertThatThrownBy(() -> client.fileSize(APP, u, id))
        .isInstanceOf(MediadfsDeletedException.class);
    assertThatThrownBy(() -> client.openRange(APP, u, id, 0, 0))
        .isInstanceOf(MediadfsDeletedException.class);
    assertThatThrownBy(() -> client.delete(APP, u, id))
        .isInstanceOf(MediadfsDeletedException.class);

    client.restore(APP, u, id);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    client.download(APP, u, id, out);
    assertThat(out.toByteArray()).isEqualTo(data);

    client.delete(APP, u, id);
    client.purge(APP, u, id);
    assertThatThrownBy(() -> client.fileSize(APP, u, id))
        .isInstanceOfSatisfying(
            MediadfsException.class,
            e -> assertThat(e.code()).isIn(ErrorCode.NOT_FOUND, ErrorCode.DELETED));
    assertThatThrownBy(() -> client.restore(APP, u, id)).isInstanceOf(MediadfsException.class);
  }

  // ------------------------------------------------------------ list

  @Test
  void listPagesThroughAUsersFilesInIdOrder() throws IOException {
    String u = user("list");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(client.upload(APP, u, random(100 + i, i), UploadOptions.DEFAULTS).fileId());
    }
    String deleted = ids.get(2);
    client.delete(APP, u, deleted);

    List<String> seen = new ArrayList<>();
    String after = "";
    int pages = 0;
    while (true) {
      FilePage p = client.listUser(APP, u, after, 2, true);
      p.files().forEach(f -> seen.add(f.fileId()));
      pages++;
      if (!p.hasMore()) {
        break;
      }
      after = p.next();
    }
    assertThat(seen).containsExactlyElementsOf(ids.stream().sorted().toList());
    assertThat(pages).isGreaterThanOrEqualTo(3);

    FilePage active = client.listUser(APP, u, "", 100, false);
    assertThat(active.files()).extracting(FileMeta::fileId).doesNotContain(deleted).hasSize(4);

    String group = client.storageAddrs(APP, u).groupName();
    FilePage g = client.listGroup(group, u, "", 100, true);
    assertThat(g.files()).extracting(FileMeta::fileId).containsExactlyInAnyOrderElementsOf(ids);
    HostPort node = cluster.group(group).getFirst().address();
    FilePage n = client.list(node, u, "", 100, true);
    assertThat(n.files()).hasSize(5);
    assertThat(n.node()).isEqualTo(node);
  }

  // ------------------------------------------------------------ concurrency and failures

  @Test
  void manyVirtualThreadsShareOneClient() throws Exception {
    int workers = 32;
    int each = 8;
    AtomicInteger ok = new AtomicInteger();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        int seed = w;
        fs.add(
            ex.submit(
                () -> {
                  String u = user("vt" + seed);
                  for (int i = 0; i < each; i++) {
                    byte[] data = random(4096 + i, seed * 100L + i);
                    String id = client.upload(APP, u, data, UploadOptions.DEFAULTS).fileId();
                    try (InputStream in = client.openRange(APP, u, id, 0, 0)) {
                      assertThat(in.readAllBytes()).isEqualTo(data);
                    }
                    ok.incrementAndGet();
                  }
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    }
    assertThat(ok.get()).isEqualTo(workers * each);
  }

  @Test
  void deadFirstTrackerIsSkipped() throws IOException {
    HostPort dead = new HostPort("127.0.0.1", FreePorts.next()); // nothing listens there
    ClientConfig cfg =
        SharedCluster.config(cluster).toBuilder()
            .trackers(List.of(dead, cluster.tracker()))
            .build();
    try (MediadfsClient c = MediadfsClient.create(cfg)) {
      for (int i = 0; i < 6; i++) { // whatever the random start, every call succeeds
        assertThat(c.groups()).contains("COUNT OF GROUPS");
      }
    }
  }

  /**
   * A second member joins a user's group and is killed: while the tracker still lists it (until it
   * misses three heartbeats) the client must fail over to the live member for every call.
   * Afterwards the test waits until the tracker stops listing the dead member as ACTIVE, so the
   * shared cluster is as it was for the other tests.
   */
  @Test
  void deadMemberListedByTheTrackerIsSkipped() throws Exception {
    // The tracker places new users by free space, so take the user first and grow its group.
    String u = user("dead");
    String group = client.storageAddrs(APP, u).groupName();
    StorageProcess live = cluster.group(group).getFirst();
    Map<String, String> props = new HashMap<>();
    for (String k :
        List.of(
            "mediadfs.storage.group",
            "mediadfs.storage.trackers",
            "mediadfs.storage.id-servers",
            "mediadfs.storage.heartbeat-seconds")) {
      props.put(k, live.props().get(k));
    }
    StorageProcess extra =
        StorageProcess.start(
            "extra", cluster.workDir().resolve("extra-" + System.nanoTime()), props);
    try {
      Await.until(
          Duration.ofMinutes(1),
          "the extra member ACTIVE",
          () ->
              cluster.trackerNodes().stream()
                  .anyMatch(
                      n -> n.port() == extra.address().port() && n.status() == NodeStatus.ACTIVE));
      extra.kill();

      ClientConfig cfg =
          SharedCluster.config(cluster).toBuilder().routeCacheTtl(Duration.ZERO).build();
      int deadFirst = 0;
      try (MediadfsClient c = MediadfsClient.create(cfg)) {
        for (int i = 0; i < 20; i++) {
          Route r = c.storageAddrs(APP, u);
          if (r.nodes().getFirst().equals(extra.address())) {
            deadFirst++;
          }
          byte[] data = random(2000 + i, 100 + i);
          UploadResult up = c.upload(APP, u, data, UploadOptions.DEFAULTS);
          assertThat(up.node()).isEqualTo(live.address());
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          c.download(APP, u, up.fileId(), out);
          assertThat(out.toByteArray()).isEqualTo(data);
        }
      }
      // The tracker put the dead member first at least once (it reported no load), so the
      // uploads above really went through failover.
      assertThat(deadFirst).isPositive();
    } finally {
      extra.kill();
      Await.until(
          Duration.ofMinutes(1),
          "the tracker no longer lists the killed member as ACTIVE",
          () ->
              cluster.trackerNodes().stream()
                  .noneMatch(
                      n -> n.port() == extra.address().port() && n.status() == NodeStatus.ACTIVE));
    }
  }

  @Test
  void pooledConnectionsSurviveAStorageNodeRestart() throws IOException {
    // Validate on every reuse (idle > 1 ms) so the probe path runs against real sockets.
    ClientConfig cfg =
        SharedCluster.config(cluster).toBuilder()
            .validateAfterIdle(Duration.ofMillis(1))
            .routeCacheTtl(Duration.ZERO)
            .build();
    try (MediadfsClient c = MediadfsClient.create(cfg)) {
      String u = user("restart");
      byte[] data = random(50_000, 9);
      UploadResult up = c.upload(APP, u, data, UploadOptions.DEFAULTS);
      StorageProcess node =
          cluster.nodes().stream()
              .filter(p -> p.address().equals(up.node()))
              .findFirst()
              .orElseThrow();
      node.stop();
      node.start();
      cluster.awaitAllActive(Duration.ofMinutes(2));
      // The pooled connection to the node is dead; the client notices and reconnects.
      assertThat(c.fileSize(APP, u, up.fileId())).isEqualTo(data.length);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      c.download(APP, u, up.fileId(), out);
      assertThat(out.toByteArray()).isEqualTo(data);
    }
  }
}
