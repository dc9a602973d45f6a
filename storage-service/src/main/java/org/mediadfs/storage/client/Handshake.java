package org.mediadfs.storage.client;

import java.io.IOException;
import java.time.Clock;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.HelloProof;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * HELLO on an outgoing connection when the cluster has a secret (architecture decision 7): proves
 * this node knows the secret and checks that the server does too, so a node never joins or takes
 * IDs from an impostor. Without a secret nothing is sent (the original servers know no HELLO).
 */
public final class Handshake {
  private final byte[] secret;
  private final String nodeId;
  private final Clock clock;

  /**
   * @param secret the cluster secret's bytes ({@link HelloProof#secret}); empty for none
   * @param nodeId this node's ID, sent in the HELLO
   */
  public Handshake(byte[] secret, String nodeId, Clock clock) {
    this.secret = secret.clone();
    this.nodeId = nodeId;
    this.clock = clock;
  }

  /** True when a cluster secret is configured. */
  public boolean required() {
    return secret.length > 0;
  }

  /**
   * Sends HELLO if a secret is configured and verifies the server's proof.
   *
   * @throws ErrorReplyException if the server refused (AUTH, PROTOCOL_VERSION)
   * @throws IOException if the connection failed or the server's proof is wrong
   */
  public void perform(WireConnection c) throws IOException, ErrorReplyException {
    if (!required()) {
      return;
    }
    identify(c);
  }

  /**
   * {@link #identify} with a check that the server is the node expected there: an address a tracker
   * lists may have been taken over by another node since (a restart on a reused port).
   *
   * @throws IOException if another node answers
   */
  public void identify(WireConnection c, String expectedServerId)
      throws IOException, ErrorReplyException {
    Response.Hello reply = identify(c);
    if (!reply.serverId().equals(expectedServerId)) {
      c.markBroken();
      throw new IOException(
          c.address() + " is node " + reply.serverId() + ", not " + expectedServerId);
    }
  }

  /**
   * Sends HELLO whether or not a secret is configured, so a storage peer knows the connection comes
   * from a member of its group (it then never answers with a read repair of its own, which would
   * ask this node back), and verifies the server's proof when there is a secret.
   *
   * @throws ErrorReplyException if the server refused (AUTH, PROTOCOL_VERSION)
   * @throws IOException if the connection failed or the server's proof is wrong
   */
  public Response.Hello identify(WireConnection c) throws IOException, ErrorReplyException {
    Request.Hello hello = HelloProof.hello(secret, nodeId, clock.millis());
    Response.Hello reply = c.expect(hello, Response.Hello.class);
    if (required() && !HelloProof.verifyReply(secret, reply, hello.nonce())) {
      c.markBroken();
      throw new IOException(
          "server "
              + c.address()
              + " ("
              + reply.serverId()
              + ") failed to prove the cluster secret");
    }
    return reply;
  }
}
