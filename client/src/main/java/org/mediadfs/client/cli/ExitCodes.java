package org.mediadfs.client.cli;

import org.mediadfs.client.MediadfsException;
import org.mediadfs.client.MediadfsUnavailableException;

/**
 * The command line's exit codes, distinct per kind of failure so that scripts can branch on them.
 * The original returned -1 (255) for every failure.
 */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;

  /** A server answered with an error not listed below. */
  public static final int SERVER_ERROR = 1;

  /** Bad command line (picocli's convention). */
  public static final int USAGE = 2;

  /** No such file. */
  public static final int NOT_FOUND = 3;

  /** The file is deleted. */
  public static final int DELETED = 4;

  /** No tracker or storage node could settle the request (unreachable, busy, not replicated). */
  public static final int UNAVAILABLE = 5;

  /** A local file could not be read or written. */
  public static final int LOCAL_IO = 6;

  /** Invalid name, range or other request refused before or by a server as malformed. */
  public static final int BAD_REQUEST = 7;

  /** A benchmark or monitor could not run. */
  public static final int INTERNAL = 8;

  private ExitCodes() {}

  /** The code for a failure. */
  public static int of(Throwable t) {
    return switch (t) {
      case MediadfsUnavailableException u -> UNAVAILABLE;
      case MediadfsException m ->
          switch (m.code()) {
            case NOT_FOUND -> NOT_FOUND;
            case DELETED -> DELETED;
            case BAD_REQUEST, INVALID_NAME, UNKNOWN_APP, BAD_RANGE, TOO_LARGE -> BAD_REQUEST;
            default -> SERVER_ERROR;
          };
      case java.io.IOException io -> LOCAL_IO;
      case IllegalArgumentException iae -> USAGE;
      default -> INTERNAL;
    };
  }
}
