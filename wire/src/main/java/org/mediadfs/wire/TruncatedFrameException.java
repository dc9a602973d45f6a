package org.mediadfs.wire;

/** The stream ended inside a frame: the peer vanished or sent a short body. */
public class TruncatedFrameException extends WireException {
  public TruncatedFrameException(String message) {
    super(ErrorCode.BAD_REQUEST, message);
  }
}
