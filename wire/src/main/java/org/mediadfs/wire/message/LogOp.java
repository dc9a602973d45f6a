package org.mediadfs.wire.message;

/** What a replication log entry records. */
public enum LogOp {
  PUT(1),
  DELETE(2),
  RESTORE(3),
  PURGE(4);

  private final int code;

  LogOp(int code) {
    this.code = code;
  }

  /** The byte on the wire and in the database. */
  public int code() {
    return code;
  }

  /** The operation with this code. */
  public static LogOp of(int code) {
    for (LogOp s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown log operation: " + code);
  }
}
