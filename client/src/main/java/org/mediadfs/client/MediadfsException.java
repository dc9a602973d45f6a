package org.mediadfs.client;

import java.io.IOException;
import java.util.Objects;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.message.HostPort;

/**
 * A mediadfs operation failed: a server answered with an error, no server could be reached, or the
 * request was invalid before anything was sent. It carries the protocol's error number and text, so
 * callers can tell "no such file" from "deleted" from "try later" (the original client only knew
 * {@code STATUS_ERROR}, seed-reference §2).
 *
 * <p>The hierarchy is closed: {@link MediadfsNotFoundException} (NOT_FOUND), {@link
 * MediadfsDeletedException} (DELETED), {@link MediadfsUnavailableException} (no server reachable or
 * every one busy) and this class for every other code. Use {@link #code()} for the rest.
 */
public sealed class MediadfsException extends IOException
    permits MediadfsNotFoundException, MediadfsDeletedException, MediadfsUnavailableException {
  private final ErrorCode code;
  private final short number;
  private final String serverText;
  private final HostPort server;

  /**
   * @param code the error code
   * @param number the raw number as sent (differs from {@code code.number()} for unknown numbers)
   * @param serverText the server's description, or a local one
   * @param server the server that answered, or null when none did
   * @param cause the underlying failure, or null
   */
  protected MediadfsException(
      ErrorCode code, short number, String serverText, HostPort server, Throwable cause) {
    super(message(code, number, serverText, server), cause);
    this.code = Objects.requireNonNull(code, "code");
    this.number = number;
    this.serverText = Objects.requireNonNull(serverText, "serverText");
    this.server = server;
  }

  private static String message(ErrorCode code, short number, String text, HostPort server) {
    return text
        + " (error "
        + number
        + " "
        + code
        + (server == null ? "" : ", from " + server)
        + ")";
  }

  /** An error found before sending anything (invalid name, bad range, ...). */
  public static MediadfsException local(ErrorCode code, String text) {
    return create(code, code.number(), text, null, null);
  }

  /** The exception for an error reply from {@code server}. */
  public static MediadfsException of(ErrorReplyException e, HostPort server) {
    return create(e.code(), e.number(), e.text(), server, e);
  }

  /** The exception of the right subclass for a code. */
  static MediadfsException create(
      ErrorCode code, short number, String text, HostPort server, Throwable cause) {
    return switch (code) {
      case NOT_FOUND -> new MediadfsNotFoundException(number, text, server, cause);
      case DELETED -> new MediadfsDeletedException(number, text, server, cause);
      default -> new MediadfsException(code, number, text, server, cause);
    };
  }

  /** The error code ({@link ErrorCode#GENERIC} for numbers this version does not know). */
  public ErrorCode code() {
    return code;
  }

  /** The raw error number. */
  public short number() {
    return number;
  }

  /** The server's text (or the local description). */
  public String serverText() {
    return serverText;
  }

  /** The server that answered, or null when the error arose locally or nothing answered. */
  public HostPort server() {
    return server;
  }

  /** True when trying again later may succeed. */
  public boolean retryable() {
    return code.retryable();
  }
}
