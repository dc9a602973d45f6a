package org.mediadfs.wire;

/** A command code this side does not know, or one the receiving server does not serve. */
public class UnknownCommandException extends WireException {
  private final int command;

  public UnknownCommandException(int command) {
    super(ErrorCode.UNKNOWN_COMMAND, "unknown command: " + command);
    this.command = command;
  }

  /** The code that was received. */
  public int command() {
    return command;
  }
}
