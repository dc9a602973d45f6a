package org.mediadfs.client.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HELLO proof of the cluster secret (wire {@code Request.Hello}): {@code HMAC-SHA256(secret,
 * "mediadfs-hello" | version | nodeId | timestamp | nonce)} where {@code |} is concatenation of the
 * UTF-8 label, the version as 2 bytes big-endian, the node ID as a 2-byte length and its UTF-8
 * bytes, the timestamp as 8 bytes big-endian and the 16 nonce bytes. A client sends an empty node
 * ID.
 */
public final class HelloProof {
  /** The label that starts every proof, so a proof cannot be replayed in another context. */
  public static final String LABEL = "mediadfs-hello";

  private HelloProof() {}

  /** The 32-byte proof. */
  public static byte[] compute(
      byte[] secret, int version, String nodeId, long timestamp, byte[] nonce) {
    byte[] label = LABEL.getBytes(StandardCharsets.UTF_8);
    byte[] node = nodeId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(label.length + 2 + 2 + node.length + 8 + nonce.length);
    b.put(label).putShort((short) version).putShort((short) node.length).put(node);
    b.putLong(timestamp).put(nonce);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(b.array());
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }
}
