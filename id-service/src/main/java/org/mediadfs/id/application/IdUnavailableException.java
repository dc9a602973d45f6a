package org.mediadfs.id.application;

import org.mediadfs.wire.ErrorCode;

/**
 * No ID can be handed out for a key now: the database failed, or the request is refused. Carries
 * the wire error code to answer with: never a number that looks like an ID (seed bug 14).
 */
public class IdUnavailableException extends Exception {
  private final ErrorCode code;

  public IdUnavailableException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The code of the error reply. */
  public ErrorCode code() {
    return code;
  }
}
