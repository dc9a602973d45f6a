package org.mediadfs.wire;

import java.util.Optional;

/**
 * The error numbers carried in an error reply (status {@code 0xFD}, 2-byte number, text). The
 * original always sent -1 ({@link #GENERIC}); mediadfs sends a meaningful, stable number so that
 * clients can decide what to do: retry elsewhere, give up, or tell the user. Numbers never change
 * once released; new ones are appended.
 */
public enum ErrorCode {
  /** The original's only number; also what an unknown number maps to. */
  GENERIC(-1, false),
  /** The request is malformed: wrong body length, invalid field, bad range. */
  BAD_REQUEST(1, false),
  /** The command code is not known to this server. */
  UNKNOWN_COMMAND(2, false),
  /** The app ID is not valid or not registered. */
  UNKNOWN_APP(3, false),
  /** A group name, user ID or file ID is not valid. */
  INVALID_NAME(4, false),
  /** The body is larger than this server accepts; for uploads, the file is too large. */
  TOO_LARGE(5, false),
  /** The offset or size of a download lies outside the file. */
  BAD_RANGE(6, false),
  /** HELLO failed or is required first (cluster secret). */
  AUTH(10, false),
  /** The peer speaks a protocol version this server does not. */
  PROTOCOL_VERSION(11, false),
  /** No such file. */
  NOT_FOUND(20, false),
  /** The file is soft-deleted: not served until restored. */
  DELETED(21, false),
  /** The file exists in the group but has not reached this member, and no peer could supply it. */
  NOT_HERE_YET(22, true),
  /** A file with this ID already exists (or differs). */
  CONFLICT(23, false),
  /** Bytes did not match the checksum given or stored. */
  CHECKSUM_MISMATCH(24, true),
  /** No store root has room (reserved space reached). */
  DISK_FULL(30, true),
  /** No group is registered or none has an active node. */
  NO_GROUP(40, true),
  /** The group has no active storage node. */
  NO_STORAGE(41, true),
  /** The group is not registered with the tracker. */
  UNKNOWN_GROUP(42, false),
  /** The tracker does not know this node (it must join again). */
  UNKNOWN_NODE(43, true),
  /** A dependency (database, ID server, peer) is unavailable; try again or elsewhere. */
  UNAVAILABLE(50, true),
  /** The server failed on its side. */
  INTERNAL(51, true),
  /** The server is overloaded or shutting down. */
  BUSY(52, true);

  private final short number;
  private final boolean retryable;

  ErrorCode(int number, boolean retryable) {
    this.number = (short) number;
    this.retryable = retryable;
  }

  /** The 2-byte number on the wire. */
  public short number() {
    return number;
  }

  /** True when the same request may succeed later or on another server of the same group. */
  public boolean retryable() {
    return retryable;
  }

  /** The code with this number, if any. */
  public static Optional<ErrorCode> find(int number) {
    for (ErrorCode c : values()) {
      if (c.number == number) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The code with this number, or {@link #GENERIC} for a number this version does not know. */
  public static ErrorCode of(int number) {
    return find(number).orElse(GENERIC);
  }
}
