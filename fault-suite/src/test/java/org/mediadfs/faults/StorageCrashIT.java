package org.mediadfs.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.client.RangeStream;
import org.mediadfs.client.UploadOptions;
import org.mediadfs.client.UploadResult;
import org.mediadfs.testkit.StorageProcess;
import org.mediadfs.wire.FileIds;
import org.mediadfs.wire.message.HostPort;

/**
 * {@code kill -9} of a storage node in the middle of a transfer, with the workload running: the
 * node is restarted on the same data; nothing it acknowledged is lost, nothing half-written stays,
 * and the cluster recovers within the bound.
 */
@ExtendWith(SuiteExtension.class)
class StorageCrashIT {
  private static final String GROUP = "group001";

  @Test
  void killDuringUpload(Suite suite) throws Exception {
    Run run = suite.run("kill-storage-during-upload");
    run.startWorkload(suite.settings().workers());
    String user = suite.probeUser(GROUP);
    long size = 24L << 20;
    long contentSeed = run.random().nextLong();
    Path file = Files.createTempFile(suite.tmpDir(), "big-", ".bin");
    Content.write(contentSeed, size, file);
    Content.Digest d = Content.digest(contentSeed, 0, size);
    String fileId = FileIds.generate(user);
    AtomicReference<StorageProcess> killed = new AtomicReference<>();
    CompletableFuture<Void> kill = new CompletableFuture<>();
    MediadfsClient c = suite.client();
    suite.ledger().unknown(new Ledger.Unknown(run.name(), Suite.APP, user, fileId, contentSeed, d));
    UploadOptions o =
        UploadOptions.DEFAULTS
            .withFileId(fileId)
            .withListener(
                (done, total) -> {
                  if (done >= total * 2 / 5 && killed.get() == null) {
                    // The node receiving it is the one with the upload's bytes in its tmp/.
                    receiving(suite.cluster().members(GROUP), total / 4)
                        .ifPresent(
                            n -> {
                              if (killed.compareAndSet(null, n)) {
                                run.fault("kill -9 " + n.name() + " at " + done + "/" + total);
                                n.kill();
                                kill.complete(null);
                              }
                            });
                  }
                });
    try {
      UploadResult r = c.upload(Suite.APP, user, file, o);
      suite.ledger().answered(fileId);
      suite.ledger().uploaded(run.name(), user, fileId, r.groupName(), contentSeed, d, r.node());
      run.note("the upload was acknowledged by " + r.node() + " after the kill (failover)");
    } catch (IOException e) {
      run.note("the upload failed as its node died: " + e);
      assertThat(Suite.MEMBERS).as("with a second member the client fails over").isEqualTo(1);
    } finally {
      Files.deleteIfExists(file);
    }
    assertThat(killed.get()).as("a node was killed mid-upload").isNotNull();
    StorageProcess victim = killed.get();
    run.restart(victim);
    run.awaitRecovery("kill -9 of " + victim.name() + " during an upload");
    run.finish();
  }

  @Test
  void killDuringDownload(Suite suite) throws Exception {
    Run run = suite.run("kill-storage-during-download");
    String user = suite.probeUser(GROUP);
    long size = 48L << 20;
    long contentSeed = run.random().nextLong();
    Path file = Files.createTempFile(suite.tmpDir(), "big-", ".bin");
    Content.write(contentSeed, size, file);
    Content.Digest d = Content.digest(contentSeed, 0, size);
    String fileId = FileIds.generate(user);
    MediadfsClient c = suite.client();
    UploadResult r;
    try {
      r = c.upload(Suite.APP, user, file, UploadOptions.DEFAULTS.withFileId(fileId));
    } finally {
      Files.deleteIfExists(file);
    }
    suite.ledger().uploaded(run.name(), user, fileId, r.groupName(), contentSeed, d, r.node());
    if (Suite.REPLICATION) {
      // The stream can only resume on a member that has the file.
      ReplicationFaultIT.awaitOnAll(suite, suite.ledger().ofRun(run.name()).getFirst());
    }
    run.startWorkload(suite.settings().workers());
    Content.DigestStream out = new Content.DigestStream();
    StorageProcess victim;
    boolean completed;
    try (RangeStream in = c.openRange(Suite.APP, user, fileId, 0, 0)) {
      byte[] buf = new byte[64 * 1024];
      long quarter = size / 4;
      while (out.size() < quarter) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, quarter - out.size()));
        out.write(buf, 0, n);
      }
      HostPort serving = in.node();
      victim =
          suite.cluster().members(GROUP).stream()
              .filter(n -> n.address().port() == serving.port())
              .findFirst()
              .orElseThrow();
      run.fault("kill -9 " + victim.name() + " while it streams " + fileId + " at 25%");
      victim.kill();
      completed = drain(in, out, buf);
    }
    if (completed) {
      assertThat(out.digest()).as("resumed download of %s", fileId).isEqualTo(d);
      run.note("the download resumed on another member and completed byte-identical");
    } else {
      assertThat(Suite.MEMBERS).as("with a second member the stream resumes").isEqualTo(1);
      run.note("the download broke off with its only node, as expected");
    }
    run.restart(victim);
    run.awaitRecovery("kill -9 of " + victim.name() + " during a download");
    Content.DigestStream again = new Content.DigestStream();
    c.download(Suite.APP, user, fileId, again);
    assertThat(again.digest()).as("download of %s after the restart", fileId).isEqualTo(d);
    run.finish();
  }

  private static boolean drain(InputStream in, Content.DigestStream out, byte[] buf) {
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0; // renamed or removed meanwhile
    }
  }

  /**
   * The member with an upload in progress in one of its roots' tmp/: a {@code .part} file of at
   * least {@code minBytes} (smaller ones may be replicated copies of other files).
   */
  static Optional<StorageProcess> receiving(List<StorageProcess> members, long minBytes) {
    for (StorageProcess n : members) {
      for (Path root : n.roots()) {
        try (Stream<Path> s = Files.list(root.resolve("tmp"))) {
          if (s.anyMatch(
              p -> p.getFileName().toString().endsWith(".part") && sizeOf(p) >= minBytes)) {
            return Optional.of(n);
          }
        } catch (IOException e) {
          // No tmp/ yet: not this node.
        }
      }
    }
    return Optional.empty();
  }
}
