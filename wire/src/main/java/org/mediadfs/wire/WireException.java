package org.mediadfs.wire;

import java.io.IOException;

/**
 * A frame could not be read or written as the protocol requires. The connection it happened on can
 * no longer be trusted: the server answers with {@link #code()} where it still can and then closes
 * it.
 */
public class WireException extends IOException {
  private final ErrorCode code;

  public WireException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public WireException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The error number to send back, if anything can still be sent. */
  public ErrorCode code() {
    return code;
  }
}
