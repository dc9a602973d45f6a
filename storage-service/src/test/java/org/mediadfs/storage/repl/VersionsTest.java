package org.mediadfs.storage.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mediadfs.storage.meta.FileRow;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;
import org.mediadfs.wire.message.LogOp;

class VersionsTest {
  static final String A = "aaaaaaaa-0000-0000-0000-000000000000";
  static final String B = "bbbbbbbb-0000-0000-0000-000000000000";

  static FileMeta meta(String path, long crc, long created, FileStatus status, long updated) {
    return new FileMeta(
        "f1", "tnvideo", "u1", 100, crc, "video/mp4", status, path, created, updated);
  }

  static FileMeta v1(FileStatus s, long updated) {
    return meta("000/000/001/AAAA_001", 0x1111, 1000, s, updated);
  }

  static Optional<FileRow> row(FileMeta m, int flags) {
    return Optional.of(new FileRow(m, "store-1", flags));
  }

  static Versions.Adopt adopt(Versions.Decision d) {
    assertThat(d).isInstanceOf(Versions.Adopt.class);
    return (Versions.Adopt) d;
  }

  @Test
  void aFileThisNodeNeverHadIsTakenWithItsStatus() {
    Versions.Adopt put =
        adopt(Versions.decide(Optional.empty(), v1(FileStatus.ACTIVE, 1000), A, B));
    assertThat(put.log()).contains(LogOp.PUT);
    assertThat(put.needBytes()).isTrue();
    assertThat(put.displaced()).isEmpty();

    Versions.Adopt deleted =
        adopt(Versions.decide(Optional.empty(), v1(FileStatus.DELETED, 2000), A, B));
    assertThat(deleted.log()).contains(LogOp.DELETE);
    assertThat(deleted.needBytes()).isFalse(); // a peer does not hand out deleted files
    assertThat(deleted.flags()).isEqualTo(FileRow.FLAG_MISSING);

    Versions.Adopt purged =
        adopt(Versions.decide(Optional.empty(), v1(FileStatus.PURGED, 3000), A, B));
    assertThat(purged.log()).contains(LogOp.PURGE);
    assertThat(purged.needBytes()).isFalse();
    assertThat(purged.flags()).isZero();
  }

  @Test
  void theLaterChangeOfOneVersionWins() {
    Optional<FileRow> active = row(v1(FileStatus.ACTIVE, 1000), 0);
    Versions.Adopt del = adopt(Versions.decide(active, v1(FileStatus.DELETED, 2000), A, B));
    assertThat(del.log()).contains(LogOp.DELETE);
    assertThat(del.needBytes()).isFalse();
    assertThat(del.flags()).isZero(); // the bytes stay for a restore

    // The peer's old PUT entry arrives after the delete: ignored.
    Optional<FileRow> deleted = row(v1(FileStatus.DELETED, 2000), 0);
    assertThat(Versions.decide(deleted, v1(FileStatus.ACTIVE, 1000), A, B))
        .isEqualTo(new Versions.Skip(false));

    // Deleted then restored here; the peer's delete arrives late: ignored.
    Optional<FileRow> restored = row(v1(FileStatus.ACTIVE, 3000), 0);
    assertThat(Versions.decide(restored, v1(FileStatus.DELETED, 2000), A, B))
        .isEqualTo(new Versions.Skip(false));

    Versions.Adopt restore = adopt(Versions.decide(deleted, v1(FileStatus.ACTIVE, 3000), A, B));
    assertThat(restore.log()).contains(LogOp.RESTORE);
    assertThat(restore.needBytes()).isFalse();

    Versions.Adopt purge = adopt(Versions.decide(active, v1(FileStatus.PURGED, 4000), A, B));
    assertThat(purge.log()).contains(LogOp.PURGE);

    // An echo of this node's own state changes nothing (no log entry, no bounce).
    assertThat(Versions.decide(active, v1(FileStatus.ACTIVE, 1000), A, B))
        .isEqualTo(new Versions.Skip(false));
  }

  @Test
  void onATieTheStrongerStatusWins() {
    Optional<FileRow> active = row(v1(FileStatus.ACTIVE, 2000), 0);
    assertThat(adopt(Versions.decide(active, v1(FileStatus.DELETED, 2000), A, B)).log())
        .contains(LogOp.DELETE);
    Optional<FileRow> deleted = row(v1(FileStatus.DELETED, 2000), 0);
    assertThat(Versions.decide(deleted, v1(FileStatus.ACTIVE, 2000), A, B))
        .isInstanceOf(Versions.Skip.class);
  }

  @Test
  void missingBytesAreFetchedWhenTheFileIsOrBecomesActive() {
    Optional<FileRow> flagged = row(v1(FileStatus.ACTIVE, 1000), FileRow.FLAG_MISSING);
    Versions.Adopt repair = adopt(Versions.decide(flagged, v1(FileStatus.ACTIVE, 1000), A, B));
    assertThat(repair.log()).isEmpty(); // nothing changes for the group
    assertThat(repair.needBytes()).isTrue();

    Optional<FileRow> deletedNoBytes = row(v1(FileStatus.DELETED, 2000), FileRow.FLAG_MISSING);
    Versions.Adopt restore =
        adopt(Versions.decide(deletedNoBytes, v1(FileStatus.ACTIVE, 3000), A, B));
    assertThat(restore.log()).contains(LogOp.RESTORE);
    assertThat(restore.needBytes()).isTrue();

    Optional<FileRow> corrupt = row(v1(FileStatus.ACTIVE, 1000), FileRow.FLAG_CORRUPT);
    assertThat(adopt(Versions.decide(corrupt, v1(FileStatus.ACTIVE, 1000), A, B)).needBytes())
        .isTrue();
  }

  @Test
  void aConflictIsWonByTheEarliestCreateTimeThenTheSmallerNodeId() {
    FileMeta older = meta("000/000/001/AAAA_001", 0x1111, 1000, FileStatus.ACTIVE, 1000);
    FileMeta newer = meta("000/000/002/BBBB_002", 0x2222, 1500, FileStatus.ACTIVE, 1500);
    // This node holds the newer one: the peer's older version wins, ours is displaced.
    Versions.Adopt take = adopt(Versions.decide(row(newer, 0), older, A, B));
    assertThat(take.conflict()).isTrue();
    assertThat(take.needBytes()).isTrue();
    assertThat(take.displaced()).isPresent();
    assertThat(take.displaced().get().meta()).isEqualTo(newer);
    // The peer, holding the older one, keeps it.
    assertThat(Versions.decide(row(older, 0), newer, B, A)).isEqualTo(new Versions.Skip(true));

    // Same create time: the smaller node ID's version wins, on both sides.
    FileMeta onA = meta("000/000/003/CCCC_003", 0x3333, 2000, FileStatus.ACTIVE, 2000);
    FileMeta onB = meta("000/000/004/DDDD_004", 0x4444, 2000, FileStatus.ACTIVE, 2000);
    assertThat(Versions.decide(row(onA, 0), onB, A, B)).isEqualTo(new Versions.Skip(true));
    Versions.Adopt bTakes = adopt(Versions.decide(row(onB, 0), onA, B, A));
    assertThat(bTakes.target()).isEqualTo(onA);
  }

  /**
   * A client lost the answer to an upload (its node killed after the commit) and sent it again,
   * same ID and same bytes, to the other member, which stored it under a path of its own and then
   * took an acknowledged delete. The two are one upload: the delete wins on both members; it used
   * to be a conflict that the older, never acknowledged copy won, undoing the delete everywhere.
   */
  @Test
  void anUploadRetriedOnTheOtherMemberTakesItsLaterState() {
    FileMeta first = meta("000/000/001/AAAA_001", 0x1111, 1000, FileStatus.ACTIVE, 1000);
    FileMeta retried = meta("000/000/007/AAAB_007", 0x1111, 1200, FileStatus.ACTIVE, 1200);
    FileMeta deleted = meta("000/000/007/AAAB_007", 0x1111, 1200, FileStatus.DELETED, 1500);

    Versions.Adopt onFirst = adopt(Versions.decide(row(first, 0), deleted, A, B));
    assertThat(onFirst.target()).isEqualTo(deleted);
    assertThat(onFirst.log()).contains(LogOp.DELETE);
    assertThat(onFirst.conflict()).isFalse();
    assertThat(onFirst.displaced().map(FileRow::meta)).contains(first); // bytes to quarantine
    assertThat(onFirst.flags()).isEqualTo(FileRow.FLAG_MISSING);
    assertThat(Versions.decide(row(deleted, 0), first, B, A)).isEqualTo(new Versions.Skip(false));

    // Both still active: both settle on the later one (its bytes fetched to its path).
    Versions.Adopt settle = adopt(Versions.decide(row(first, 0), retried, A, B));
    assertThat(settle.target()).isEqualTo(retried);
    assertThat(settle.needBytes()).isTrue();
    assertThat(settle.conflict()).isFalse();
    assertThat(Versions.decide(row(retried, 0), first, B, A)).isEqualTo(new Versions.Skip(false));

    // Different bytes under the same ID stay a conflict, won by the earlier upload.
    FileMeta other = meta("000/000/007/AAAB_007", 0x2222, 1200, FileStatus.DELETED, 1500);
    assertThat(Versions.decide(row(first, 0), other, A, B)).isEqualTo(new Versions.Skip(true));
  }

  @Test
  void aVersionCreatedAfterAPurgeReplacesTheTombstoneAndNeverTheReverse() {
    FileMeta purgedOld = meta("000/000/001/AAAA_001", 0x1111, 1000, FileStatus.PURGED, 5000);
    FileMeta reuse = meta("000/000/009/EEEE_009", 0x9999, 6000, FileStatus.ACTIVE, 6000);
    Versions.Adopt take = adopt(Versions.decide(row(purgedOld, 0), reuse, A, B));
    assertThat(take.conflict()).isFalse();
    assertThat(take.needBytes()).isTrue();
    assertThat(take.displaced()).isEmpty();
    assertThat(Versions.decide(row(reuse, 0), purgedOld, B, A)).isEqualTo(new Versions.Skip(false));
  }

  /** Whatever two members hold, both pick the same surviving version. */
  @Test
  void twoMembersAlwaysAgreeOnTheWinner() {
    Random r = new Random(42);
    FileStatus[] statuses = FileStatus.values();
    for (int i = 0; i < 10_000; i++) {
      FileMeta x = random(r, statuses);
      FileMeta y = random(r, statuses);
      FileMeta onA = settle(x, y, A, B);
      FileMeta onB = settle(y, x, B, A);
      assertThat(onA).as("A holds %s, B holds %s", x, y).isEqualTo(onB);
    }
  }

  static FileMeta random(Random r, FileStatus[] statuses) {
    long[] created = {1000, 1001, 1002, 2001, 2003, 2005};
    long c = created[r.nextInt(created.length)];
    return meta(
        "000/000/00" + r.nextInt(3) + "/X",
        r.nextInt(3),
        c,
        statuses[r.nextInt(3)],
        c + r.nextInt(5));
  }

  /** What {@code self} holds after learning {@code peer}'s state. */
  static FileMeta settle(FileMeta mine, FileMeta theirs, String self, String peer) {
    return switch (Versions.decide(row(mine, 0), theirs, self, peer)) {
      case Versions.Skip s -> mine;
      case Versions.Adopt a -> a.target();
    };
  }
}
