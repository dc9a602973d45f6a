package org.mediadfs.wire;

/** A body length above the configured maximum; detected before anything is allocated. */
public class FrameTooLargeException extends WireException {
  public FrameTooLargeException(String message) {
    super(ErrorCode.TOO_LARGE, message);
  }
}
