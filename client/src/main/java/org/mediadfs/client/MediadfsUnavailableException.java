package org.mediadfs.client;

import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.message.HostPort;

/**
 * Every retry was used up without an answer that settles the request: servers unreachable, or every
 * one answered with a retryable error. {@link #code()} is the last retryable error's code (e.g.
 * NOT_HERE_YET, NO_STORAGE), or UNAVAILABLE when nothing answered at all; each failed attempt is
 * attached as a suppressed exception.
 */
public final class MediadfsUnavailableException extends MediadfsException {
  MediadfsUnavailableException(
      ErrorCode code, short number, String text, HostPort server, Throwable cause) {
    super(code, number, text, server, cause);
  }
}
