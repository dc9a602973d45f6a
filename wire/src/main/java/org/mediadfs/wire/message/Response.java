package org.mediadfs.wire.message;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.mediadfs.wire.ErrorCode;

/**
 * Every reply body of the protocol. The reply command byte (100, 101, 102) only says which kind of
 * server answered; which record a reply decodes to depends on the request it answers.
 */
public sealed interface Response {

  /** Bytes that follow the fixed part (downloads); 0 for the rest. */
  default long payloadLength() {
    return 0;
  }

  /** Success with an empty body (join, beat, upload, delete, restore, purge, notify). */
  record Ok() implements Response {}

  /**
   * Error reply: status {@code 0xFD}, 2-byte error number, NUL-terminated text. The encoder cuts
   * the text at its first NUL and to 1023 UTF-8 bytes (never inside a character); the decoder
   * replaces bytes that are not UTF-8 with U+FFFD rather than lose the reply.
   *
   * @param number the raw number (the original always sends -1)
   * @param text the description, at most 1023 bytes
   */
  record Error(short number, String text) implements Response {
    public Error(ErrorCode code, String text) {
      this(code.number(), text);
    }

    /** The number as a known code ({@link ErrorCode#GENERIC} if unknown). */
    public ErrorCode code() {
      return ErrorCode.of(number);
    }
  }

  /** Reply to 12: the user's group and up to three node addresses. */
  record StorageAddrs(String groupName, List<HostPort> addresses) implements Response {
    public StorageAddrs {
      addresses = List.copyOf(addresses);
    }
  }

  /** Reply to 13: the text dump of seed-reference §4.4. */
  record Groups(String text) implements Response {}

  /**
   * Reply to 14.
   *
   * @param protocolVersion the server's protocol version
   * @param serverId the server's node ID or name
   * @param proof {@link org.mediadfs.wire.HelloProof#replyProof} over the client's nonce, or zeros
   *     when no secret is configured
   */
  record Hello(int protocolVersion, String serverId, byte[] proof) implements Response {
    public Hello {
      if (proof.length != Request.Hello.PROOF_SIZE) {
        throw new IllegalArgumentException("proof is 32 bytes");
      }
      proof = proof.clone();
    }

    @Override
    public byte[] proof() {
      return proof.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Hello h
          && h.protocolVersion == protocolVersion
          && h.serverId.equals(serverId)
          && Arrays.equals(h.proof, proof);
    }

    @Override
    public int hashCode() {
      return Objects.hash(protocolVersion, serverId, Arrays.hashCode(proof));
    }

    @Override
    public String toString() {
      return "Hello[protocolVersion=%d, serverId=%s]".formatted(protocolVersion, serverId);
    }
  }

  /**
   * Reply to 16: the members of the node's group.
   *
   * @param flags bit 0: the node is decommissioned and should drain
   */
  record Members(int flags, List<Member> members) implements Response {
    /** Flag: the node is being decommissioned. */
    public static final int FLAG_DRAIN = 1;

    public Members {
      members = List.copyOf(members);
    }
  }

  /** Reply to 17. */
  record Nodes(List<NodeInfo> nodes) implements Response {
    public Nodes {
      nodes = List.copyOf(nodes);
    }
  }

  /** Reply to 40. */
  record IdValue(long id) implements Response {}

  /** Reply to 41: the IDs {@code first} to {@code first + count - 1}. */
  record IdSpan(long first, int count) implements Response {}

  /** Reply to 71. */
  record FileSize(long size) implements Response {}

  /** Reply to 72: {@code length} file bytes follow. */
  record Download(long length) implements Response {
    @Override
    public long payloadLength() {
      return length;
    }
  }

  /** Reply to 74: what was stored. */
  record Uploaded(long crc32c, long createTime) implements Response {}

  /** Reply to 75. */
  record Stat(FileMeta meta) implements Response {}

  /**
   * Reply to 76.
   *
   * @param next the file ID to pass as {@code after} for the next page, or empty at the end
   */
  record FileList(List<FileMeta> files, String next) implements Response {
    public FileList {
      files = List.copyOf(files);
    }
  }

  /**
   * Reply to 80.
   *
   * @param oldestSeq the oldest entry still kept; a peer whose cursor is older must resync fully
   * @param lastSeq the newest entry
   */
  record ReplLog(long oldestSeq, long lastSeq, List<LogEntry> entries) implements Response {
    public ReplLog {
      entries = List.copyOf(entries);
    }
  }

  /** Reply to 81: the metadata, then {@code meta.size()} bytes of the file. */
  record ReplFile(FileMeta meta) implements Response {
    @Override
    public long payloadLength() {
      return meta.size();
    }
  }
}
