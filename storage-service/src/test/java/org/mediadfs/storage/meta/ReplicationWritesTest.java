package org.mediadfs.storage.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;
import org.mediadfs.wire.message.LogOp;

/**
 * The metadata writer's replication changes on an in-memory H2: a peer's state is applied with its
 * log entry and the cursor in one commit, only from the state it was decided on, and a cursor never
 * skips an entry that was not applied.
 */
class ReplicationWritesTest {
  static final Duration T = Duration.ofSeconds(10);
  static final String PEER = "peer-1";

  Database db;
  MetaWriter writer;
  MetadataStore store;
  String nodeId = UUID.randomUUID().toString();

  @BeforeEach
  void open() throws Exception {
    db = TestMeta.memoryDatabase();
    store = new MetadataStore(db, nodeId);
    writer = start();
  }

  MetaWriter start() throws Exception {
    return TestMeta.writer(db, nodeId, Clock.fixed(Instant.ofEpochMilli(10_000), ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    writer.close();
    db.close();
  }

  static FileRow row(String id, FileStatus status, long updated) {
    return new FileRow(
        new FileMeta(
            id, "tnvideo", "u1", 10, 0xABC, "", status, "000/000/001/X_001", 1000, updated),
        "store-1",
        0);
  }

  static Mutation.Apply apply(
      FileRow row, Optional<FileRow> expected, LogOp op, long seq, long prev) {
    return new Mutation.Apply(
        row,
        expected,
        Optional.of(op),
        Set.of(),
        Optional.of(new Mutation.CursorMove(PEER, seq, prev)));
  }

  @Test
  void aPeersChangeCommitsTheRowItsLogEntryAndTheCursorTogether() throws Exception {
    FileRow r = row("f1", FileStatus.ACTIVE, 1000);
    Outcome o = writer.apply(apply(r, Optional.empty(), LogOp.PUT, 7, 0), T);
    assertThat(o).isInstanceOf(Outcome.Applied.class);
    assertThat(((Outcome.Applied) o).seq()).isEqualTo(1);
    assertThat(store.find("u1", "f1")).contains(r);
    assertThat(writer.cursor(PEER)).isEqualTo(7);
    assertThat(writer.durableSeq()).isEqualTo(1);
    // Peers are shown only durable entries.
    assertThat(store.readLog(0, 10, 0).entries()).isEmpty();
    assertThat(store.readLog(0, 10, 0).lastSeq()).isZero();
    MetadataStore.LogPage log = store.readLog(0, 10);
    assertThat(log.entries()).hasSize(1);
    assertThat(log.entries().getFirst().op()).isEqualTo(LogOp.PUT);
    assertThat(log.entries().getFirst().meta()).isEqualTo(r.meta());

    // The peer's later delete keeps the peer's time (members order changes by it).
    FileRow deleted = row("f1", FileStatus.DELETED, 5000);
    assertThat(writer.apply(apply(deleted, Optional.of(r), LogOp.DELETE, 8, 7), T))
        .isInstanceOf(Outcome.Applied.class);
    assertThat(store.find("u1", "f1").get().meta().updateTime()).isEqualTo(5000);

    // Reopened: the cursor is durable.
    writer.close();
    writer = start();
    assertThat(writer.cursor(PEER)).isEqualTo(8);
  }

  @Test
  void aChangeDecidedOnAStaleRowIsRefusedAndChangesNothing() throws Exception {
    FileRow r = row("f2", FileStatus.ACTIVE, 1000);
    writer.apply(apply(r, Optional.empty(), LogOp.PUT, 1, 0), T);
    // Decided when there was no row: refused, and the cursor does not move either.
    Outcome o =
        writer.apply(
            apply(row("f2", FileStatus.DELETED, 2000), Optional.empty(), LogOp.DELETE, 2, 1), T);
    assertThat(o).isInstanceOf(Outcome.Refused.class);
    assertThat(((Outcome.Refused) o).code()).isEqualTo(ErrorCode.CONFLICT);
    assertThat(store.find("u1", "f2")).contains(r);
    assertThat(writer.cursor(PEER)).isEqualTo(1);
    assertThat(store.readLog(0, 10).entries()).hasSize(1);
  }

  /** A peer's change tried again after its commit landed (reply lost) is done, not a conflict. */
  @Test
  void aChangeTriedAgainAfterItsCommitLandedIsDone() throws Exception {
    FileRow r = row("f9", FileStatus.ACTIVE, 1000);
    Mutation.Apply m = apply(r, Optional.empty(), LogOp.PUT, 1, 0);
    assertThat(writer.apply(m, T)).isInstanceOf(Outcome.Applied.class);

    Outcome again = writer.apply(m, T);

    assertThat(again)
        .isInstanceOfSatisfying(Outcome.Applied.class, a -> assertThat(a.after()).contains(r));
    assertThat(store.find("u1", "f9")).contains(r);
    assertThat(writer.cursor(PEER)).isEqualTo(1);
    assertThat(store.readLog(0, 10).entries()).hasSize(1);
  }

  @Test
  void theCursorNeverJumpsOverAnEntryThatWasNotApplied() throws Exception {
    writer.apply(apply(row("f3", FileStatus.ACTIVE, 1000), Optional.empty(), LogOp.PUT, 3, 0), T);
    // Entry 4 was refused (not shown); entry 5, computed after 4, must not move the cursor.
    Outcome o =
        writer.apply(
            apply(row("f4", FileStatus.ACTIVE, 1000), Optional.empty(), LogOp.PUT, 5, 4), T);
    assertThat(o).isInstanceOf(Outcome.Refused.class);
    assertThat(store.find("u1", "f4")).isEmpty();
    assertThat(writer.apply(new Mutation.AdvanceCursor(new Mutation.CursorMove(PEER, 9, 4)), T))
        .isInstanceOf(Outcome.Refused.class);
    assertThat(writer.cursor(PEER)).isEqualTo(3);
    // A resync sets it whatever it was.
    assertThat(writer.apply(new Mutation.AdvanceCursor(new Mutation.CursorMove(PEER, 42, -1)), T))
        .isInstanceOf(Outcome.Applied.class);
    assertThat(writer.cursor(PEER)).isEqualTo(42);
  }

  @Test
  void aLocalStatusChangeIsAlwaysLaterThanThePeerChangeItFollows() throws Exception {
    // The peer's clock is ahead: its restore is stamped 50 s, this node's clock says 10 s.
    writer.apply(apply(row("f5", FileStatus.ACTIVE, 50_000), Optional.empty(), LogOp.PUT, 1, 0), T);
    Outcome o =
        writer.apply(
            new Mutation.Transition(Mutation.Kind.DELETE, "tnvideo", "u1", "f5", 10_000), T);
    FileRow after = ((Outcome.Applied) o).after().get();
    assertThat(after.status()).isEqualTo(FileStatus.DELETED);
    assertThat(after.meta().updateTime()).isEqualTo(50_001);
  }

  @Test
  void anUploadReusingAPurgedIdIsYoungerThanTheTombstone() throws Exception {
    // The tombstone was stamped by a peer whose clock is ahead of this one.
    writer.apply(
        apply(row("f6", FileStatus.PURGED, 60_000), Optional.empty(), LogOp.PURGE, 1, 0), T);
    FileRow fresh =
        new FileRow(
            new FileMeta(
                "f6",
                "tnvideo",
                "u1",
                3,
                7,
                "",
                FileStatus.ACTIVE,
                "000/000/002/Y_002",
                10_000,
                10_000),
            "store-1",
            0);
    Outcome o = writer.apply(new Mutation.Put(fresh, Set.of()), T);
    FileRow stored = ((Outcome.Applied) o).after().get();
    assertThat(stored.meta().createTime()).isEqualTo(60_001);
    assertThat(store.find("u1", "f6")).contains(stored);
  }
}
