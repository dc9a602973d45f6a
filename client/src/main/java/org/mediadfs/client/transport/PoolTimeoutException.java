package org.mediadfs.client.transport;

import java.io.IOException;

/**
 * Every connection to one address stayed leased for the whole borrow timeout. It is an {@link
 * IOException} so that the client's failover treats that address like an unreachable one and moves
 * on to the next.
 */
public final class PoolTimeoutException extends IOException {
  public PoolTimeoutException(String message) {
    super(message);
  }
}
