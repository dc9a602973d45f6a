package org.mediadfs.storage.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;

/**
 * New files on an in-memory H2: the writer inserts them without reading their rows first, and an ID
 * that exists after all is still refused — alone or in a batch with others, which are applied with
 * log sequence numbers that leave no gap.
 */
class NewFileWritesTest {
  static final Duration T = Duration.ofSeconds(10);

  Database db;
  MetaWriter writer;
  MetadataStore store;
  String nodeId = UUID.randomUUID().toString();

  @BeforeEach
  void open() throws Exception {
    db = TestMeta.memoryDatabase();
    store = new MetadataStore(db, nodeId);
    writer = TestMeta.writer(db, nodeId, Clock.fixed(Instant.ofEpochMilli(10_000), ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    writer.close();
    db.close();
  }

  static Mutation.Put put(String id, long size) {
    return new Mutation.Put(
        new FileRow(
            new FileMeta(
                id,
                "tnvideo",
                "u1",
                size,
                0xABC,
                "",
                FileStatus.ACTIVE,
                "000/000/001/X_001",
                10_000,
                10_000),
            "store-1",
            0),
        Set.of());
  }

  /**
   * A batch whose commit reached the database but whose reply was lost fails, and the group
   * committer tries each of its mutations again alone: an upload then finds its own row. That is
   * done, not a duplicate (refused, the upload removed the bytes its committed row names).
   */
  @Test
  void anUploadTriedAgainAfterItsCommitLandedIsDoneAndAnotherWithItsIdIsStillRefused()
      throws Exception {
    Mutation.Put first = put("landed", 5);
    Outcome o = writer.apply(first, T);
    assertThat(o).isInstanceOf(Outcome.Applied.class);

    Outcome again = writer.apply(first, T);

    assertThat(again)
        .isInstanceOfSatisfying(
            Outcome.Applied.class,
            a -> {
              assertThat(a.after()).contains(first.row());
              assertThat(a.seq()).isZero(); // its log entry is the first attempt's
            });
    assertThat(store.readLog(0, 10).entries()).hasSize(1);
    // Another upload with that ID (other bytes, or another place) is a duplicate as before.
    assertThat(writer.apply(put("landed", 6), T))
        .isInstanceOfSatisfying(
            Outcome.Refused.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.CONFLICT));
    FileRow r = first.row();
    FileRow elsewhere =
        new FileRow(
            new FileMeta(
                r.fileId(),
                r.meta().appId(),
                r.userId(),
                r.meta().size(),
                r.meta().crc32c(),
                "",
                FileStatus.ACTIVE,
                "000/000/002/Y_002",
                10_000,
                10_000),
            r.storeId(),
            0);
    assertThat(writer.apply(new Mutation.Put(elsewhere, Set.of()), T))
        .isInstanceOfSatisfying(
            Outcome.Refused.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.CONFLICT));
    assertThat(store.find("u1", "landed")).contains(first.row());
  }

  /**
   * The same for a status change: a DELETE tried again alone after its commit landed finds the file
   * deleted at its own time and is done (it answered "already deleted" for the delete it made);
   * another DELETE of that file is still refused.
   */
  @Test
  void aDeleteTriedAgainAfterItsCommitLandedIsDoneAndAnotherIsStillRefused() throws Exception {
    writer.apply(put("landed", 5), T);
    Mutation.Transition delete =
        new Mutation.Transition(Mutation.Kind.DELETE, "tnvideo", "u1", "landed", 20_000);
    assertThat(writer.apply(delete, T)).isInstanceOf(Outcome.Applied.class);

    Outcome again = writer.apply(delete, T);

    assertThat(again)
        .isInstanceOfSatisfying(
            Outcome.Applied.class,
            a -> {
              assertThat(a.after().orElseThrow().status()).isEqualTo(FileStatus.DELETED);
              assertThat(a.seq()).isZero();
            });
    assertThat(store.readLog(0, 10).entries()).hasSize(2); // the put and one delete
    assertThat(
            writer.apply(
                new Mutation.Transition(Mutation.Kind.DELETE, "tnvideo", "u1", "landed", 30_000),
                T))
        .isInstanceOfSatisfying(
            Outcome.Refused.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.DELETED));
    assertThat(store.find("u1", "landed").orElseThrow().meta().updateTime()).isEqualTo(20_000);
  }

  @Test
  void aTakenIdIsRefusedAndTheRestOfItsBatchApplied() throws Exception {
    assertThat(writer.apply(put("taken", 1), T)).isInstanceOf(Outcome.Applied.class);
    List<CompletableFuture<Outcome>> fresh = new ArrayList<>();
    List<CompletableFuture<Outcome>> dups = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      // Submitted without waiting: the writer takes them in batches of many.
      fresh.add(writer.submit(put("new-" + i, 2)));
      if (i % 10 == 5) {
        dups.add(writer.submit(put("taken", 3)));
      }
    }
    for (CompletableFuture<Outcome> f : fresh) {
      assertThat(f.get()).isInstanceOf(Outcome.Applied.class);
    }
    for (CompletableFuture<Outcome> f : dups) {
      assertThat(f.get())
          .isInstanceOfSatisfying(
              Outcome.Refused.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.CONFLICT));
    }
    assertThat(store.find("u1", "taken").orElseThrow().meta().size()).isEqualTo(1);
    for (int i = 0; i < 60; i++) {
      assertThat(store.find("u1", "new-" + i)).isPresent();
    }
    // One log entry per applied file, numbered without a gap or a repeat.
    List<Long> seqs = store.readLog(0, 1000).entries().stream().map(e -> e.seq()).toList();
    assertThat(seqs).hasSize(61);
    for (int i = 0; i < seqs.size(); i++) {
      assertThat(seqs.get(i)).isEqualTo(i + 1L);
    }
    assertThat(writer.durableSeq()).isEqualTo(61);
  }

  @Test
  void aDeletedFilesIdIsRefusedAndATombstonesIdReused() throws Exception {
    writer.apply(put("gone", 1), T);
    writer.apply(put("purged", 1), T);
    writer.apply(new Mutation.Transition(Mutation.Kind.DELETE, "", "u1", "gone", 10_000), T);
    writer.apply(new Mutation.Transition(Mutation.Kind.PURGE, "", "u1", "purged", 10_000), T);

    assertThat(writer.apply(put("gone", 2), T))
        .isInstanceOfSatisfying(
            Outcome.Refused.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.DELETED));
    assertThat(writer.apply(put("purged", 2), T)).isInstanceOf(Outcome.Applied.class);
    FileMeta again = store.find("u1", "purged").orElseThrow().meta();
    assertThat(again.status()).isEqualTo(FileStatus.ACTIVE);
    assertThat(again.size()).isEqualTo(2);
  }

  @Test
  void onlyKeyViolationsCountAsDuplicates() {
    SQLException dup = new SQLException("Unique index or primary key violation", "23505");
    SQLException batch = new java.sql.BatchUpdateException("batch failed", "21S02", new int[0]);
    batch.setNextException(dup);
    assertThat(MetaWriter.isDuplicateKey(dup)).isTrue();
    assertThat(MetaWriter.isDuplicateKey(batch)).isTrue();
    assertThat(MetaWriter.isDuplicateKey(new SQLException("wrapped", "HY000", dup))).isTrue();
    assertThat(MetaWriter.isDuplicateKey(new SQLException("timeout", "57014"))).isFalse();
  }
}
