package org.mediadfs.wire;

/** A header or body that breaks the layout: negative or wrong length, invalid field. */
public class MalformedFrameException extends WireException {
  public MalformedFrameException(String message) {
    super(ErrorCode.BAD_REQUEST, message);
  }

  public MalformedFrameException(ErrorCode code, String message) {
    super(code, message);
  }
}
