package org.mediadfs.client.transport;

import java.io.IOException;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.message.HostPort;

/**
 * A server refused HELLO (wrong secret, protocol version). Retrying elsewhere does not help: the
 * client's failover stops at this exception and reports the server's error.
 */
public final class HandshakeException extends IOException {
  private final HostPort server;
  private final ErrorReplyException reply;

  public HandshakeException(HostPort server, ErrorReplyException reply) {
    super("HELLO refused by " + server + ": " + reply.getMessage(), reply);
    this.server = server;
    this.reply = reply;
  }

  /** The server that refused. */
  public HostPort server() {
    return server;
  }

  /** Its error reply. */
  public ErrorReplyException reply() {
    return reply;
  }
}
