package org.mediadfs.storage.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mediadfs.testkit.Await;
import org.mediadfs.testkit.StorageProcess;
import org.mediadfs.wire.StoragePaths;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * kill -9 of a node (its own JVM) in the middle of a stream of concurrent uploads, then a restart
 * on the same data: no partial or temporary file is left, every upload that was acknowledged reads
 * back byte for byte, and every data file on disk has a row (unacknowledged leftovers are
 * quarantined by the start-up reconcile).
 */
@ExtendWith(SharedPayara.class)
class CrashSafetyIT {
  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  Path dir;

  /** The content of an upload, regenerated from its seed for the check after the crash. */
  static byte[] content(long seed) {
    Random r = new Random(seed);
    byte[] b = new byte[1 + r.nextInt(256 * 1024)];
    r.nextBytes(b);
    return b;
  }

  @Test
  void everyAcknowledgedUploadSurvivesKillMinus9() throws Exception {
    Map<String, String> props = NodeProps.of(dir, NodeProps.group());
    props.remove("mediadfs.storage.port");
    props.remove("mediadfs.storage.bind");
    props.remove("mediadfs.storage.data-dir");
    props.put(
        "mediadfs.storage.roots", dir.resolve("node/store0") + ";" + dir.resolve("node/store1"));
    props.put("mediadfs.storage.quarantine-grace-seconds", "0");
    StorageProcess node = StorageProcess.start("node", dir, props);
    try {
      Map<String, Long> acknowledged = new ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> uploaders = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        uploaders.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      long seed = thread * 1_000_000L;
                      try (Wire w = Wire.open(node.address())) {
                        while (!stop.get()) {
                          seed++;
                          String file = "crash-" + seed;
                          Response r = w.upload("crashuser", file, content(seed));
                          if (r instanceof Response.Ok) {
                            acknowledged.put(file, seed);
                          }
                        }
                      } catch (IOException expected) {
                        // The node was killed under us.
                      }
                    }));
      }
      Await.until(
          Duration.ofSeconds(60), "300 acknowledged uploads", () -> acknowledged.size() >= 300);
      node.kill();
      stop.set(true);
      for (Thread t : uploaders) {
        t.join(Duration.ofSeconds(30));
      }
      int acked = acknowledged.size();

      node.start();
      try (Wire w = Wire.open(node.address())) {
        for (Map.Entry<String, Long> e : acknowledged.entrySet()) {
          assertThat(w.download("crashuser", e.getKey(), 0, 0))
              .as("acknowledged file %s", e.getKey())
              .isEqualTo(content(e.getValue()));
        }
        assertThat(acked).isGreaterThanOrEqualTo(300);
        for (Path root : node.roots()) {
          try (Stream<Path> tmp = Files.list(root.resolve("tmp"))) {
            assertThat(tmp).as("temporary files in %s", root).isEmpty();
          }
        }
        // Every data file left in the layout has a row; leftovers of unacknowledged uploads are
        // quarantined by the reconcile that runs at start.
        Await.until(
            Duration.ofSeconds(60),
            "data files and rows to agree",
            () -> dataFiles(node).size() == rowCount(w));
        int rows = rowCount(w);
        assertThat(rows).isGreaterThanOrEqualTo(acked);
        System.out.printf(
            "crash test: %d uploads acknowledged before kill -9, %d rows after restart%n",
            acked, rows);
      }
      // A graceful stop: what the node logs while it stops reaches its log (JUL used to reset
      // itself in a shutdown hook of its own and drop those lines).
      node.stop();
      // (Only this stop logs these: the first run was killed.)
      assertThat(Files.readString(node.process().log()))
          .contains("metadata writer of node")
          .containsPattern("storage node \\S+ stopped");
    } finally {
      node.kill();
    }
  }

  static List<Path> dataFiles(StorageProcess node) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path root : node.roots()) {
      try (Stream<Path> s = Files.walk(root)) {
        s.filter(Files::isRegularFile)
            .filter(p -> StoragePaths.isLayoutPath(root.relativize(p).toString()))
            .forEach(out::add);
      }
    }
    return out;
  }

  static int rowCount(Wire w) throws Exception {
    int n = 0;
    String after = "";
    do {
      Response.FileList page =
          w.expect(new Request.ListFiles("crashuser", after, 1000, true), Response.FileList.class);
      n += page.files().size();
      after = page.next();
    } while (!after.isEmpty());
    return n;
  }
}
