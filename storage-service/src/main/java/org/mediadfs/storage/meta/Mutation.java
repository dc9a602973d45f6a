package org.mediadfs.storage.meta;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.mediadfs.wire.message.LogOp;

/**
 * A change of the node's metadata. Every change goes through the single {@link MetaWriter} thread,
 * which applies a batch of them in one transaction together with their replication-log entries: the
 * file row and its log entry are always committed together (issue 5).
 */
public sealed interface Mutation {
  /** The owner of the file (selects the table). */
  String userId();

  /** The file. */
  String fileId();

  /**
   * A new file: insert its row (or replace a purged tombstone). Refused with CONFLICT when an
   * active file has the ID, DELETED when a soft-deleted one has.
   *
   * @param row the complete row, status ACTIVE
   * @param dirsToSync directories whose entries changed for this file (the file's own folder and
   *     the parents of folders created for it); the writer fsyncs each distinct one once per batch
   * @param bytes the file's bytes when the upload kept them for the journal (a small file), else
   *     null and the writer reads the file if it journals it; not copied, not to be changed
   */
  record Put(FileRow row, Set<Path> dirsToSync, byte[] bytes) implements Mutation {
    public Put {
      dirsToSync = Set.copyOf(dirsToSync);
    }

    public Put(FileRow row, Set<Path> dirsToSync) {
      this(row, dirsToSync, null);
    }

    @Override
    public String userId() {
      return row.userId();
    }

    @Override
    public String fileId() {
      return row.fileId();
    }
  }

  /** What a status change does. */
  enum Kind {
    /** ACTIVE to DELETED (or straight to PURGED when the delete retention is zero). */
    DELETE,
    /** DELETED to ACTIVE. */
    RESTORE,
    /** ACTIVE or DELETED to PURGED (the bytes are removed after commit). */
    PURGE
  }

  /**
   * A status change requested by a client or by retention.
   *
   * @param appId the app named in the request, checked against the row; empty to skip the check
   *     (retention, admin tools)
   * @param at when the change was asked for (epoch ms): its update time, unless the row's is not
   *     older; it also tells a change tried again after its own commit landed (see {@code
   *     MetaWriter}) from one that finds another's
   */
  record Transition(Kind kind, String appId, String userId, String fileId, long at)
      implements Mutation {}

  /** Sets and clears {@link FileRow} flags (missing, corrupt); not replicated. */
  record SetFlags(String userId, String fileId, int set, int clear) implements Mutation {}

  /** Removes a purged row whose tombstone retention ran out; not logged. */
  record DropTombstone(String userId, String fileId) implements Mutation {}

  /**
   * How far this node has applied a peer's replication log ({@code t_repl_cursor}).
   *
   * @param peerId the peer's node ID
   * @param seq the new cursor: every entry up to it is applied
   * @param expectedPrev the cursor the change was computed from; the mutation is refused when the
   *     cursor is elsewhere (an earlier change of the same peer failed), so a cursor never jumps
   *     over an entry that was not applied. Negative: no check (full resync, reset).
   */
  record CursorMove(String peerId, long seq, long expectedPrev) {}

  /**
   * A state learned from a peer (replication, full resync, read repair, repair of missing bytes):
   * the row becomes exactly {@code row}, provided it is still {@code expected} (the state the
   * decision was made on; otherwise CONFLICT and the caller decides again).
   *
   * @param row the new row (a peer's metadata with this node's store root and flags)
   * @param expected the row the change was decided on (empty: there was none)
   * @param log the entry to append to this node's own log (a real state change, so members that
   *     tail this node learn it too), or empty for a local repair that changes no shared state
   * @param dirsToSync directories whose entries changed for fetched bytes
   * @param cursor the peer's cursor to advance in the same transaction, if any
   */
  record Apply(
      FileRow row,
      Optional<FileRow> expected,
      Optional<LogOp> log,
      Set<Path> dirsToSync,
      Optional<CursorMove> cursor)
      implements Mutation {
    public Apply {
      dirsToSync = Set.copyOf(dirsToSync);
    }

    @Override
    public String userId() {
      return row.userId();
    }

    @Override
    public String fileId() {
      return row.fileId();
    }
  }

  /** Advances a peer's cursor alone (entries that needed no change here). */
  record AdvanceCursor(CursorMove move) implements Mutation {
    @Override
    public String userId() {
      return "";
    }

    @Override
    public String fileId() {
      return "";
    }
  }
}
