package org.mediadfs.storage.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;

/** The journal's record format: what was appended reads back, and a torn tail ends it. */
class JournalTest {
  @TempDir Path dir;

  static FileRow row(String id, FileStatus status) {
    return new FileRow(
        new FileMeta(
            id, "tnvideo", "u1", 3, 0xABCL, "video/mp4", status, "000/000/001/X_001", 1000, 2000),
        "store-1",
        FileRow.FLAG_MISSING);
  }

  static Journal.Batch everyKind(String id) {
    return new Journal.Batch(
        List.of(
            new Journal.RowSet(row(id, FileStatus.ACTIVE)),
            new Journal.RowGone("u1", id + "-gone"),
            new Journal.LogEntry(42, 1, row(id, FileStatus.DELETED).meta(), 3000),
            new Journal.Cursor("peer-1", 17, 4000),
            new Journal.Data(
                "u1",
                id,
                "store-1",
                "000/000/001/X_001",
                0xABCL,
                "abc".getBytes(StandardCharsets.UTF_8))));
  }

  static List<Journal.Batch> readAll(Journal j, long[] ignored) throws Exception {
    List<Journal.Batch> out = new ArrayList<>();
    Journal.Scan scan = j.read(out::add);
    ignored[0] = scan.ignoredBytes();
    assertThat(scan.batches()).isEqualTo(out.size());
    return out;
  }

  @Test
  void everyEntryKindReadsBackAsAppended() throws Exception {
    try (Journal j = Journal.open(dir)) {
      assertThat(j.isEmpty()).isTrue();
      j.append(everyKind("f1"));
      j.append(everyKind("f2"));
    }
    try (Journal j = Journal.open(dir)) {
      long[] ignored = {-1};
      List<Journal.Batch> got = readAll(j, ignored);
      assertThat(ignored[0]).isZero();
      assertThat(got).hasSize(2);
      for (int i = 0; i < 2; i++) {
        Journal.Batch want = everyKind("f" + (i + 1));
        List<Journal.Entry> g = got.get(i).entries();
        assertThat(g).hasSize(5);
        assertThat(g.subList(0, 4)).isEqualTo(want.entries().subList(0, 4));
        Journal.Data d = (Journal.Data) g.get(4);
        Journal.Data w = (Journal.Data) want.entries().get(4);
        assertThat(d.bytes()).isEqualTo(w.bytes());
        assertThat(List.of(d.userId(), d.fileId(), d.storeId(), d.path()))
            .isEqualTo(List.of(w.userId(), w.fileId(), w.storeId(), w.path()));
        assertThat(d.crc32c()).isEqualTo(w.crc32c());
      }
    }
  }

  @Test
  void aTornLastRecordEndsTheJournal() throws Exception {
    long afterFirst;
    long afterSecond;
    try (Journal j = Journal.open(dir)) {
      j.append(everyKind("f1"));
      afterFirst = j.size();
      j.append(everyKind("f2"));
      afterSecond = j.size();
    }
    Path file = dir.resolve(Journal.FILE);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(afterSecond - 3); // the crash came in the middle of the second append
    }
    try (Journal j = Journal.open(dir)) {
      long[] ignored = {0};
      assertThat(readAll(j, ignored)).hasSize(1);
      assertThat(ignored[0]).isEqualTo(afterSecond - 3 - afterFirst);
      assertThat(j.size()).isEqualTo(afterFirst);
    }
  }

  @Test
  void appendsGoIntoZerosTheFileWasGrownWithAndContinueAfterAReopen() throws Exception {
    long afterFirst;
    try (Journal j = Journal.open(dir)) {
      j.append(everyKind("f1"));
      afterFirst = j.size();
      assertThat(Files.size(dir.resolve(Journal.FILE))).isGreaterThanOrEqualTo(Journal.GROW_MIN);
    }
    long length = Files.size(dir.resolve(Journal.FILE));
    try (Journal j = Journal.open(dir)) {
      assertThat(j.size()).isEqualTo(afterFirst);
      j.append(everyKind("f2"));
    }
    assertThat(Files.size(dir.resolve(Journal.FILE))).isEqualTo(length); // no block added
    try (Journal j = Journal.open(dir)) {
      long[] ignored = {-1};
      assertThat(readAll(j, ignored)).hasSize(2);
      assertThat(ignored[0]).isZero();
    }
  }

  @Test
  void resetStartsAGenerationThatLeavesTheOldRecordsBehind() throws Exception {
    long length;
    try (Journal j = Journal.open(dir)) {
      for (int i = 0; i < 5; i++) {
        j.append(everyKind("old" + i));
      }
      length = Files.size(dir.resolve(Journal.FILE));
      j.reset();
      assertThat(j.isEmpty()).isTrue();
      assertThat(Files.size(dir.resolve(Journal.FILE))).isEqualTo(length);
      j.append(new Journal.Batch(List.of(new Journal.RowGone("u1", "new"))));
    }
    try (Journal j = Journal.open(dir)) {
      long[] ignored = {-1};
      List<Journal.Batch> got = readAll(j, ignored);
      assertThat(got).hasSize(1);
      assertThat(got.getFirst().entries()).containsExactly(new Journal.RowGone("u1", "new"));
      assertThat(ignored[0]).isZero(); // what follows is the last generation's, not a torn tail
    }
  }

  @Test
  void aFirstFormatJournalIsReadAndEmptiedIntoTheNewFormat() throws Exception {
    byte[] body = everyKind("v1").encode();
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(body);
    ByteBuffer v1 = ByteBuffer.allocate(8 + 8 + body.length);
    v1.put("MDFSJNL1".getBytes(StandardCharsets.US_ASCII));
    v1.putInt(body.length).putInt((int) crc.getValue()).put(body);
    Files.write(dir.resolve(Journal.FILE), v1.array());
    try (Journal j = Journal.open(dir)) {
      long[] ignored = {-1};
      List<Journal.Batch> got = readAll(j, ignored);
      assertThat(got).hasSize(1);
      assertThat(got.getFirst().entries().getFirst())
          .isEqualTo(everyKind("v1").entries().getFirst());
      assertThat(ignored[0]).isZero();
      j.reset();
      j.append(everyKind("v2"));
    }
    byte[] magic = Arrays.copyOf(Files.readAllBytes(dir.resolve(Journal.FILE)), 8);
    assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("MDFSJNL2");
    try (Journal j = Journal.open(dir)) {
      long[] ignored = {-1};
      List<Journal.Batch> got = readAll(j, ignored);
      assertThat(got).hasSize(1);
      assertThat(got.getFirst().entries().getFirst())
          .isEqualTo(everyKind("v2").entries().getFirst());
    }
  }

  @Test
  void aCorruptRecordEndsTheJournal() throws Exception {
    long afterFirst;
    try (Journal j = Journal.open(dir)) {
      j.append(everyKind("f1"));
      afterFirst = j.size();
      j.append(everyKind("f2"));
      j.append(everyKind("f3"));
    }
    try (FileChannel ch =
        FileChannel.open(
            dir.resolve(Journal.FILE), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, afterFirst + 20);
      b.put(0, (byte) (b.get(0) ^ 0x40)).rewind();
      ch.write(b, afterFirst + 20);
    }
    try (Journal j = Journal.open(dir)) {
      long[] ignored = {0};
      assertThat(readAll(j, ignored)).hasSize(1);
      assertThat(ignored[0]).isPositive();
    }
  }

  @Test
  void resetEmptiesItDurablyAndAppendsContinue() throws Exception {
    try (Journal j = Journal.open(dir)) {
      j.append(everyKind("f1"));
      assertThat(j.isEmpty()).isFalse();
      j.reset();
      assertThat(j.isEmpty()).isTrue();
      j.append(everyKind("f9"));
    }
    try (Journal j = Journal.open(dir)) {
      long[] ignored = {0};
      List<Journal.Batch> got = readAll(j, ignored);
      assertThat(got).hasSize(1);
      assertThat(((Journal.RowSet) got.getFirst().entries().getFirst()).row().fileId())
          .isEqualTo("f9");
    }
  }

  @Test
  void aFileThatIsNoJournalIsRefused() throws Exception {
    Files.writeString(dir.resolve(Journal.FILE), "something else entirely");
    assertThatThrownBy(() -> Journal.open(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a mediadfs metadata journal");
  }
}
