package org.mediadfs.storage.meta;

import java.nio.file.Path;
import java.util.Set;

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
   */
  record Put(FileRow row, Set<Path> dirsToSync) implements Mutation {
    public Put {
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
   */
  record Transition(Kind kind, String appId, String userId, String fileId) implements Mutation {}

  /** Sets and clears {@link FileRow} flags (missing, corrupt); not replicated. */
  record SetFlags(String userId, String fileId, int set, int clear) implements Mutation {}

  /** Removes a purged row whose tombstone retention ran out; not logged. */
  record DropTombstone(String userId, String fileId) implements Mutation {}
}
