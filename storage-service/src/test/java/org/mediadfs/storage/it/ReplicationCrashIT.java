package org.mediadfs.storage.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mediadfs.storage.StorageNode;
import org.mediadfs.testkit.Await;
import org.mediadfs.testkit.StorageProcess;
import org.mediadfs.wire.FileIds;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.Response;

/**
 * kill -9 of a member (its own JVM) in the middle of a stream of uploads to the other member; the
 * uploads go on while it is down; after its restart every acknowledged file reaches it with
 * identical bytes, on its own.
 */
@ExtendWith(SharedPayara.class)
class ReplicationCrashIT {
  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void aMemberKilledDuringUploadsGetsEveryAcknowledgedFileAfterItsRestart() throws Exception {
    String group = NodeProps.group();
    String user = "crash" + ThreadLocalRandom.current().nextInt(1_000_000);
    Map<String, String> pa = NodeProps.of(dir.resolve("a"), group);
    Map<String, String> pb = NodeProps.of(dir.resolve("b"), group);
    for (String k :
        List.of(
            "mediadfs.storage.port",
            "mediadfs.storage.bind",
            "mediadfs.storage.data-dir",
            "mediadfs.storage.roots")) {
      pb.remove(k);
    }
    StorageProcess b = StorageProcess.start("b", dir, pb);
    try (StorageNode a = NodeProps.start(pa)) {
      Await.until(
          Duration.ofSeconds(60),
          "a to work with b",
          () -> !a.replicator().peerIds().isEmpty() && a.replicator().state() == NodeStatus.ACTIVE);
      Map<String, byte[]> acked = new ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> uploaders = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        uploaders.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try (Wire w = Wire.open(a.address())) {
                        while (!stop.get()) {
                          String file = FileIds.generate(user);
                          byte[] data =
                              new byte[1 + ThreadLocalRandom.current().nextInt(64 * 1024)];
                          ThreadLocalRandom.current().nextBytes(data);
                          if (w.upload(user, file, data) instanceof Response.Ok) {
                            acked.put(file, data);
                          }
                        }
                      } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                    }));
      }
      Await.until(Duration.ofSeconds(60), "100 uploads", () -> acked.size() >= 100);
      b.kill();
      int atKill = acked.size();
      Await.until(Duration.ofSeconds(60), "100 more uploads", () -> acked.size() >= atKill + 100);
      b.start();
      int atRestart = acked.size();
      Await.until(Duration.ofSeconds(60), "50 more uploads", () -> acked.size() >= atRestart + 50);
      stop.set(true);
      for (Thread t : uploaders) {
        t.join(Duration.ofSeconds(30));
        assertThat(t.isAlive()).isFalse();
      }
      GroupCheck.awaitConverged(
          Duration.ofSeconds(120), List.of(a.address(), b.address()), user, acked, Set.of());
      System.out.printf(
          "replication crash test: %d uploads acknowledged (%d before kill -9 of b, %d before its"
              + " restart); all on both members%n",
          acked.size(), atKill, atRestart);
    } finally {
      b.kill();
    }
  }
}
