package org.mediadfs.storage.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mediadfs.storage.StorageNode;
import org.mediadfs.storage.maint.Reconciler;
import org.mediadfs.storage.store.Sidecar;
import org.mediadfs.testkit.Await;
import org.mediadfs.testkit.PausableProxy;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * The node's background work and resilience on a real node: delete retention (zero = the original's
 * hard delete), the reconcile (stray files quarantined, lost files flagged), the checksum scrubber,
 * and tracker links that survive a cut connection.
 */
@ExtendWith(SharedPayara.class)
class MaintenanceIT {
  @TempDir Path dir;

  static byte[] random(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  static ErrorCode error(Response r) {
    assertThat(r).isInstanceOf(Response.Error.class);
    return ((Response.Error) r).code();
  }

  static Path fileOf(StorageNode node, FileMeta meta) {
    return node.service().roots().all().stream()
        .map(r -> r.path().resolve(meta.path()))
        .filter(Files::exists)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void softDeletedFilesArePurgedAfterTheRetention() throws Exception {
    Map<String, String> p = NodeProps.of(dir.resolve("retention"), NodeProps.group());
    p.put("mediadfs.storage.delete-retention-seconds", "1");
    try (StorageNode node = NodeProps.start(p);
        Wire w = Wire.open(node.address())) {
      assertThat(w.upload("ret", "keep", random(100))).isEqualTo(new Response.Ok());
      assertThat(w.upload("ret", "drop", random(100))).isEqualTo(new Response.Ok());
      FileMeta drop =
          w.expect(new Request.Stat(Wire.ids("ret", "drop")), Response.Stat.class).meta();
      Path bytes = fileOf(node, drop);
      w.call(new Request.Delete(Wire.ids("ret", "drop")));
      assertThat(bytes).exists(); // soft: still restorable for a while
      Await.until(
          Duration.ofSeconds(30),
          "the deleted file to be purged",
          () ->
              w.expect(new Request.Stat(Wire.ids("ret", "drop")), Response.Stat.class)
                      .meta()
                      .status()
                  == FileStatus.PURGED);
      assertThat(bytes).doesNotExist();
      assertThat(w.download("ret", "keep", 0, 0)).hasSize(100);
    }
  }

  @Test
  void retentionZeroIsTheOriginalsImmediateHardDelete() throws Exception {
    Map<String, String> p = NodeProps.of(dir.resolve("zero"), NodeProps.group());
    p.put("mediadfs.storage.delete-retention-seconds", "0");
    try (StorageNode node = NodeProps.start(p);
        Wire w = Wire.open(node.address())) {
      assertThat(w.upload("zero", "f1", random(500))).isEqualTo(new Response.Ok());
      FileMeta m = w.expect(new Request.Stat(Wire.ids("zero", "f1")), Response.Stat.class).meta();
      Path bytes = fileOf(node, m);
      assertThat(w.call(new Request.Delete(Wire.ids("zero", "f1")))).isEqualTo(new Response.Ok());
      assertThat(bytes).doesNotExist();
      assertThat(Path.of(bytes + ".meta")).doesNotExist();
      assertThat(error(w.call(new Request.FileSize(Wire.ids("zero", "f1")))))
          .isEqualTo(ErrorCode.DELETED);
      assertThat(error(w.call(new Request.Restore(Wire.ids("zero", "f1")))))
          .isEqualTo(ErrorCode.NOT_FOUND);
      // The tombstone may be reused by a new upload with the same ID.
      assertThat(w.upload("zero", "f1", random(7))).isEqualTo(new Response.Ok());
      assertThat(w.download("zero", "f1", 0, 0)).hasSize(7);
    }
  }

  @Test
  void reconcileQuarantinesStrayFilesAndFlagsLostOnes() throws Exception {
    Map<String, String> p = NodeProps.of(dir.resolve("reconcile"), NodeProps.group());
    p.put("mediadfs.storage.quarantine-grace-seconds", "0");
    try (StorageNode node = NodeProps.start(p);
        Wire w = Wire.open(node.address())) {
      assertThat(w.upload("rec", "lost", random(1000))).isEqualTo(new Response.Ok());
      assertThat(w.upload("rec", "fine", random(1000))).isEqualTo(new Response.Ok());
      FileMeta lost =
          w.expect(new Request.Stat(Wire.ids("rec", "lost")), Response.Stat.class).meta();
      Files.delete(fileOf(node, lost));
      // Damage the sidecar record of the other (same length: only its CRC fails).
      Path fine =
          fileOf(
              node,
              w.expect(new Request.Stat(Wire.ids("rec", "fine")), Response.Stat.class).meta());
      Path log = Sidecar.logOf(fine.getParent());
      Files.writeString(log, Files.readString(log).replace("file-id=fine\n", "file-id=fxne\n"));
      assertThat(Sidecar.find(fine)).isEmpty();
      Path root = node.service().roots().all().getFirst().path();
      Path stray = root.resolve("1FF/1FF/1FF/649E782B_1FF");
      Files.createDirectories(stray.getParent());
      Files.write(stray, random(10));
      Path tmpLeft = root.resolve("1FF/1FF/1FF/649E782B_1FF.meta.tmp");
      Files.write(tmpLeft, random(10));

      Reconciler.Report r = node.reconcileNow();
      assertThat(r.quarantined()).isEqualTo(1);
      assertThat(r.flaggedMissing()).isEqualTo(1);
      assertThat(r.sidecarsWritten()).isEqualTo(1);
      assertThat(Sidecar.find(fine).orElseThrow().fileId()).isEqualTo("fine");
      // The leftover temporary file (the lost file's sidecar record is in its folder's log).
      assertThat(r.strayRemoved()).isEqualTo(1);
      assertThat(stray).doesNotExist();
      assertThat(tmpLeft).doesNotExist();
      try (Stream<Path> q = Files.walk(root.resolve("quarantine"))) {
        assertThat(q.filter(f -> f.getFileName().toString().equals("649E782B_1FF")).toList())
            .hasSize(1);
      }
      assertThat(error(w.call(new Request.FileSize(Wire.ids("rec", "lost")))))
          .isEqualTo(ErrorCode.NOT_HERE_YET);
      assertThat(w.download("rec", "fine", 0, 0)).hasSize(1000);
    }
  }

  @Test
  void theScrubberFlagsCorruptFiles() throws Exception {
    try (StorageNode node = NodeProps.start(NodeProps.of(dir.resolve("scrub"), NodeProps.group()));
        Wire w = Wire.open(node.address())) {
      byte[] data = random(64 * 1024);
      assertThat(w.upload("scr", "rot", data)).isEqualTo(new Response.Ok());
      assertThat(w.upload("scr", "ok", data)).isEqualTo(new Response.Ok());
      FileMeta m = w.expect(new Request.Stat(Wire.ids("scr", "rot")), Response.Stat.class).meta();
      Path p = fileOf(node, m);
      byte[] rotten = Files.readAllBytes(p);
      rotten[1234] ^= 0x01;
      Files.write(p, rotten);
      var report = node.scrubNow();
      assertThat(report.files()).isEqualTo(2);
      assertThat(report.corrupt()).isEqualTo(1);
      assertThat(error(w.call(new Request.FileSize(Wire.ids("scr", "rot")))))
          .isEqualTo(ErrorCode.NOT_HERE_YET);
      assertThat(w.download("scr", "ok", 0, 0)).isEqualTo(data);
    }
  }

  @Test
  void aFailedStoreRootTurnsReadOnlyAndUploadsGoElsewhere() throws Exception {
    Map<String, String> p = NodeProps.of(dir.resolve("ro"), NodeProps.group());
    Path store0 = dir.resolve("ro/store0");
    byte[] data = random(2000);
    try (StorageNode node = NodeProps.start(p);
        Wire w = Wire.open(node.address())) {
      assertThat(w.upload("ro", "before", data)).isEqualTo(new Response.Ok());
    }
    // Break store0: its tmp folder becomes a plain file, so nothing can be written there.
    Path tmp = store0.resolve("tmp");
    try (Stream<Path> s = Files.list(tmp)) {
      for (Path f : s.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(tmp);
    Files.writeString(tmp, "not a folder");
    try (StorageNode node = NodeProps.start(p);
        Wire w = Wire.open(node.address())) {
      var roots = node.service().roots().all();
      assertThat(roots.get(0).isReadOnly()).isTrue();
      assertThat(roots.get(1).isReadOnly()).isFalse();
      for (int i = 0; i < 5; i++) {
        assertThat(w.upload("ro", "after" + i, data)).isEqualTo(new Response.Ok());
        FileMeta m =
            w.expect(new Request.Stat(Wire.ids("ro", "after" + i)), Response.Stat.class).meta();
        assertThat(roots.get(1).path().resolve(m.path())).exists();
      }
      // Files already on the read-only root are still served.
      assertThat(w.download("ro", "before", 0, 0)).isEqualTo(data);
      assertThat(roots.get(0).stat().readOnly()).isTrue();
    }
  }

  @Test
  void trackerLinksRejoinAfterACutAndBeatEveryTracker() throws Exception {
    try (PausableProxy proxy =
        PausableProxy.to(SharedPayara.tracker().host(), SharedPayara.tracker().port())) {
      Map<String, String> p = NodeProps.of(dir.resolve("links"), NodeProps.group());
      // Two tracker addresses (one through the proxy): the node joins and beats both.
      p.put("mediadfs.storage.trackers", SharedPayara.tracker() + ";127.0.0.1:" + proxy.port());
      try (StorageNode node = NodeProps.start(p)) {
        Await.until(
            Duration.ofSeconds(30),
            "both links joined",
            () -> node.trackers().joinedTrackers().size() == 2);
        long joins = node.trackers().joins();
        long failures = node.trackers().failures();
        proxy.cut();
        Await.until(
            Duration.ofSeconds(30),
            "the link to fail",
            () -> node.trackers().failures() > failures);
        proxy.resume();
        Await.until(
            Duration.ofSeconds(60),
            "the cut link to rejoin",
            () ->
                node.trackers().joins() > joins
                    && node.trackers().joinedTrackers().size() == 2
                    && tracked(node));
        assertThat(node.trackers().members().all())
            .anyMatch(m -> m.nodeId().equals(node.nodeId()) && m.port() == node.address().port());
      }
    }
  }

  static boolean tracked(StorageNode node) throws Exception {
    try (Wire w = Wire.open(SharedPayara.tracker())) {
      List<NodeInfo> nodes = w.expect(new Request.Nodes(), Response.Nodes.class).nodes();
      return nodes.stream()
          .anyMatch(n -> n.nodeId().equals(node.nodeId()) && n.status() == NodeStatus.ACTIVE);
    }
  }
}
