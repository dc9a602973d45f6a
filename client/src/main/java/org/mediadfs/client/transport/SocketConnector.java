package org.mediadfs.client.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * Opens {@link SocketConnection}s. With a cluster secret it sends HELLO first on every new
 * connection, proving the secret ({@link HelloProof}); without one it sends nothing extra, like the
 * original client.
 */
public final class SocketConnector implements Connector {
  /** The protocol version this client speaks. */
  public static final int PROTOCOL_VERSION = 1;

  private static final SecureRandom RANDOM = new SecureRandom();

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
    this.secret = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
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
    byte[] nonce = new byte[Request.Hello.NONCE_SIZE];
    RANDOM.nextBytes(nonce);
    long now = clock.millis();
    Request.Hello hello =
        new Request.Hello(
            PROTOCOL_VERSION,
            "",
            now,
            nonce,
            HelloProof.compute(secret, PROTOCOL_VERSION, "", now, nonce));
    try {
      WireConnection.as(c.call(hello), Response.Hello.class);
    } catch (ErrorReplyException e) {
      throw new HandshakeException(c.address(), e);
    }
  }
}
