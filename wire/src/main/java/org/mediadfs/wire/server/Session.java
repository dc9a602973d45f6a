package org.mediadfs.wire.server;

import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * The server side of one connection: it answers the requests that arrive on it, one at a time and
 * in order. A session may keep per-connection state (for example, whether HELLO passed); it is only
 * ever called from the connection's own thread, so that state needs no synchronisation.
 */
public interface Session {

  /**
   * Answers one request. Expected failures are returned as {@link Response.Error} with a meaningful
   * code; a {@link RuntimeException} is a bug, answered with {@code INTERNAL} and logged, and the
   * connection stays open because the request was read completely.
   */
  Response handle(Request request);

  /** Called once when the connection ends, however it ends. */
  default void closed() {}
}
