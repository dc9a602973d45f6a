package org.mediadfs.storage.server;

import java.util.Optional;
import org.mediadfs.storage.meta.FileRow;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.IdBlock;

/**
 * What the file operations need from replication (issue 5), so that {@link StorageService} knows
 * nothing of peers: notify them of a change, wait for them in sync mode, learn how far they read,
 * and fetch a file this node lacks before answering (read repair). {@link #NONE} for a node alone
 * (tools, tests of one node).
 */
public interface Replication {
  /** What a read repair found. */
  sealed interface Found {
    /** The file is now stored here, active and intact. */
    record Here(FileRow row) implements Found {}

    /** A peer has the file, but deleted or purged: its metadata. */
    record Gone(FileMeta peerMeta) implements Found {}
  }

  /** A change was committed locally with log sequence {@code seq}: peers should pull now. */
  void committed(long seq);

  /**
   * Sync mode: returns once every ACTIVE peer has applied the log up to {@code seq}, or after the
   * sync timeout (the laggards are logged). Async mode: returns at once.
   */
  void awaitPeers(long seq, String fileId);

  /** A peer asked for the log after {@code afterSeq}: it has applied everything up to it. */
  void peerRead(String peerId, long afterSeq);

  /**
   * Fetches a file this node does not have (no row, or a row whose bytes are missing or corrupt)
   * from a peer that has it, stores it durably, and returns it.
   *
   * @param ids the request's names (an empty user ID: any owner)
   * @param local this node's row, if any
   * @throws StorageException NOT_FOUND when every peer that answered has no such file (or there is
   *     no peer), NOT_HERE_YET when no peer could give it (unreachable, or their copies are not
   *     intact either)
   */
  Found repair(IdBlock ids, Optional<FileRow> local) throws StorageException;

  /**
   * Takes a peer's state of a file this node has no row of, without copying its bytes, so that a
   * client's DELETE, RESTORE or PURGE sent to a member the file has not reached yet applies here
   * (and replicates back) instead of failing with NOT_FOUND.
   *
   * @return TAKEN when a peer knew the file and its state was taken; ABSENT when every peer that
   *     could be asked answered that it has no such file (the read path's NOT_FOUND rule: offline
   *     peers count only when every peer is offline); UNKNOWN when a peer that may hold it could
   *     not be asked (unreachable, all offline, members not known yet) or its state not taken
   */
  Learned learn(IdBlock ids);

  /** What {@link #learn} found out. */
  enum Learned {
    TAKEN,
    ABSENT,
    UNKNOWN
  }

  /** No peers: nothing to notify or wait for, nothing to repair from. */
  Replication NONE =
      new Replication() {
        @Override
        public void committed(long seq) {}

        @Override
        public void awaitPeers(long seq, String fileId) {}

        @Override
        public void peerRead(String peerId, long afterSeq) {}

        @Override
        public Learned learn(IdBlock ids) {
          return Learned.ABSENT;
        }

        @Override
        public Found repair(IdBlock ids, Optional<FileRow> local) throws StorageException {
          throw local.isPresent()
              ? new StorageException(
                  org.mediadfs.wire.ErrorCode.NOT_HERE_YET,
                  "file " + ids.fileId() + " is missing on this node")
              : new StorageException(
                  org.mediadfs.wire.ErrorCode.NOT_FOUND, "no such file: " + ids.fileId());
        }
      };
}
