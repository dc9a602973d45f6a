package org.mediadfs.client;

import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.message.HostPort;

/** The file does not exist (NOT_FOUND): the web module answers 404. */
public final class MediadfsNotFoundException extends MediadfsException {
  MediadfsNotFoundException(short number, String text, HostPort server, Throwable cause) {
    super(ErrorCode.NOT_FOUND, number, text, server, cause);
  }
}
