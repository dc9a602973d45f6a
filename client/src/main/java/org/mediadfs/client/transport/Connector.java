package org.mediadfs.client.transport;

import java.io.IOException;
import org.mediadfs.wire.message.HostPort;

/**
 * Opens a new {@link Connection} to an address. The production one is {@link SocketConnector}; unit
 * tests pass a lambda returning fakes, which is how the client's failover, retry and pool logic is
 * tested without sockets.
 */
@FunctionalInterface
public interface Connector {
  /** Opens a connection, performing any handshake the cluster needs. */
  Connection connect(HostPort address) throws IOException;
}
