package org.mediadfs.storage.server;

import java.io.IOException;

/**
 * Writing to a store root failed (as opposed to reading from the client): the root may be full or
 * broken. Kept apart from socket errors so the upload can answer DISK_FULL or mark the root
 * read-only instead of blaming the client.
 */
public final class StoreWriteException extends IOException {
  public StoreWriteException(IOException cause) {
    super(cause.getMessage(), cause);
  }

  /** The underlying error. */
  public IOException io() {
    return (IOException) getCause();
  }

  /** True when the file system ran out of space. */
  public boolean isNoSpace() {
    String m = String.valueOf(getCause().getMessage());
    return m.contains("No space left") || m.contains("Disk quota exceeded");
  }
}
