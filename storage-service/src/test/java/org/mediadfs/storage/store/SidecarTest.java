package org.mediadfs.storage.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mediadfs.storage.meta.FileRow;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;

class SidecarTest {
  static FileRow row() {
    return row("000/000/000/649E782B_000", FileStatus.DELETED);
  }

  static FileRow row(String path, FileStatus status) {
    return new FileRow(
        new FileMeta(
            "649e782b-0000-0000-0000-000000000115",
            "tnvideo",
            "tnv001",
            9316101,
            0xCAFEBABEL,
            "video/mp4; codecs=\"avc1\"",
            status,
            path,
            1_687_000_000_000L,
            1_687_000_000_500L),
        "7d1c2a0e-1111-2222-3333-444455556666",
        0);
  }

  @Test
  void roundTripsEveryFieldThroughTheFolderLog(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("649E782B_000");
    Files.writeString(data, "bytes");
    Sidecar.write(data, row(), "node-1");
    assertThat(Sidecar.logOf(dir)).exists();
    assertThat(Sidecar.legacy(data)).doesNotExist(); // no file of its own
    assertThat(Sidecar.find(data)).contains(row());
    assertThat(Sidecar.find(dir.resolve("649E782B_001"))).isEmpty();
    assertThat(Sidecar.toRecord(row(), "node-1").version()).isEqualTo(1);
  }

  @Test
  void theNewestIntactRecordOfAFileWins(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("649E782B_000");
    Sidecar.write(data, row("000/000/000/649E782B_000", FileStatus.ACTIVE), "n");
    Sidecar.write(data, row("000/000/000/649E782B_000", FileStatus.DELETED), "n");
    assertThat(Sidecar.find(data).orElseThrow().meta().status()).isEqualTo(FileStatus.DELETED);

    // Damage the newer record: the older one is what is left.
    Path log = Sidecar.logOf(dir);
    String text = Files.readString(log);
    int second = text.lastIndexOf("status=");
    Files.writeString(log, text.substring(0, second) + "status=7" + text.substring(second + 8));
    assertThat(Sidecar.find(data).orElseThrow().meta().status()).isEqualTo(FileStatus.ACTIVE);
  }

  @Test
  void aRecordTornByACrashHidesNoRecordAfterIt(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("649E782B_000");
    Path b = dir.resolve("649E782B_001");
    Path c = dir.resolve("649E782B_002");
    Sidecar.write(a, row("000/000/000/649E782B_000", FileStatus.ACTIVE), "n");
    Sidecar.write(b, row("000/000/000/649E782B_001", FileStatus.ACTIVE), "n");
    Path log = Sidecar.logOf(dir);
    byte[] whole = Files.readAllBytes(log);
    Files.write(log, java.util.Arrays.copyOf(whole, whole.length - 40)); // b's append cut short
    Sidecar.write(c, row("000/000/000/649E782B_002", FileStatus.ACTIVE), "n");

    Map<String, Sidecar.Record> records = Sidecar.readFolder(dir);
    assertThat(records.keySet()).containsExactly("649E782B_000", "649E782B_002");
  }

  @Test
  void anEarlierVersionsOwnSidecarIsReadWhenTheLogHasNoRecord(@TempDir Path dir) throws Exception {
    Path old = dir.resolve("649E782B_000");
    Path both = dir.resolve("649E782B_001");
    Sidecar.toRecord(row("000/000/000/649E782B_000", FileStatus.ACTIVE), "n")
        .writeAtomically(Sidecar.legacy(old), false);
    Sidecar.toRecord(row("000/000/000/649E782B_001", FileStatus.ACTIVE), "n")
        .writeAtomically(Sidecar.legacy(both), false);
    Sidecar.write(both, row("000/000/000/649E782B_001", FileStatus.DELETED), "n");

    assertThat(Sidecar.find(old).orElseThrow().meta().status()).isEqualTo(FileStatus.ACTIVE);
    assertThat(Sidecar.find(both).orElseThrow().meta().status()).isEqualTo(FileStatus.DELETED);
    // A torn one of its own counts as none.
    Files.write(Sidecar.legacy(old), "mediadfs-file 1\nfile-id=x".getBytes(StandardCharsets.UTF_8));
    assertThat(Sidecar.find(old)).isEmpty();
  }

  @Test
  void compactionKeepsTheNewestRecordOfEachFileStillThere(@TempDir Path dir) throws Exception {
    Path kept = dir.resolve("649E782B_000");
    Path gone = dir.resolve("649E782B_001");
    Files.writeString(kept, "bytes");
    Path log = Sidecar.logOf(dir);
    FileStatus last = null;
    long before = -1;
    for (int i = 0; !Files.exists(log) || Files.size(log) > before; i++) {
      before = Files.exists(log) ? Files.size(log) : 0;
      last = i % 2 == 0 ? FileStatus.ACTIVE : FileStatus.DELETED;
      Sidecar.write(gone, row("000/000/000/649E782B_001", last), "n");
      Sidecar.write(kept, row("000/000/000/649E782B_000", last), "n");
      assertThat(i).isLessThan(10_000);
    }

    assertThat(Files.size(Sidecar.logOf(dir))).isLessThan(Sidecar.COMPACT_AT / 2);
    Map<String, Sidecar.Record> records = Sidecar.readFolder(dir);
    assertThat(records.keySet()).containsExactly("649E782B_000");
    assertThat(records.get("649E782B_000").row().meta().status()).isEqualTo(last);
    assertThat(dir.resolve(Sidecar.LOG + ".tmp")).doesNotExist();
  }

  @Test
  void concurrentAppendsAllStayIntact(@TempDir Path dir) throws Exception {
    int n = 400;
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String name = String.format("649E782B_%03X", i);
        done.add(
            pool.submit(
                () -> {
                  Sidecar.write(
                      dir.resolve(name), row("000/000/000/" + name, FileStatus.ACTIVE), "n");
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    assertThat(Sidecar.readFolder(dir)).hasSize(n);
  }

  @Test
  void aQuarantinedFileTakesItsRecordAlong(@TempDir Path dir) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("000/000/000"));
    Path data = folder.resolve("649E782B_000");
    Files.writeString(data, "bytes");
    Sidecar.write(data, row(), "node-1");
    Path dest = Files.createDirectories(dir.resolve("quarantine/x")).resolve("649E782B_000");
    Files.move(data, dest);

    Sidecar.moveWith(data, dest);

    assertThat(Sidecar.legacy(dest)).exists();
    assertThat(Sidecar.find(dest)).contains(row());
  }

  @Test
  void aRecordAgreesWithARowOnIdChecksumAndStatus() {
    FileRow r = row();
    assertThat(Sidecar.agrees(java.util.Optional.of(r), r)).isTrue();
    assertThat(Sidecar.agrees(java.util.Optional.empty(), r)).isFalse();
    FileRow active = row("000/000/000/649E782B_000", FileStatus.ACTIVE);
    assertThat(Sidecar.agrees(java.util.Optional.of(active), r)).isFalse();
    FileMeta m = r.meta();
    FileRow otherCrc =
        new FileRow(
            new FileMeta(
                m.fileId(),
                m.appId(),
                m.userId(),
                m.size(),
                1,
                m.contentType(),
                m.status(),
                m.path(),
                m.createTime(),
                m.updateTime()),
            r.storeId(),
            0);
    assertThat(Sidecar.agrees(java.util.Optional.of(otherCrc), r)).isFalse();
  }
}
