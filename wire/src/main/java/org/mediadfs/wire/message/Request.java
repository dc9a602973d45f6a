package org.mediadfs.wire.message;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.mediadfs.wire.Command;

/**
 * Every request of the protocol. The set is closed: codecs and dispatchers switch over it
 * exhaustively, so adding a command fails to compile until every side handles it. Byte layouts are
 * in {@code docs/protocol.md} and in {@link org.mediadfs.wire.codec.RequestCodec}.
 */
public sealed interface Request {

  /** The command code this request is sent with. */
  Command command();

  /** Bytes that follow the fixed part of the body (uploads); 0 for the rest. */
  default long payloadLength() {
    return 0;
  }

  /** Original join (10): a storage node announces itself; the tracker uses the peer IP. */
  record Join(
      String version, String groupName, String hostName, int port, long startTime, long joinTime)
      implements Request {
    @Override
    public Command command() {
      return Command.JOIN;
    }
  }

  /** Original heartbeat (11). */
  record Beat(String groupName, String hostName) implements Request {
    @Override
    public Command command() {
      return Command.BEAT;
    }
  }

  /** Original storage-address request (12): which nodes serve this user? */
  record StorageAddrs(IdBlock ids) implements Request {
    @Override
    public Command command() {
      return Command.STORAGE_ADDRS;
    }
  }

  /** Original groups dump (13). */
  record Groups() implements Request {
    @Override
    public Command command() {
      return Command.GROUPS;
    }
  }

  /**
   * HELLO (14): protocol version and, when the cluster has a secret, proof of it: {@code
   * HMAC-SHA256(secret, "mediadfs-hello" | version | nodeId | timestamp | nonce)}, byte for byte as
   * defined by {@link org.mediadfs.wire.HelloProof#compute} and {@code docs/protocol.md}.
   *
   * @param protocolVersion the sender's protocol version
   * @param nodeId the sender's node ID, or empty for a client
   * @param timestamp epoch milliseconds (the server refuses proofs far from its clock)
   * @param nonce 16 random bytes
   * @param proof 32 bytes; zeros when no secret is configured
   */
  record Hello(int protocolVersion, String nodeId, long timestamp, byte[] nonce, byte[] proof)
      implements Request {
    /** The protocol version this code speaks (sent in HELLO and its reply). */
    public static final int PROTOCOL_VERSION = 1;

    /** Size of the nonce. */
    public static final int NONCE_SIZE = 16;

    /** Size of the proof. */
    public static final int PROOF_SIZE = 32;

    public Hello {
      if (nonce.length != NONCE_SIZE || proof.length != PROOF_SIZE) {
        throw new IllegalArgumentException("nonce is 16 bytes and proof 32");
      }
      nonce = nonce.clone();
      proof = proof.clone();
    }

    @Override
    public byte[] nonce() {
      return nonce.clone();
    }

    @Override
    public byte[] proof() {
      return proof.clone();
    }

    @Override
    public Command command() {
      return Command.HELLO;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Hello h
          && h.protocolVersion == protocolVersion
          && h.nodeId.equals(nodeId)
          && h.timestamp == timestamp
          && Arrays.equals(h.nonce, nonce)
          && Arrays.equals(h.proof, proof);
    }

    @Override
    public int hashCode() {
      return Objects.hash(protocolVersion, nodeId, timestamp, Arrays.hashCode(nonce));
    }

    @Override
    public String toString() {
      return "Hello[protocolVersion=%d, nodeId=%s, timestamp=%d, nonce=%s]"
          .formatted(protocolVersion, nodeId, timestamp, HexFormat.of().formatHex(nonce));
    }
  }

  /**
   * Extended join (15): a node identified by its persisted node ID, with the address clients should
   * use (it may differ from the one it binds behind NAT or in containers).
   */
  record JoinEx(
      String nodeId,
      String version,
      String groupName,
      String hostName,
      String host,
      int port,
      long startTime,
      long joinTime,
      int heartbeatSeconds)
      implements Request {
    @Override
    public Command command() {
      return Command.JOIN_EX;
    }
  }

  /** Extended heartbeat (16): state, free space per root, load and lag; reply lists members. */
  record BeatEx(
      String nodeId,
      String groupName,
      NodeStatus state,
      int heartbeatSeconds,
      List<RootStat> roots,
      Load load,
      List<PeerLag> lags)
      implements Request {
    public BeatEx {
      roots = List.copyOf(roots);
      lags = List.copyOf(lags);
    }

    @Override
    public Command command() {
      return Command.BEAT_EX;
    }
  }

  /** Every node with its live state (17). */
  record Nodes() implements Request {
    @Override
    public Command command() {
      return Command.NODES;
    }
  }

  /** Original ID request (40): the next ID for a key. */
  record IdGet(String key) implements Request {
    @Override
    public Command command() {
      return Command.ID_GET;
    }
  }

  /**
   * A run of IDs (41): up to {@code count} consecutive IDs for a key, taken from the same sequence
   * as {@link IdGet}'s. The server may answer fewer (never zero); they are the caller's alone.
   */
  record IdRange(String key, int count) implements Request {
    /** Most IDs one request may ask for. */
    public static final int MAX_COUNT = 65_536;

    @Override
    public Command command() {
      return Command.ID_RANGE;
    }
  }

  /** Original upload (70): {@code fileSize} bytes follow the fixed part. */
  record Upload(IdBlock ids, long fileSize) implements Request {
    @Override
    public Command command() {
      return Command.UPLOAD;
    }

    @Override
    public long payloadLength() {
      return fileSize;
    }
  }

  /**
   * Extended upload (74): with content type and, optionally, the CRC32C the bytes must have.
   *
   * @param crc32c expected CRC32C, or -1 when the client does not give one
   */
  record UploadEx(IdBlock ids, long fileSize, String contentType, long crc32c) implements Request {
    /** Value of {@code crc32c} when none is given. */
    public static final long NO_CHECKSUM = -1;

    @Override
    public Command command() {
      return Command.UPLOAD_EX;
    }

    @Override
    public long payloadLength() {
      return fileSize;
    }
  }

  /** Original file size (71). */
  record FileSize(IdBlock ids) implements Request {
    @Override
    public Command command() {
      return Command.FILE_SIZE;
    }
  }

  /** Original download (72): {@code size} 0 means to the end of the file. */
  record Download(IdBlock ids, long offset, long size) implements Request {
    @Override
    public Command command() {
      return Command.DOWNLOAD;
    }
  }

  /** Original delete (73): a soft delete here. */
  record Delete(IdBlock ids) implements Request {
    @Override
    public Command command() {
      return Command.DELETE;
    }
  }

  /** Metadata of a file (75). */
  record Stat(IdBlock ids) implements Request {
    @Override
    public Command command() {
      return Command.STAT;
    }
  }

  /**
   * A page of a node's files (76), ordered by file ID.
   *
   * @param userId only this user's files, or empty for all
   * @param after start after this file ID (empty for the first page)
   * @param limit at most this many rows (1–1000)
   * @param includeDeleted also list soft-deleted files
   */
  record ListFiles(String userId, String after, int limit, boolean includeDeleted)
      implements Request {
    @Override
    public Command command() {
      return Command.LIST;
    }
  }

  /** Undo a soft delete (77). */
  record Restore(IdBlock ids) implements Request {
    @Override
    public Command command() {
      return Command.RESTORE;
    }
  }

  /** Remove a file's bytes for good (78). */
  record Purge(IdBlock ids) implements Request {
    @Override
    public Command command() {
      return Command.PURGE;
    }
  }

  /**
   * Read a node's replication log (80).
   *
   * @param nodeId the asking peer's node ID
   * @param afterSeq entries with a larger sequence number are returned
   * @param maxEntries at most this many (1–10000)
   */
  record ReplLog(String nodeId, long afterSeq, int maxEntries) implements Request {
    @Override
    public Command command() {
      return Command.REPL_LOG;
    }
  }

  /** Fetch one file with its metadata (81). */
  record ReplFetch(String nodeId, String userId, String fileId) implements Request {
    @Override
    public Command command() {
      return Command.REPL_FETCH;
    }
  }

  /** The sender's log grew to {@code seq}: pull now (82). */
  record ReplNotify(String nodeId, long seq) implements Request {
    @Override
    public Command command() {
      return Command.REPL_NOTIFY;
    }
  }
}
