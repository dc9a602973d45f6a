package org.mediadfs.storage.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mediadfs.storage.StorageNode;
import org.mediadfs.testkit.Await;
import org.mediadfs.wire.FileIds;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * The bandwidth cap held within 10% on real copies, the tracker's view of a catching-up member
 * (SYNCING, with its lag), and the figures of the issue: catch-up time for 1,000 files and
 * replication MiB/s (printed, and written to {@code target/replication-figures.txt}; not timed
 * assertions).
 */
@ExtendWith(SharedPayara.class)
class ReplicationFiguresIT {
  @TempDir Path dir;

  static Map<String, String> member(Path dir, String group, String name) {
    Map<String, String> p = NodeProps.of(dir.resolve(name), group);
    p.put("mediadfs.storage.heartbeat-seconds", "1");
    return p;
  }

  static void uploadAll(StorageNode to, String user, Map<String, byte[]> files, int threads)
      throws Exception {
    List<Map.Entry<String, byte[]>> todo = new ArrayList<>(files.entrySet());
    AtomicInteger next = new AtomicInteger();
    List<Thread> ts = new ArrayList<>();
    AtomicBoolean failed = new AtomicBoolean();
    for (int t = 0; t < threads; t++) {
      ts.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (Wire w = Wire.open(to.address())) {
                      for (int i; (i = next.getAndIncrement()) < todo.size(); ) {
                        var e = todo.get(i);
                        if (!(w.upload(user, e.getKey(), e.getValue()) instanceof Response.Ok)) {
                          failed.set(true);
                        }
                      }
                    } catch (IOException e) {
                      failed.set(true);
                    }
                  }));
    }
    for (Thread t : ts) {
      t.join();
    }
    assertThat(failed).isFalse();
  }

  static Map<String, byte[]> files(String user, int n, int size) {
    Map<String, byte[]> out = new ConcurrentHashMap<>();
    for (int i = 0; i < n; i++) {
      byte[] b = new byte[size];
      ThreadLocalRandom.current().nextBytes(b);
      out.put(FileIds.generate(user), b);
    }
    return out;
  }

  static void record(String line) throws IOException {
    System.out.println(line);
    Path f = Path.of("target", "replication-figures.txt");
    Files.writeString(
        f,
        line + System.lineSeparator(),
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  @Test
  void theBandwidthCapHoldsWithinTenPercentAndTheTrackerListsTheCopierAsSyncing() throws Exception {
    String group = NodeProps.group();
    String user = "bw" + ThreadLocalRandom.current().nextInt(1_000_000);
    Map<String, byte[]> files = files(user, 10, 1 << 20);
    Map<String, String> pb = member(dir, group, "b");
    pb.put("mediadfs.storage.replication.bandwidth", "2M");
    try (StorageNode a = NodeProps.start(member(dir, group, "a"))) {
      uploadAll(a, user, files, 2);
      List<NodeInfo> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
      AtomicBoolean watching = new AtomicBoolean(true);
      try (StorageNode b = NodeProps.start(pb)) {
        Thread watcher =
            Thread.ofVirtual()
                .start(
                    () -> {
                      while (watching.get()) {
                        try (Wire w = Wire.open(SharedPayara.tracker())) {
                          w.expect(new Request.Nodes(), Response.Nodes.class).nodes().stream()
                              .filter(n -> n.nodeId().equals(b.nodeId()))
                              .forEach(seen::add);
                          Thread.sleep(200);
                        } catch (Exception e) {
                          return;
                        }
                      }
                    });
        GroupCheck.awaitConverged(
            Duration.ofSeconds(60), List.of(a.address(), b.address()), user, files, Set.of());
        Await.until(
            Duration.ofSeconds(30),
            "the tracker to list b ACTIVE again",
            () -> !seen.isEmpty() && seen.getLast().status() == NodeStatus.ACTIVE);
        watching.set(false);
        watcher.join();
        long[] s = b.replicator().copyStats();
        double seconds = (s[4] - s[3]) / 1e9;
        double rate = s[0] / seconds;
        record(
            String.format(
                "replication bandwidth cap 2 MiB/s: %d bytes copied in %.2f s = %.3f MiB/s"
                    + " (%.1f%% of the cap)",
                s[0], seconds, rate / (1 << 20), 100 * rate / (2 << 20)));
        assertThat(s[0]).isEqualTo(10L << 20);
        assertThat(rate).isBetween(0.9 * (2 << 20), 1.1 * (2 << 20));
        // While copying, the tracker had b as SYNCING and b reported how far behind it was.
        assertThat(seen)
            .anySatisfy(
                n -> {
                  assertThat(n.status()).isEqualTo(NodeStatus.SYNCING);
                  assertThat(n.lags()).anySatisfy(l -> assertThat(l.entries()).isPositive());
                });
      } finally {
        watching.set(false);
      }
    }
  }

  @Test
  void figuresCatchUpOfAThousandFilesAndReplicationThroughput() throws Exception {
    String group = NodeProps.group();
    String user = "fig" + ThreadLocalRandom.current().nextInt(1_000_000);
    Map<String, String> pb = member(dir, group, "b");
    try (StorageNode a = NodeProps.start(member(dir, group, "a"))) {
      // b joins, then goes down; 1,000 files of 4 KiB arrive meanwhile.
      try (StorageNode b = NodeProps.start(pb)) {
        Await.until(
            Duration.ofSeconds(60),
            "b to work with a",
            () ->
                !b.replicator().peerIds().isEmpty() && b.replicator().state() == NodeStatus.ACTIVE);
      }
      Map<String, byte[]> small = files(user, 1000, 4096);
      uploadAll(a, user, small, 8);
      long t0 = System.nanoTime();
      try (StorageNode b = NodeProps.start(pb)) {
        long started = System.nanoTime();
        Await.until(
            Duration.ofSeconds(120),
            "b to hold all 1,000 files",
            () -> {
              long active =
                  GroupCheck.rows(b.address(), user).values().stream()
                      .filter(m -> small.containsKey(m.fileId()))
                      .count();
              return active == small.size() && b.replicator().state() == NodeStatus.ACTIVE;
            });
        long done = System.nanoTime();
        long[] s = b.replicator().copyStats();
        record(
            String.format(
                "catch-up of 1,000 files of 4 KiB after downtime: %.2f s from the restart"
                    + " (node start %.2f s), copying %.2f s from first to last byte (%d files)",
                (done - t0) / 1e9, (started - t0) / 1e9, (s[4] - s[3]) / 1e9, s[1]));
        assertThat(GroupCheck.bytesMismatch(b.address(), user, small, Set.of())).isNull();
      }
      // One large file, unthrottled, copied by b after a restart: the pure copy rate (network,
      // CRC32C, write, force) from its first to its last byte, and the time to hold it.
      byte[] big = new byte[96 << 20];
      ThreadLocalRandom.current().nextBytes(big);
      String bigId = FileIds.generate(user);
      try (Wire w = Wire.open(a.address())) {
        assertThat(w.upload(user, bigId, big)).isEqualTo(new Response.Ok());
      }
      long t1 = System.nanoTime();
      try (StorageNode b = NodeProps.start(pb)) {
        Await.until(
            Duration.ofSeconds(120),
            "b to hold the large file",
            () -> {
              try (Wire w = Wire.openAsPeer(b.address())) {
                return w.call(new Request.FileSize(Wire.ids(user, bigId)))
                    instanceof Response.FileSize;
              }
            });
        long held = System.nanoTime();
        long[] s = b.replicator().copyStats();
        double copy = (s[4] - s[3]) / 1e9;
        record(
            String.format(
                "replication of one %d MiB file: %.0f MiB/s copying (first to last byte, %.2f s);"
                    + " %.2f s from the member's restart to holding it durably",
                big.length >> 20, (s[0] / (double) (1 << 20)) / copy, copy, (held - t1) / 1e9));
        assertThat(s[0]).isEqualTo(big.length);
        assertThat(GroupCheck.metadataMismatch(b.address(), user, Map.of(bigId, big), Set.of()))
            .isNull();
      }
    }
  }
}
