package org.mediadfs.storage.server;

import org.mediadfs.wire.ErrorCode;

/**
 * An expected refusal of a request, with the code the client receives (style rule 9). Mapped to an
 * error reply in exactly one place, {@link Connection}.
 */
public final class StorageException extends Exception {
  private final ErrorCode code;

  public StorageException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public StorageException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The error number to reply with. */
  public ErrorCode code() {
    return code;
  }
}
