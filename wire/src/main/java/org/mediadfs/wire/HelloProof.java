package org.mediadfs.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * The cluster-secret proofs of HELLO (command 14), defined byte for byte so that every part
 * computes the same MAC (architecture decision 7: with a cluster secret, a node must pass HELLO
 * before it may join).
 *
 * <p>The client's proof is {@code HMAC-SHA256(secret, M)} where {@code M} is the 14 ASCII bytes
 * {@code mediadfs-hello} followed by exactly the HELLO body before its proof field:
 *
 * <pre>
 * offset size field
 *      0   14 "mediadfs-hello" (ASCII, no NUL, no length)
 *     14    2 protocol version, big-endian unsigned
 *     16    2 n = length of the node ID in UTF-8 bytes, big-endian unsigned
 *     18    n node ID, UTF-8 (empty for a plain client)
 *   18+n    8 timestamp, epoch milliseconds, big-endian signed
 *   26+n   16 nonce
 * </pre>
 *
 * The server's proof (in the HELLO reply) is {@code HMAC-SHA256(secret, R)} where {@code R} is the
 * 20 ASCII bytes {@code mediadfs-hello-reply}, the reply's version (2), its server ID as a 2-byte
 * length and UTF-8, and the client's 16-byte nonce: it proves to the client that the server knows
 * the secret too, and cannot be replayed to a client that chose a fresh nonce.
 *
 * <p>The secret is the UTF-8 bytes of {@code mediadfs.cluster.secret}. Without a secret, both
 * proofs are 32 zero bytes and nobody checks them. Proofs are compared in constant time ({@link
 * MessageDigest#isEqual}). A server refuses a HELLO whose timestamp is more than {@link
 * #MAX_CLOCK_SKEW_MILLIS} away from its own clock, and answers with a proof only after the client's
 * proof verified.
 */
public final class HelloProof {
  /** Size of a proof: one HMAC-SHA256. */
  public static final int SIZE = 32;

  /** The label in front of a client's proof message. */
  public static final String CLIENT_LABEL = "mediadfs-hello";

  /** The label in front of a server's proof message. */
  public static final String SERVER_LABEL = "mediadfs-hello-reply";

  /** How far a HELLO's timestamp may be from the server's clock: five minutes. */
  public static final long MAX_CLOCK_SKEW_MILLIS = 5 * 60 * 1000L;

  private static final String ALGORITHM = "HmacSHA256";
  private static final SecureRandom RANDOM = new SecureRandom();

  private HelloProof() {}

  /** The secret's bytes: the UTF-8 encoding of the configured text (empty when none). */
  public static byte[] secret(String configured) {
    return configured == null ? new byte[0] : configured.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The client's proof.
   *
   * @param secret the cluster secret, not empty
   * @param version the protocol version sent, 0–65535
   * @param nodeId the sender's node ID (empty for a client), at most 65535 UTF-8 bytes
   * @param timestamp epoch milliseconds sent
   * @param nonce the 16 random bytes sent
   */
  public static byte[] compute(
      byte[] secret, int version, String nodeId, long timestamp, byte[] nonce) {
    checkNonce(nonce);
    ByteArrayOutputStream m = new ByteArrayOutputStream(64);
    m.writeBytes(CLIENT_LABEL.getBytes(StandardCharsets.US_ASCII));
    u16(m, version);
    str(m, nodeId);
    byte[] ts = new byte[8];
    Bytes.putLong(ts, 0, timestamp);
    m.writeBytes(ts);
    m.writeBytes(nonce);
    return hmac(secret, m.toByteArray());
  }

  /**
   * The server's proof over the client's nonce.
   *
   * @param secret the cluster secret, not empty
   * @param version the protocol version the server answers with
   * @param serverId the server ID sent in the reply
   * @param clientNonce the nonce of the HELLO being answered
   */
  public static byte[] replyProof(byte[] secret, int version, String serverId, byte[] clientNonce) {
    checkNonce(clientNonce);
    ByteArrayOutputStream m = new ByteArrayOutputStream(64);
    m.writeBytes(SERVER_LABEL.getBytes(StandardCharsets.US_ASCII));
    u16(m, version);
    str(m, serverId);
    m.writeBytes(clientNonce);
    return hmac(secret, m.toByteArray());
  }

  /**
   * A HELLO for this node at this instant, with a fresh nonce; its proof is zeros when {@code
   * secret} is empty.
   */
  public static Request.Hello hello(byte[] secret, String nodeId, long nowMillis) {
    byte[] nonce = new byte[Request.Hello.NONCE_SIZE];
    RANDOM.nextBytes(nonce);
    int version = Request.Hello.PROTOCOL_VERSION;
    byte[] proof =
        secret.length == 0 ? new byte[SIZE] : compute(secret, version, nodeId, nowMillis, nonce);
    return new Request.Hello(version, nodeId, nowMillis, nonce, proof);
  }

  /** The reply to {@code hello}; its proof is zeros when {@code secret} is empty. */
  public static Response.Hello reply(byte[] secret, String serverId, Request.Hello hello) {
    int version = Request.Hello.PROTOCOL_VERSION;
    byte[] proof =
        secret.length == 0 ? new byte[SIZE] : replyProof(secret, version, serverId, hello.nonce());
    return new Response.Hello(version, serverId, proof);
  }

  /**
   * True when {@code hello} carries a proof of {@code secret} and its timestamp is within {@link
   * #MAX_CLOCK_SKEW_MILLIS} of {@code nowMillis}. Replayed nonces are the server's concern.
   *
   * @param secret the cluster secret, not empty (a server without one does not check)
   */
  public static boolean verify(byte[] secret, Request.Hello hello, long nowMillis) {
    byte[] expected =
        compute(secret, hello.protocolVersion(), hello.nodeId(), hello.timestamp(), hello.nonce());
    boolean proofOk = matches(expected, hello.proof());
    // no Math.abs: |now - (now + 2^63)| wraps to Long.MIN_VALUE, which is "small"
    long skew = nowMillis - hello.timestamp();
    return proofOk && skew >= -MAX_CLOCK_SKEW_MILLIS && skew <= MAX_CLOCK_SKEW_MILLIS;
  }

  /** True when the server's reply proves {@code secret} over the nonce the client sent. */
  public static boolean verifyReply(byte[] secret, Response.Hello reply, byte[] clientNonce) {
    byte[] expected = replyProof(secret, reply.protocolVersion(), reply.serverId(), clientNonce);
    return matches(expected, reply.proof());
  }

  /** Constant-time comparison of two proofs. */
  public static boolean matches(byte[] expected, byte[] actual) {
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] hmac(byte[] secret, byte[] message) {
    if (secret == null || secret.length == 0) {
      throw new IllegalArgumentException("a proof needs a non-empty secret");
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }

  private static void checkNonce(byte[] nonce) {
    if (nonce.length != Request.Hello.NONCE_SIZE) {
      throw new IllegalArgumentException("nonce is " + Request.Hello.NONCE_SIZE + " bytes");
    }
  }

  private static void u16(ByteArrayOutputStream m, int v) {
    if (v < 0 || v > 0xFFFF) {
      throw new IllegalArgumentException("value does not fit 16 unsigned bits: " + v);
    }
    m.write(v >>> 8);
    m.write(v);
  }

  private static void str(ByteArrayOutputStream m, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    u16(m, b.length);
    m.writeBytes(b);
  }
}
