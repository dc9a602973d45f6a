package org.mediadfs.storage.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mediadfs.storage.StorageNode;
import org.mediadfs.testkit.Await;
import org.mediadfs.testkit.Trees;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.FileIds;
import org.mediadfs.wire.message.FileStatus;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * Replication inside a group with in-process members of the real tracker: live copies, reads right
 * after the upload (read repair), deletes, restores and purges made while a member was down, sync
 * mode, wiped store roots, conflicts. Every test runs in a group of its own.
 */
@ExtendWith(SharedPayara.class)
class ReplicationIT {
  @TempDir Path dir;

  static byte[] random(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  static Map<String, String> member(Path dir, String group, String name) {
    Map<String, String> p = NodeProps.of(dir.resolve(name), group);
    p.put("mediadfs.storage.heartbeat-seconds", "1");
    return p;
  }

  /** Waits until every node works with every other one and reports ACTIVE. */
  static void awaitGroup(StorageNode... nodes) {
    Await.until(
        Duration.ofSeconds(60),
        "members to know each other and be ACTIVE",
        () -> {
          for (StorageNode n : nodes) {
            for (StorageNode o : nodes) {
              if (n != o && !n.replicator().peerIds().contains(o.nodeId())) {
                return false;
              }
            }
            if (n.replicator().state() != NodeStatus.ACTIVE) {
              return false;
            }
          }
          return true;
        });
  }

  static List<HostPort> addresses(StorageNode... nodes) {
    return Arrays.stream(nodes).map(StorageNode::address).toList();
  }

  @Test
  void uploadsReachEveryMemberAndReadsWorkFromAnyMemberRightAfterTheUpload() throws Exception {
    String group = NodeProps.group();
    String user = "u" + ThreadLocalRandom.current().nextInt(1_000_000);
    try (StorageNode a = NodeProps.start(member(dir, group, "a"));
        StorageNode b = NodeProps.start(member(dir, group, "b"))) {
      awaitGroup(a, b);
      Map<String, byte[]> live = new LinkedHashMap<>();
      Set<String> gone = new HashSet<>();
      try (Wire wa = Wire.open(a.address());
          Wire wb = Wire.open(b.address())) {
        for (int i = 0; i < 30; i++) {
          boolean toA = i % 2 == 0;
          String file = FileIds.generate(user);
          byte[] data = random(1 + ThreadLocalRandom.current().nextInt(200_000));
          assertThat((toA ? wa : wb).upload(user, file, data)).isEqualTo(new Response.Ok());
          live.put(file, data);
          // The original client reads from whichever member the tracker names, at once.
          Wire other = toA ? wb : wa;
          // No NOT_HERE_YET either: the member fetches it from its peer at once (read repair).
          assertThat(other.download(user, file, 0, 0)).isEqualTo(data);
          assertThat(
                  other
                      .expect(new Request.FileSize(Wire.ids(user, file)), Response.FileSize.class)
                      .size())
              .isEqualTo(data.length);
        }
        // STAT of a file the member has not seen yet, and an empty user ID (the web's lookup).
        String file = FileIds.generate(user);
        byte[] data = random(1234);
        assertThat(wa.upload(user, file, data)).isEqualTo(new Response.Ok());
        live.put(file, data);
        Response.Stat st =
            wb.expect(
                new Request.Stat(new org.mediadfs.wire.message.IdBlock("", "", file)),
                Response.Stat.class);
        assertThat(st.meta().userId()).isEqualTo(user);
        assertThat(st.meta().crc32c()).isEqualTo(GroupCheck.crc(data));
        // A delete or purge sent at once to the member the file has not reached yet applies too.
        String deletedAtOnce = FileIds.generate(user);
        String purgedAtOnce = FileIds.generate(user);
        assertThat(wa.upload(user, deletedAtOnce, random(100))).isEqualTo(new Response.Ok());
        assertThat(wb.call(new Request.Delete(Wire.ids(user, deletedAtOnce))))
            .isEqualTo(new Response.Ok());
        assertThat(wa.upload(user, purgedAtOnce, random(100))).isEqualTo(new Response.Ok());
        assertThat(wb.call(new Request.Purge(Wire.ids(user, purgedAtOnce))))
            .isEqualTo(new Response.Ok());
        gone.add(deletedAtOnce);
        gone.add(purgedAtOnce);
        // An unknown file is NOT_FOUND on every member (every peer answered), not NOT_HERE_YET.
        Response r = wb.call(new Request.FileSize(Wire.ids(user, FileIds.generate(user))));
        assertThat(((Response.Error) r).code()).isEqualTo(ErrorCode.NOT_FOUND);
      }
      GroupCheck.awaitConverged(Duration.ofSeconds(60), addresses(a, b), user, live, gone);

      // Applying a peer's entry logs it once on the receiver; the echo stops there.
      Await.until(
          Duration.ofSeconds(30),
          "logs to settle",
          () ->
              a.replicator().lags().stream().allMatch(l -> l.entries() == 0)
                  && b.replicator().lags().stream().allMatch(l -> l.entries() == 0));
      long lastA = lastSeq(a);
      long lastB = lastSeq(b);
      // One entry per state of each file on each member: an upload, and for the two files
      // changed at once, their delete or purge.
      assertThat(lastA).isEqualTo(live.size() + 2 * 2);
      assertThat(lastB).isEqualTo(live.size() + 2 * 2);
      assertThat(b.replicator().lags()).hasSize(1);
      assertThat(a.replicator().copyStats()[1] + b.replicator().copyStats()[1])
          .isLessThanOrEqualTo(live.size() + gone.size());
    }
  }

  /**
   * A node learns its group's members from its heartbeats: a member that joined since the last one
   * is unknown to it. Right after {@code bin/mediadfs up} a file acknowledged by the member that
   * joined second read as NOT_FOUND on the first. Before a final NOT_FOUND the node beats at once
   * and asks the members it did not know.
   */
  @Test
  void aMemberThatJoinedSinceTheLastBeatIsAskedBeforeNotFound() throws Exception {
    String group = NodeProps.group();
    String user = "u" + ThreadLocalRandom.current().nextInt(1_000_000);
    Map<String, String> pa = member(dir, group, "a");
    pa.put("mediadfs.storage.heartbeat-seconds", "120"); // its member list stays as it is
    try (StorageNode a = NodeProps.start(pa)) {
      // Its ACTIVE beat reached the tracker: its next one is two minutes away.
      Await.until(
          Duration.ofSeconds(60),
          "a ACTIVE at the tracker, alone in its group",
          () -> a.replicator().state() == NodeStatus.ACTIVE && MaintenanceIT.tracked(a));
      try (StorageNode b = NodeProps.start(member(dir, group, "b"))) {
        Await.until(
            Duration.ofSeconds(60), "b ACTIVE", () -> b.replicator().state() == NodeStatus.ACTIVE);
        assertThat(a.replicator().peerIds()).doesNotContain(b.nodeId());
        String file = FileIds.generate(user);
        byte[] data = random(5000);
        try (Wire wa = Wire.open(a.address());
            Wire wb = Wire.open(b.address())) {
          assertThat(wb.upload(user, file, data)).isEqualTo(new Response.Ok());
          assertThat(wa.call(new Request.FileSize(Wire.ids(user, file))))
              .isEqualTo(new Response.FileSize(data.length));
          assertThat(wa.download(user, file, 0, 0)).isEqualTo(data);
          // A file nobody has is still NOT_FOUND (after one more beat finds no new member).
          Response r = wa.call(new Request.FileSize(Wire.ids(user, FileIds.generate(user))));
          assertThat(((Response.Error) r).code()).isEqualTo(ErrorCode.NOT_FOUND);
        }
      }
    }
  }

  static long lastSeq(StorageNode n) throws Exception {
    return n.service().replLog("test", 0, 1).lastSeq();
  }

  @Test
  void deleteRestoreAndPurgeMadeWhileAMemberWasDownReachItAndStick() throws Exception {
    String group = NodeProps.group();
    String user = "u" + ThreadLocalRandom.current().nextInt(1_000_000);
    Map<String, String> pb = member(dir, group, "b");
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (StorageNode a = NodeProps.start(member(dir, group, "a"))) {
      StorageNode b = NodeProps.start(pb);
      try {
        awaitGroup(a, b);
        try (Wire wa = Wire.open(a.address())) {
          for (int i = 0; i < 6; i++) {
            String f = FileIds.generate(user);
            files.put(f, random(10_000 + i));
            assertThat(wa.upload(user, f, files.get(f))).isEqualTo(new Response.Ok());
          }
        }
        GroupCheck.awaitConverged(Duration.ofSeconds(60), addresses(a, b), user, files, Set.of());
      } finally {
        b.close();
      }
      List<String> ids = new ArrayList<>(files.keySet());
      Map<String, byte[]> live = new LinkedHashMap<>(files);
      Set<String> deleted = new HashSet<>();
      String deletedId = ids.get(0);
      String restoredId = ids.get(1);
      String purgedId = ids.get(2);
      String deletedThenPurged = ids.get(3);
      String lateUpload = FileIds.generate(user);
      try (Wire wa = Wire.open(a.address())) {
        assertThat(wa.call(new Request.Delete(Wire.ids(user, deletedId))))
            .isEqualTo(new Response.Ok());
        assertThat(wa.call(new Request.Delete(Wire.ids(user, restoredId))))
            .isEqualTo(new Response.Ok());
        assertThat(wa.call(new Request.Restore(Wire.ids(user, restoredId))))
            .isEqualTo(new Response.Ok());
        assertThat(wa.call(new Request.Purge(Wire.ids(user, purgedId))))
            .isEqualTo(new Response.Ok());
        assertThat(wa.call(new Request.Delete(Wire.ids(user, deletedThenPurged))))
            .isEqualTo(new Response.Ok());
        assertThat(wa.call(new Request.Purge(Wire.ids(user, deletedThenPurged))))
            .isEqualTo(new Response.Ok());
        byte[] late = random(777);
        assertThat(wa.upload(user, lateUpload, late)).isEqualTo(new Response.Ok());
        live.put(lateUpload, late);
      }
      for (String id : List.of(deletedId, purgedId, deletedThenPurged)) {
        live.remove(id);
        deleted.add(id);
      }
      try (StorageNode b2 = NodeProps.start(pb)) {
        awaitGroup(a, b2);
        GroupCheck.awaitConverged(Duration.ofSeconds(60), addresses(a, b2), user, live, deleted);
        Map<String, org.mediadfs.wire.message.FileMeta> rowsB = GroupCheck.rows(b2.address(), user);
        assertThat(rowsB.get(deletedId).status()).isEqualTo(FileStatus.DELETED);
        assertThat(rowsB.get(purgedId).status()).isEqualTo(FileStatus.PURGED);
        assertThat(rowsB.get(deletedThenPurged).status()).isEqualTo(FileStatus.PURGED);
        // The purged bytes are gone from the returning member's disk too.
        String purgedPath = rowsB.get(purgedId).path();
        for (var root : b2.service().roots().all()) {
          assertThat(root.path().resolve(purgedPath)).doesNotExist();
        }
        // And they stay that way on both (no echo brings them back).
        Await.until(
            Duration.ofSeconds(20),
            "both members idle",
            () ->
                a.replicator().lags().stream().allMatch(l -> l.entries() == 0)
                    && b2.replicator().lags().stream().allMatch(l -> l.entries() == 0));
        assertThat(GroupCheck.metadataMismatch(a.address(), user, live, deleted)).isNull();
        assertThat(GroupCheck.metadataMismatch(b2.address(), user, live, deleted)).isNull();
        // A read from the returning member of a deleted file stays DELETED (no read repair).
        try (Wire wb = Wire.open(b2.address())) {
          Response r = wb.call(new Request.FileSize(Wire.ids(user, deletedId)));
          assertThat(((Response.Error) r).code()).isEqualTo(ErrorCode.DELETED);
        }
      }
    }
  }

  @Test
  void syncModeWaitsForThePeerAndAcknowledgesAfterTheTimeoutWhenItIsDown() throws Exception {
    String group = NodeProps.group();
    String user = "u" + ThreadLocalRandom.current().nextInt(1_000_000);
    Map<String, String> pa = member(dir, group, "a");
    pa.put("mediadfs.storage.replication.mode", "sync");
    pa.put("mediadfs.storage.replication.sync-timeout-ms", "2000");
    try (StorageNode a = NodeProps.start(pa)) {
      StorageNode b = NodeProps.start(member(dir, group, "b"));
      String file = FileIds.generate(user);
      byte[] data = random(300_000);
      try {
        awaitGroup(a, b);
        Await.until(
            Duration.ofSeconds(30),
            "the tracker to list b ACTIVE to a",
            () ->
                a.trackers().members().peers().stream()
                    .anyMatch(
                        m -> m.nodeId().equals(b.nodeId()) && m.status() == NodeStatus.ACTIVE));
        try (Wire wa = Wire.open(a.address())) {
          assertThat(wa.upload(user, file, data)).isEqualTo(new Response.Ok());
        }
        // Acknowledged in sync mode: b has it already, by itself.
        assertThat(GroupCheck.bytesMismatch(b.address(), user, Map.of(file, data), Set.of()))
            .isNull();
        assertThat(a.replicator().syncTimeouts()).isEmpty();
      } finally {
        b.close();
      }
      // b is down but still listed ACTIVE: a file a does not know may be on b, so a read of it
      // is NOT_HERE_YET (the client tries elsewhere), not NOT_FOUND.
      try (Wire wa = Wire.open(a.address())) {
        Response r = wa.call(new Request.FileSize(Wire.ids(user, FileIds.generate(user))));
        assertThat(((Response.Error) r).code()).isEqualTo(ErrorCode.NOT_HERE_YET);
      }
      // And an upload waits for the sync timeout, then succeeds.
      String file2 = FileIds.generate(user);
      long t0 = System.nanoTime();
      try (Wire wa = Wire.open(a.address())) {
        assertThat(wa.upload(user, file2, random(1000))).isEqualTo(new Response.Ok());
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ms).isBetween(1_900L, 10_000L);
      assertThat(a.replicator().syncTimeouts()).containsEntry(b.nodeId(), 1L);
    }
  }

  @Test
  void aMemberWhoseStoreRootsWereWipedFetchesEverythingAgain() throws Exception {
    String group = NodeProps.group();
    String user = "u" + ThreadLocalRandom.current().nextInt(1_000_000);
    Map<String, String> pb = member(dir, group, "b");
    Map<String, byte[]> live = new LinkedHashMap<>();
    Set<String> deleted = new HashSet<>();
    try (StorageNode a = NodeProps.start(member(dir, group, "a"))) {
      StorageNode b = NodeProps.start(pb);
      String nodeIdB = b.nodeId();
      try {
        awaitGroup(a, b);
        try (Wire wa = Wire.open(a.address())) {
          for (int i = 0; i < 40; i++) {
            String f = FileIds.generate(user);
            live.put(f, random(5_000 + 100 * i));
            assertThat(wa.upload(user, f, live.get(f))).isEqualTo(new Response.Ok());
          }
          String gone = live.keySet().iterator().next();
          assertThat(wa.call(new Request.Delete(Wire.ids(user, gone))))
              .isEqualTo(new Response.Ok());
          live.remove(gone);
          deleted.add(gone);
        }
        GroupCheck.awaitConverged(Duration.ofSeconds(60), addresses(a, b), user, live, deleted);
      } finally {
        b.close();
      }
      // The disks are replaced: store roots wiped; node ID and database kept.
      for (String root : pb.get("mediadfs.storage.roots").split(";")) {
        Trees.delete(Path.of(root));
      }
      try (StorageNode b2 = NodeProps.start(pb)) {
        assertThat(b2.nodeId()).isEqualTo(nodeIdB);
        awaitGroup(a, b2);
        GroupCheck.awaitConverged(Duration.ofSeconds(60), addresses(a, b2), user, live, deleted);
      }
      // Database wiped too (node ID kept): the cursors are gone, the logs are read from the start.
      Trees.delete(Path.of(pb.get("mediadfs.storage.data-dir")).resolve("db"));
      try (StorageNode b3 = NodeProps.start(pb)) {
        assertThat(b3.nodeId()).isEqualTo(nodeIdB);
        awaitGroup(a, b3);
        GroupCheck.awaitConverged(Duration.ofSeconds(60), addresses(a, b3), user, live, deleted);
      }
    }
  }

  @Test
  void aCorruptCopyFoundByTheScrubberIsReplacedFromAPeer() throws Exception {
    String group = NodeProps.group();
    String user = "u" + ThreadLocalRandom.current().nextInt(1_000_000);
    try (StorageNode a = NodeProps.start(member(dir, group, "a"));
        StorageNode b = NodeProps.start(member(dir, group, "b"))) {
      awaitGroup(a, b);
      String file = FileIds.generate(user);
      byte[] data = random(50_000);
      try (Wire wa = Wire.open(a.address())) {
        assertThat(wa.upload(user, file, data)).isEqualTo(new Response.Ok());
      }
      GroupCheck.awaitConverged(
          Duration.ofSeconds(60), addresses(a, b), user, Map.of(file, data), Set.of());
      // Bit rot on b: same size, other bytes.
      org.mediadfs.storage.meta.FileRow row = b.service().store().find(user, file).orElseThrow();
      Path onDisk =
          b.service().roots().byId(row.storeId()).orElseThrow().resolve(row.meta().path());
      byte[] rotten = data.clone();
      rotten[1234] ^= 0x40;
      Files.write(onDisk, rotten);
      assertThat(b.scrubNow().corrupt()).isEqualTo(1);
      // Read repair serves the good bytes at once; the copy on disk is replaced.
      try (Wire wb = Wire.open(b.address())) {
        assertThat(wb.download(user, file, 0, 0)).isEqualTo(data);
      }
      assertThat(Files.readAllBytes(onDisk)).isEqualTo(data);
      assertThat(GroupCheck.bytesMismatch(b.address(), user, Map.of(file, data), Set.of()))
          .isNull();
    }
  }

  @Test
  void aMemberAwayLongerThanTheLogRetentionResyncsFromThePeersFileList() throws Exception {
    String group = NodeProps.group();
    String user = "u" + ThreadLocalRandom.current().nextInt(1_000_000);
    Map<String, String> pa = member(dir, group, "a");
    pa.put("mediadfs.storage.tombstone-retention-seconds", "1"); // the log keeps ~1 s
    Map<String, String> pb = member(dir, group, "b");
    Map<String, byte[]> live = new LinkedHashMap<>();
    try (StorageNode a = NodeProps.start(pa)) {
      StorageNode b = NodeProps.start(pb);
      try (Wire wa = Wire.open(a.address())) {
        awaitGroup(a, b);
        for (int i = 0; i < 3; i++) {
          String f = FileIds.generate(user);
          live.put(f, random(3000 + i));
          assertThat(wa.upload(user, f, live.get(f))).isEqualTo(new Response.Ok());
        }
        GroupCheck.awaitConverged(Duration.ofSeconds(60), addresses(a, b), user, live, Set.of());
      } finally {
        b.close();
      }
      String gone = live.keySet().iterator().next();
      try (Wire wa = Wire.open(a.address())) {
        for (int i = 0; i < 5; i++) {
          String f = FileIds.generate(user);
          live.put(f, random(4000 + i));
          assertThat(wa.upload(user, f, live.get(f))).isEqualTo(new Response.Ok());
        }
        assertThat(wa.call(new Request.Delete(Wire.ids(user, gone)))).isEqualTo(new Response.Ok());
        live.remove(gone);
      }
      Await.until(
          Duration.ofSeconds(30),
          "a's log to be trimmed to its last entry",
          () -> {
            Response.ReplLog l = a.service().replLog("test", 0, 1);
            return l.oldestSeq() == l.lastSeq() && l.lastSeq() >= 9;
          });
      try (StorageNode b2 = NodeProps.start(pb)) {
        awaitGroup(a, b2);
        GroupCheck.awaitConverged(
            Duration.ofSeconds(60), addresses(a, b2), user, live, Set.of(gone));
        assertThat(b2.replicator().fullResyncs()).isGreaterThanOrEqualTo(1);
      }
    }
  }

  @Test
  void theSameFileIdUploadedToTwoMembersResolvesToTheEarliestVersionEverywhere() throws Exception {
    String group = NodeProps.group();
    String user = "u" + ThreadLocalRandom.current().nextInt(1_000_000);
    Map<String, String> pa = member(dir, group, "a");
    Map<String, String> pb = member(dir, group, "b");
    String file = FileIds.generate(user);
    byte[] first = random(4000);
    byte[] second = random(5000);
    // Each member takes an upload of the same ID while the other is down.
    try (StorageNode a = NodeProps.start(pa);
        Wire w = Wire.open(a.address())) {
      assertThat(w.upload(user, file, first)).isEqualTo(new Response.Ok());
    }
    try (StorageNode b = NodeProps.start(pb);
        Wire w = Wire.open(b.address())) {
      Await.until(
          Duration.ofSeconds(30), "b to learn its peer", () -> !b.replicator().peerIds().isEmpty());
      assertThat(w.upload(user, file, second)).isEqualTo(new Response.Ok());
    }
    try (StorageNode a = NodeProps.start(pa);
        StorageNode b = NodeProps.start(pb)) {
      awaitGroup(a, b);
      GroupCheck.awaitConverged(
          Duration.ofSeconds(60), addresses(a, b), user, Map.of(file, first), Set.of());
      // The loser's bytes are quarantined, not deleted.
      List<Path> quarantined = new ArrayList<>();
      for (var root : b.service().roots().all()) {
        try (Stream<Path> s = Files.walk(root.quarantineDir())) {
          s.filter(Files::isRegularFile)
              .filter(p -> !p.toString().endsWith(".meta"))
              .forEach(quarantined::add);
        }
      }
      assertThat(quarantined).hasSize(1);
      assertThat(Files.readAllBytes(quarantined.getFirst())).isEqualTo(second);
      assertThat(b.replicator().copyStats()[2]).isGreaterThanOrEqualTo(1);
    }
  }
}
