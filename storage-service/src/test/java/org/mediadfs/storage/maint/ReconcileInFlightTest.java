package org.mediadfs.storage.maint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mediadfs.storage.StorageConfig;
import org.mediadfs.storage.meta.Database;
import org.mediadfs.storage.meta.MetaWriter;
import org.mediadfs.storage.meta.MetadataStore;
import org.mediadfs.storage.meta.TestMeta;
import org.mediadfs.storage.store.StoreRoot;
import org.mediadfs.storage.store.StoreRoots;

/**
 * A file between its rename into the layout and its row's commit is never quarantined, however
 * short the grace: its modification time is that of its last write, so it looks old and row-less
 * for that moment (a kill -9 test with a zero grace lost an acknowledged upload this way).
 */
class ReconcileInFlightTest {
  @TempDir Path dir;

  @Test
  void aPlacedButUncommittedFileIsLeftAloneAndQuarantinedOnceItIsAnOrphan() throws Exception {
    String nodeId = UUID.randomUUID().toString();
    StoreRoots roots =
        StoreRoots.open(List.of(new StorageConfig.RootSpec(dir.resolve("r"), 0)), true);
    try (Database db = TestMeta.memoryDatabase();
        MetaWriter writer = TestMeta.writer(db, nodeId, Clock.systemUTC())) {
      StoreRoot root = roots.all().getFirst();
      Path file = root.resolve("000/000/001/AAAAAAAA_001");
      Files.createDirectories(file.getParent());
      Files.write(file, new byte[] {1, 2, 3});
      Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
      Reconciler r =
          new Reconciler(
              nodeId,
              roots,
              new MetadataStore(db, nodeId),
              writer,
              Duration.ZERO,
              Clock.systemUTC());

      roots.placing().add(file);
      assertThat(r.run().quarantined()).isZero();
      assertThat(file).exists();

      roots.placing().remove(file); // its commit failed and nobody removed it: an orphan now
      assertThat(r.run().quarantined()).isEqualTo(1);
      assertThat(file).doesNotExist();
    }
  }
}
