package org.mediadfs.storage.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mediadfs.storage.store.Durability;
import org.mediadfs.storage.store.StoreRoot;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;

/**
 * Start-up replay of the metadata journal on an embedded H2: batches the database lost come back as
 * the newest state, small files whose bytes were lost or torn are written again, purged files stay
 * gone, and replaying over a database that kept some of the batches ends in the same state.
 */
class JournalRecoveryTest {
  @TempDir Path dir;

  Database db;
  StoreRoot root;
  Journal journal;
  MetadataStore store;
  String nodeId = UUID.randomUUID().toString();

  @BeforeEach
  void open() throws Exception {
    db = TestMeta.database("jdbc:h2:file:" + dir.resolve("db/storage"));
    root = StoreRoot.open(dir.resolve("root"), 0, true);
    journal = Journal.open(dir.resolve("journal"));
    store = new MetadataStore(db, nodeId);
  }

  @AfterEach
  void close() throws Exception {
    journal.close();
    db.close();
  }

  static byte[] bytesOf(String id) {
    return ("the bytes of " + id).repeat(50).getBytes(StandardCharsets.UTF_8);
  }

  static long crc(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b);
    return c.getValue();
  }

  FileRow row(String id, FileStatus status, long updated) {
    byte[] b = bytesOf(id);
    return new FileRow(
        new FileMeta(
            id,
            "tnvideo",
            "u1",
            b.length,
            crc(b),
            "video/mp4",
            status,
            org.mediadfs.wire.StoragePaths.relativePath(id.hashCode() & 0xffff, 1_700_000_000L),
            1000,
            updated),
        root.storeId(),
        0);
  }

  Journal.Data data(String id) {
    FileRow r = row(id, FileStatus.ACTIVE, 1000);
    return new Journal.Data(
        "u1", id, root.storeId(), r.meta().path(), crc(bytesOf(id)), bytesOf(id));
  }

  JournalRecovery.Report recover() throws Exception {
    return JournalRecovery.recover(
        journal,
        db,
        nodeId,
        id -> Optional.of(root).filter(r -> r.storeId().equals(id)),
        new Durability.PerFile());
  }

  List<Long> logSeqs() throws Exception {
    List<Long> seqs = new ArrayList<>();
    for (var e : store.readLog(0, 100).entries()) {
      seqs.add(e.seq());
    }
    return seqs;
  }

  @Test
  void batchesTheDatabaseLostComeBackWithTheirFiles() throws Exception {
    FileRow a = row("FA", FileStatus.ACTIVE, 1000);
    FileRow b = row("FB", FileStatus.ACTIVE, 1000);
    FileRow aDeleted = a.withStatus(FileStatus.DELETED, 2000);
    journal.append(
        new Journal.Batch(
            List.of(
                new Journal.RowSet(a), new Journal.LogEntry(1, 1, a.meta(), 1000), data("FA"))));
    journal.append(
        new Journal.Batch(
            List.of(
                new Journal.RowSet(b),
                new Journal.LogEntry(2, 1, b.meta(), 1000),
                data("FB"),
                new Journal.Cursor("peer-1", 7, 1000))));
    journal.append(
        new Journal.Batch(
            List.of(
                new Journal.RowSet(aDeleted), new Journal.LogEntry(3, 2, aDeleted.meta(), 2000))));
    // The crash lost A's bytes entirely and tore B's.
    Path fileB = root.resolve(b.meta().path());
    Files.createDirectories(fileB.getParent());
    Files.write(fileB, "torn".getBytes(StandardCharsets.UTF_8));

    JournalRecovery.Report r = recover();

    assertThat(r.batches()).isEqualTo(3);
    assertThat(r.filesRewritten()).isEqualTo(2);
    assertThat(store.find("u1", "FA")).contains(aDeleted); // a soft delete keeps the bytes
    assertThat(store.find("u1", "FB")).contains(b);
    assertThat(Files.readAllBytes(root.resolve(a.meta().path()))).isEqualTo(bytesOf("FA"));
    assertThat(Files.readAllBytes(fileB)).isEqualTo(bytesOf("FB"));
    assertThat(logSeqs()).containsExactly(1L, 2L, 3L);
    assertThat(journal.isEmpty()).isTrue();
    // A second start finds nothing to do.
    assertThat(recover().batches()).isZero();
  }

  /**
   * After a crash nearly every journaled file is intact on disk: the replay reads the bytes and
   * asks the database only about the missing or torn ones (a query per file held a node's start for
   * 10 s in the fault suite).
   */
  @Test
  void onlyFilesWhoseBytesAreMissingOrTornAreLookedUp() throws Exception {
    List<Journal.Entry> entries = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String id = "F" + i;
      FileRow r = row(id, FileStatus.ACTIVE, 1000);
      entries.add(new Journal.RowSet(r));
      entries.add(data(id));
      Path file = root.resolve(r.meta().path());
      Files.createDirectories(file.getParent());
      Files.write(file, bytesOf(id));
    }
    journal.append(new Journal.Batch(entries));
    Path torn = root.resolve(row("F7", FileStatus.ACTIVE, 1000).meta().path());
    Files.write(torn, "torn".getBytes(StandardCharsets.UTF_8));
    Path missing = root.resolve(row("F13", FileStatus.ACTIVE, 1000).meta().path());
    Files.delete(missing);
    List<String> lookedUp = new ArrayList<>();

    JournalRecovery.Report r =
        JournalRecovery.recover(
            journal,
            db,
            nodeId,
            id -> Optional.of(root).filter(x -> x.storeId().equals(id)),
            new Durability.PerFile(),
            (user, file) -> {
              lookedUp.add(file);
              return store.find(user, file);
            });

    assertThat(lookedUp).containsExactlyInAnyOrder("F7", "F13");
    assertThat(r.filesRewritten()).isEqualTo(2);
    assertThat(Files.readAllBytes(torn)).isEqualTo(bytesOf("F7"));
    assertThat(Files.readAllBytes(missing)).isEqualTo(bytesOf("F13"));
  }

  @Test
  void aFilePurgedLaterInTheJournalIsNotWrittenAgain() throws Exception {
    FileRow a = row("FA", FileStatus.ACTIVE, 1000);
    journal.append(new Journal.Batch(List.of(new Journal.RowSet(a), data("FA"))));
    journal.append(
        new Journal.Batch(List.of(new Journal.RowSet(a.withStatus(FileStatus.PURGED, 3000)))));

    JournalRecovery.Report r = recover();

    assertThat(r.filesRewritten()).isZero();
    assertThat(store.find("u1", "FA").map(FileRow::status)).contains(FileStatus.PURGED);
    assertThat(root.resolve(a.meta().path())).doesNotExist();
  }

  @Test
  void replayOverADatabaseThatKeptPartOfTheBatchesEndsInTheNewestState() throws Exception {
    FileRow a = row("FA", FileStatus.ACTIVE, 1000);
    FileRow aDeleted = a.withStatus(FileStatus.DELETED, 2000);
    FileRow aRestored = a.withStatus(FileStatus.ACTIVE, 3000);
    List<Journal.Batch> batches =
        List.of(
            new Journal.Batch(
                List.of(
                    new Journal.RowSet(a), new Journal.LogEntry(1, 1, a.meta(), 1000), data("FA"))),
            new Journal.Batch(
                List.of(
                    new Journal.RowSet(aDeleted),
                    new Journal.LogEntry(2, 2, aDeleted.meta(), 2000))),
            new Journal.Batch(
                List.of(
                    new Journal.RowSet(aRestored),
                    new Journal.LogEntry(3, 3, aRestored.meta(), 3000))),
            new Journal.Batch(List.of(new Journal.RowGone("u1", "FX"))));
    for (Journal.Batch b : batches.subList(0, 2)) {
      journal.append(b);
    }
    recover(); // the database now holds the first two batches
    for (Journal.Batch b : batches) {
      journal.append(b); // a journal whose reset did not survive, plus two newer batches
    }

    recover();

    assertThat(store.find("u1", "FA")).contains(aRestored);
    assertThat(logSeqs()).containsExactly(1L, 2L, 3L);
    assertThat(Files.readAllBytes(root.resolve(a.meta().path()))).isEqualTo(bytesOf("FA"));
  }

  @Test
  void aTornTailIsIgnoredAndDropped() throws Exception {
    FileRow a = row("FA", FileStatus.ACTIVE, 1000);
    journal.append(new Journal.Batch(List.of(new Journal.RowSet(a), data("FA"))));
    long intact = journal.size();
    journal.append(new Journal.Batch(List.of(new Journal.RowSet(row("FB", FileStatus.ACTIVE, 1)))));
    journal.close();
    try (var ch =
        java.nio.channels.FileChannel.open(
            dir.resolve("journal").resolve(Journal.FILE), java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(intact + 5);
    }
    journal = Journal.open(dir.resolve("journal"));

    JournalRecovery.Report r = recover();

    assertThat(r.batches()).isEqualTo(1);
    assertThat(r.ignoredBytes()).isEqualTo(5);
    assertThat(store.find("u1", "FA")).contains(a);
    assertThat(store.find("u1", "FB")).isEmpty();
    assertThat(journal.isEmpty()).isTrue();
  }

  @Test
  void theWriterJournalsABatchWithTheBytesOfItsSmallFilesBeforeAcknowledging() throws Exception {
    journal.close();
    Path journalDir = dir.resolve("journal");
    FileRow a = row("FA", FileStatus.ACTIVE, 1000);
    Path file = root.resolve(a.meta().path());
    Files.createDirectories(file.getParent());
    Files.write(file, bytesOf("FA"));
    Durability syncfs = Durability.forMode("syncfs", List.of(root.path()));
    MetaWriter writer =
        MetaWriter.start(
            db,
            nodeId,
            new org.mediadfs.storage.cache.CachedLookup(
                store, new org.mediadfs.storage.cache.CaffeineMetaCache(Duration.ofSeconds(1), 10)),
            Duration.ofDays(7),
            syncfs,
            java.time.Clock.systemUTC(),
            journalDir,
            id -> Optional.of(root).filter(r -> r.storeId().equals(id)));
    try {
      Outcome o =
          writer.apply(
              new Mutation.Put(a, java.util.Set.of(file.getParent())), Duration.ofSeconds(10));
      assertThat(o).isInstanceOf(Outcome.Applied.class);
      // Acknowledged: the journal holds the row, its log entry and the file's bytes.
      List<Journal.Entry> entries = new ArrayList<>();
      try (Journal j = Journal.open(journalDir)) {
        j.read(b -> entries.addAll(b.entries()));
      }
      assertThat(entries).hasSize(3).contains(new Journal.RowSet(a));
      assertThat(entries)
          .filteredOn(e -> e instanceof Journal.LogEntry l && l.seq() == 1)
          .hasSize(1);
      assertThat(entries)
          .filteredOn(e -> e instanceof Journal.Data)
          .singleElement()
          .satisfies(d -> assertThat(((Journal.Data) d).bytes()).isEqualTo(bytesOf("FA")));
    } finally {
      writer.close();
      syncfs.close();
    }
    // A clean stop checkpoints: nothing is left to replay.
    journal = Journal.open(journalDir);
    assertThat(journal.isEmpty()).isTrue();
  }
}
