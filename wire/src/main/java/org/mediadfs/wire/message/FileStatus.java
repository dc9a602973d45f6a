package org.mediadfs.wire.message;

/** A file's state (architecture decision 6): the original's reserved {@code status} column. */
public enum FileStatus {
  /** Served. */
  ACTIVE(0),
  /** Soft-deleted: not served, restorable. */
  DELETED(1),
  /** Purged: the bytes are gone, a tombstone row remains for a retention period. */
  PURGED(2);

  private final int code;

  FileStatus(int code) {
    this.code = code;
  }

  /** The byte on the wire and in the database. */
  public int code() {
    return code;
  }

  /** The status with this code. */
  public static FileStatus of(int code) {
    for (FileStatus s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown file status: " + code);
  }
}
