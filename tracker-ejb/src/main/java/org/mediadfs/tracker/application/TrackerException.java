package org.mediadfs.tracker.application;

import org.mediadfs.wire.ErrorCode;

/**
 * An expected failure of a tracker request, with the wire error code to answer with. Mapping to the
 * error reply happens in one place ({@link TrackerSession}).
 */
public class TrackerException extends Exception {
  private final ErrorCode code;

  public TrackerException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public TrackerException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
