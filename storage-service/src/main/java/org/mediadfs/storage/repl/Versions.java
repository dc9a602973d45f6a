package org.mediadfs.storage.repl;

import java.util.Optional;
import org.mediadfs.storage.meta.FileRow;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;
import org.mediadfs.wire.message.LogOp;

/**
 * What this node does with a file's state learned from a peer (a log entry, a LIST row of a full
 * resync, a STAT of a read repair). A pure function of the local row and the peer's metadata, so
 * every member decides the same way and the group converges whatever order the news arrives in.
 *
 * <p>The rules:
 *
 * <ol>
 *   <li><b>Version.</b> An upload is one version of a file: owner, app, path, size, checksum and
 *       create time. Paths come from group-wide unique IDs, so two uploads never share one.
 *   <li><b>Same version: the later change wins</b> (update time; on a tie the higher status code,
 *       so a delete beats a concurrent restore and a purge beats both). Local status changes are
 *       always stamped later than the change they follow, so a member's own sequence is kept.
 *   <li><b>Purge then reuse.</b> A version created after another version's purge is a new file with
 *       the same ID, not a conflict: it replaces the tombstone (and is never replaced by it).
 *   <li><b>A retried upload</b> is not a conflict either. A client that lost the answer to an
 *       upload (its node killed after the commit) sends it again, same ID and same bytes, to the
 *       other member, which stores it under a path of its own and may acknowledge later changes of
 *       it. Two versions with the same owner, app, size and checksum are that one upload: the later
 *       state wins (update time, then status, create time and path, so both members pick the same
 *       one) and replaces the other version, whose bytes go to quarantine. Taking them for a
 *       conflict let the older copy, never acknowledged, win and undo an acknowledged delete of the
 *       retried one (fault suite: failoverRetryOfAnUploadUndidItsDelete).
 *   <li><b>Conflict:</b> two different versions alive at once (the same ID uploaded to two members
 *       with different bytes). The earliest create time wins, then the smaller node ID of the two
 *       members comparing. The loser's bytes are moved to quarantine, never deleted, and the
 *       conflict is logged.
 * </ol>
 *
 * Applying a peer's change is itself a change of this node's state, logged in this node's own log
 * (so a member that joins later can learn everything from any one member); the peer reading it back
 * finds nothing newer than what it has, and the echo stops after one hop.
 */
public final class Versions {
  private Versions() {}

  /** What to do. */
  public sealed interface Decision {}

  /**
   * Nothing: this node already has the peer's state or a newer or winning one.
   *
   * @param conflict true when a different version lost to the local one
   */
  public record Skip(boolean conflict) implements Decision {}

  /**
   * Make the local state {@code target}.
   *
   * @param target the metadata to hold (the peer's, or the local one for a pure repair)
   * @param log the entry this change adds to this node's log; empty for a pure repair of bytes
   * @param needBytes the bytes of {@code target} must be fetched (it is active and this node has no
   *     intact copy of this version)
   * @param displaced a local version this replaces whose bytes must go to quarantine (conflict)
   * @param flags the row's flags when no bytes are fetched ({@code FLAG_MISSING} for a deleted
   *     version this node never had; cleared once bytes arrive)
   * @param conflict true when {@code target} won a conflict against the local version
   */
  public record Adopt(
      FileMeta target,
      Optional<LogOp> log,
      boolean needBytes,
      Optional<FileRow> displaced,
      int flags,
      boolean conflict)
      implements Decision {}

  /**
   * True when two versions hold the same bytes for the same owner: one upload sent to two members
   * (a client's retry after a lost answer), each under a path of its own.
   */
  static boolean sameBytes(FileMeta a, FileMeta b) {
    return a.crc32c() == b.crc32c()
        && a.size() == b.size()
        && a.userId().equals(b.userId())
        && a.appId().equals(b.appId());
  }

  /**
   * The order of a file's states: the later change wins (update time, on a tie the stronger
   * status), then, between a retried upload's two versions, the later create time and the path, so
   * every member picks the same one. Within one version the last two are equal.
   */
  private static final java.util.Comparator<FileMeta> LATER =
      java.util.Comparator.comparingLong(FileMeta::updateTime)
          .thenComparingInt(m -> m.status().code())
          .thenComparingLong(FileMeta::createTime)
          .thenComparing(FileMeta::path);

  /** True when two metadata records describe the same upload. */
  public static boolean sameVersion(FileMeta a, FileMeta b) {
    return a.path().equals(b.path())
        && a.crc32c() == b.crc32c()
        && a.size() == b.size()
        && a.createTime() == b.createTime()
        && a.userId().equals(b.userId())
        && a.appId().equals(b.appId());
  }

  /**
   * Decides.
   *
   * @param local this node's row of the file ID (in the owner's table), if any
   * @param remote the peer's state
   * @param selfId this node's ID
   * @param peerId the peer's ID
   */
  public static Decision decide(
      Optional<FileRow> local, FileMeta remote, String selfId, String peerId) {
    if (local.isEmpty()) {
      return fresh(remote, Optional.empty(), false);
    }
    FileRow l = local.get();
    FileMeta lm = l.meta();
    if (sameVersion(lm, remote)) {
      boolean newer = LATER.compare(remote, lm) > 0;
      if (newer && remote.status() != lm.status()) {
        LogOp op =
            switch (remote.status()) {
              case ACTIVE -> lm.status() == FileStatus.DELETED ? LogOp.RESTORE : LogOp.PUT;
              case DELETED -> LogOp.DELETE;
              case PURGED -> LogOp.PURGE;
            };
        boolean haveBytes = lm.status() != FileStatus.PURGED && l.flags() == 0;
        return switch (remote.status()) {
          case ACTIVE -> new Adopt(remote, Optional.of(op), !haveBytes, Optional.empty(), 0, false);
          case DELETED ->
              new Adopt(
                  remote,
                  Optional.of(op),
                  false,
                  Optional.empty(),
                  lm.status() == FileStatus.PURGED ? FileRow.FLAG_MISSING : l.flags(),
                  false);
          case PURGED -> new Adopt(remote, Optional.of(op), false, Optional.empty(), 0, false);
        };
      }
      boolean broken = lm.status() == FileStatus.ACTIVE && l.flags() != 0;
      if (newer) {
        // Same status, later time (both members made the same change): take the time so that
        // both order the next change alike; no log entry, nothing visible changed.
        return new Adopt(remote, Optional.empty(), broken, Optional.empty(), l.flags(), false);
      }
      if (broken && remote.status() == lm.status()) {
        // This node's copy is missing or corrupt: fetch it again, nothing else changes.
        return new Adopt(lm, Optional.empty(), true, Optional.empty(), l.flags(), false);
      }
      return new Skip(false);
    }
    if (lm.status() == FileStatus.PURGED && remote.createTime() > lm.updateTime()) {
      return fresh(remote, Optional.empty(), false); // the ID was reused after the purge
    }
    if (remote.status() == FileStatus.PURGED && lm.createTime() > remote.updateTime()) {
      return new Skip(false); // ours is the reuse; the peer will take it
    }
    if (sameBytes(lm, remote)) {
      if (LATER.compare(remote, lm) <= 0) {
        return new Skip(false); // ours is the later state; the peer will take it
      }
      return fresh(
          remote,
          lm.status() == FileStatus.PURGED ? Optional.empty() : Optional.of(l),
          false); // the retried upload's later state replaces this copy
    }
    boolean remoteWins =
        remote.createTime() < lm.createTime()
            || remote.createTime() == lm.createTime() && peerId.compareTo(selfId) < 0;
    if (!remoteWins) {
      return new Skip(true);
    }
    Optional<FileRow> displaced =
        lm.status() == FileStatus.PURGED ? Optional.empty() : Optional.of(l);
    return fresh(remote, displaced, true);
  }

  /** Adopting a version this node does not hold. */
  private static Decision fresh(FileMeta remote, Optional<FileRow> displaced, boolean conflict) {
    return switch (remote.status()) {
      case ACTIVE -> new Adopt(remote, Optional.of(LogOp.PUT), true, displaced, 0, conflict);
      case DELETED ->
          new Adopt(
              remote, Optional.of(LogOp.DELETE), false, displaced, FileRow.FLAG_MISSING, conflict);
      case PURGED -> new Adopt(remote, Optional.of(LogOp.PURGE), false, displaced, 0, conflict);
    };
  }
}
