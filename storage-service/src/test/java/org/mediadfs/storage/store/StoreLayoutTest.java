package org.mediadfs.storage.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mediadfs.storage.StorageConfig;
import org.mediadfs.wire.StoragePaths;

/** The on-disk layout of a store root and the node identity. */
class StoreLayoutTest {
  @Test
  void filesLieInTheOriginalsFourLevelLayoutUnderTheRoot(@TempDir Path dir) throws Exception {
    StoreRoot root = StoreRoot.open(dir.resolve("store"), 0, true);
    String rel = StoragePaths.relativePath(262144 + 512 + 3, 0x649E782BL);
    assertThat(rel).isEqualTo("000/001/001/649E782B_003");
    assertThat(root.resolve(rel)).isEqualTo(dir.resolve("store/000/001/001/649E782B_003"));
  }

  @Test
  void pathsThatAreNotLayoutPathsAreRefused(@TempDir Path dir) throws Exception {
    StoreRoot root = StoreRoot.open(dir.resolve("store"), 0, true);
    for (String bad : List.of("../etc/passwd", "000/000/000/../../x", "/abs", "tmp/x")) {
      assertThatThrownBy(() -> root.resolve(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void storeIdIsPersistedAndTmpIsEmptiedAtOpen(@TempDir Path dir) throws Exception {
    StoreRoot first = StoreRoot.open(dir, 0, true);
    Files.writeString(first.tmpDir().resolve("crashed.part"), "half an upload");
    StoreRoot again = StoreRoot.open(dir, 0, true);
    assertThat(again.storeId()).isEqualTo(first.storeId());
    assertThat(Files.list(again.tmpDir())).isEmpty();
    assertThat(again.isReadOnly()).isFalse();
  }

  @Test
  void createdDirectoriesReportTheParentsToSync(@TempDir Path dir) throws Exception {
    List<Path> parents = Fsync.createDirectories(dir, dir.resolve("000/001/002"));
    assertThat(parents).containsExactly(dir, dir.resolve("000"), dir.resolve("000/001"));
    assertThat(Fsync.createDirectories(dir, dir.resolve("000/001/002"))).isEmpty();
    assertThat(Fsync.createDirectories(dir, dir.resolve("000/001/003")))
        .containsExactly(dir.resolve("000/001"));
  }

  @Test
  void nodeIdIsCreatedOnceAndADamagedOneStopsTheStart(@TempDir Path dir) throws Exception {
    String id = NodeIdentity.loadOrCreate(dir);
    assertThat(NodeIdentity.loadOrCreate(dir)).isEqualTo(id);
    Path f = dir.resolve(NodeIdentity.FILE);
    Files.writeString(f, Files.readString(f).replace(id.substring(0, 4), "ffff"));
    assertThatThrownBy(() -> NodeIdentity.loadOrCreate(dir)).hasMessageContaining("damaged");
  }

  @Test
  void reservationsAccountForEachOther(@TempDir Path dir) throws Exception {
    long usable = Files.getFileStore(dir).getUsableSpace();
    // Leave about 1 GiB of room on this root.
    long reserved = Math.max(0, usable - (1L << 30));
    StoreRoots roots =
        StoreRoots.open(List.of(new StorageConfig.RootSpec(dir.resolve("r"), reserved)), true);
    var a = roots.reserve(600L << 20);
    assertThat(a).isPresent();
    assertThat(roots.reserve(600L << 20)).isEmpty();
    a.get().close();
    assertThat(roots.reserve(600L << 20)).isPresent();
  }
}
