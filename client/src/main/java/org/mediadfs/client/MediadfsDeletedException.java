package org.mediadfs.client;

import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.message.HostPort;

/** The file is soft-deleted (DELETED): not served until restored; the web module answers 410. */
public final class MediadfsDeletedException extends MediadfsException {
  MediadfsDeletedException(short number, String text, HostPort server, Throwable cause) {
    super(ErrorCode.DELETED, number, text, server, cause);
  }
}
