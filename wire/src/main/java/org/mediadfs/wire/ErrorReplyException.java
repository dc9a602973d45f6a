package org.mediadfs.wire;

/**
 * The server answered with an error reply. Unlike a {@link WireException} the connection is still
 * in step and may be reused; whether to try another server is {@link ErrorCode#retryable()}'s call.
 */
public class ErrorReplyException extends Exception {
  private final ErrorCode code;
  private final short number;
  private final String text;

  public ErrorReplyException(short number, String text) {
    super(text + " (error " + number + ", " + ErrorCode.of(number) + ")");
    this.code = ErrorCode.of(number);
    this.number = number;
    this.text = text;
  }

  /** The error number mapped to a known code ({@link ErrorCode#GENERIC} when unknown). */
  public ErrorCode code() {
    return code;
  }

  /** The raw 2-byte number as sent. */
  public short number() {
    return number;
  }

  /** The server's description. */
  public String text() {
    return text;
  }
}
