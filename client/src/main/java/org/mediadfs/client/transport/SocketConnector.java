package org.mediadfs.client.transport;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.HelloProof;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * Opens {@link SocketConnection}s. With a cluster secret it sends HELLO first on every new
 * connection, proving the secret ({@link HelloProof}) and checking the server's proof in return;
 * without one it sends nothing extra, like the original client.
 */
public final class SocketConnector implements Connector {
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Limits limits;
  private final byte[] secret;
  private final Clock clock;

  /**
   * @param secret the cluster secret, or empty for none
   */
  public SocketConnector(
      Duration connectTimeout, Duration readTimeout, Limits limits, String secret, Clock clock) {
    this.connectTimeout = Objects.requireNonNull(connectTimeout);
    this.readTimeout = Objects.requireNonNull(readTimeout);
    this.limits = Objects.requireNonNull(limits);
    this.secret = HelloProof.secret(secret);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public Connection connect(HostPort address) throws IOException {
    SocketConnection c = SocketConnection.open(address, connectTimeout, readTimeout, limits);
    if (secret.length == 0) {
      return c;
    }
    try {
      hello(c);
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private void hello(Connection c) throws IOException {
    Request.Hello hello = HelloProof.hello(secret, "", clock.millis());
    Response.Hello reply;
    try {
      reply = WireConnection.as(c.call(hello), Response.Hello.class);
    } catch (ErrorReplyException e) {
      throw new HandshakeException(c.address(), e);
    }
    // The server proves it knows the secret too, over our fresh nonce: a client never sends file
    // bytes to an impostor on the tracker's list.
    if (!HelloProof.verifyReply(secret, reply, hello.nonce())) {
      throw new HandshakeException(
          c.address(),
          new ErrorReplyException(
              ErrorCode.AUTH.number(),
              "the server's HELLO proof does not match the cluster secret"));
    }
  }
}
