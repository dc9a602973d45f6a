package org.mediadfs.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.codec.RequestCodec;
import org.mediadfs.wire.codec.ResponseCodec;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/** The HELLO proofs, byte for byte as {@code docs/protocol.md} defines them. */
class HelloProofTest {
  private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);
  private static final String NODE = "7d1c0f0e-2f6b-4c1a-9d2e-5b8f3a6c4e21";
  private static final long TS = 1_795_697_979_000L;
  private static final byte[] NONCE = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  @Test
  void clientProofMatchesAnIndependentlyComputedVector() {
    // Python: hmac.new(b's3cret', b'mediadfs-hello' + pack('>H', 1) + pack('>H', 36) + node
    //                  + pack('>q', 1795697979000) + bytes(range(16)), sha256)
    assertThat(HelloProof.compute(SECRET, 1, NODE, TS, NONCE))
        .isEqualTo(hex("3c0270364c02db7e5c53707c7e13151bf6f148af9d01d6c778328f82e5b4bfa9"));
  }

  @Test
  void clientProofOfAPlainClientWithAUtf8Secret() {
    assertThat(HelloProof.compute(HelloProof.secret("秘密"), 1, "", TS, NONCE))
        .isEqualTo(hex("21687e2061c43aa87f14dcfb4903abedab3f93e8fbf6c73c76f3f995b47cb785"));
  }

  @Test
  void serverProofMatchesAnIndependentlyComputedVector() {
    // hmac.new(b's3cret', b'mediadfs-hello-reply' + pack('>H', 1) + pack('>H', 9) + b'tracker-1'
    //          + bytes(range(16)), sha256)
    assertThat(HelloProof.replyProof(SECRET, 1, "tracker-1", NONCE))
        .isEqualTo(hex("bd22818d007185fe86cf01187fdb3fdc25b4ee894c09196234d27ce481028cd3"));
  }

  @Test
  void clientProofCoversTheLabelAndExactlyTheHelloBodyBeforeTheProof() throws Exception {
    Request.Hello hello = new Request.Hello(1, NODE, TS, NONCE, new byte[32]);
    byte[] frame = RequestCodec.encode(hello);
    byte[] signed = Arrays.copyOfRange(frame, FrameHeader.SIZE, frame.length - 32);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
    mac.update("mediadfs-hello".getBytes(StandardCharsets.US_ASCII));
    assertThat(HelloProof.compute(SECRET, 1, NODE, TS, NONCE)).isEqualTo(mac.doFinal(signed));
  }

  @Test
  void serverProofCoversTheLabelTheReplyBodyBeforeTheProofAndTheClientNonce() throws Exception {
    Response.Hello reply = new Response.Hello(1, "tracker-1", new byte[32]);
    byte[] frame = ResponseCodec.encode(Command.TRACKER_REPLY, reply);
    byte[] signed = Arrays.copyOfRange(frame, FrameHeader.SIZE, frame.length - 32);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
    mac.update("mediadfs-hello-reply".getBytes(StandardCharsets.US_ASCII));
    mac.update(signed);
    assertThat(HelloProof.replyProof(SECRET, 1, "tracker-1", NONCE)).isEqualTo(mac.doFinal(NONCE));
  }

  @Test
  void helloFromTheRightSecretVerifies() {
    Request.Hello hello = HelloProof.hello(SECRET, NODE, TS);
    assertThat(hello.protocolVersion()).isEqualTo(Request.Hello.PROTOCOL_VERSION);
    assertThat(hello.timestamp()).isEqualTo(TS);
    assertThat(HelloProof.verify(SECRET, hello, TS)).isTrue();
  }

  @Test
  void helloFromAnotherSecretIsRefused() {
    Request.Hello hello = HelloProof.hello("other".getBytes(StandardCharsets.UTF_8), NODE, TS);
    assertThat(HelloProof.verify(SECRET, hello, TS)).isFalse();
  }

  @Test
  void everySignedFieldIsBound() {
    byte[] proof = HelloProof.compute(SECRET, 1, NODE, TS, NONCE);
    byte[] otherNonce = NONCE.clone();
    otherNonce[15] ^= 1;
    assertThat(HelloProof.verify(SECRET, new Request.Hello(1, NODE, TS, NONCE, proof), TS))
        .isTrue();
    assertThat(HelloProof.verify(SECRET, new Request.Hello(2, NODE, TS, NONCE, proof), TS))
        .isFalse();
    assertThat(HelloProof.verify(SECRET, new Request.Hello(1, NODE + "x", TS, NONCE, proof), TS))
        .isFalse();
    assertThat(HelloProof.verify(SECRET, new Request.Hello(1, NODE, TS + 1, NONCE, proof), TS))
        .isFalse();
    assertThat(HelloProof.verify(SECRET, new Request.Hello(1, NODE, TS, otherNonce, proof), TS))
        .isFalse();
    byte[] flipped = proof.clone();
    flipped[0] ^= (byte) 0x80;
    assertThat(HelloProof.verify(SECRET, new Request.Hello(1, NODE, TS, NONCE, flipped), TS))
        .isFalse();
  }

  @Test
  void nodeIdLengthIsPartOfTheMessageSoFieldsCannotShift() {
    // without the length, ("ab", ts) and ("a", ts') with bytes moved across could collide
    assertThat(HelloProof.compute(SECRET, 1, "ab", TS, NONCE))
        .isNotEqualTo(HelloProof.compute(SECRET, 1, "a", TS, NONCE));
  }

  @Test
  void timestampMoreThanFiveMinutesFromTheServerClockIsRefused() {
    Request.Hello hello = HelloProof.hello(SECRET, NODE, TS);
    long skew = HelloProof.MAX_CLOCK_SKEW_MILLIS;
    assertThat(skew).isEqualTo(300_000);
    assertThat(HelloProof.verify(SECRET, hello, TS + skew)).isTrue();
    assertThat(HelloProof.verify(SECRET, hello, TS - skew)).isTrue();
    assertThat(HelloProof.verify(SECRET, hello, TS + skew + 1)).isFalse();
    assertThat(HelloProof.verify(SECRET, hello, TS - skew - 1)).isFalse();
  }

  @Test
  void timestampHalfTheLongRangeAwayIsRefused() {
    // regression: Math.abs(now - ts) is Long.MIN_VALUE (negative, "within the window") here
    long far = TS + Long.MIN_VALUE;
    Request.Hello hello =
        new Request.Hello(1, NODE, far, NONCE, HelloProof.compute(SECRET, 1, NODE, far, NONCE));
    assertThat(HelloProof.verify(SECRET, hello, TS)).isFalse();
    long farther = Long.MAX_VALUE;
    Request.Hello h2 =
        new Request.Hello(
            1, NODE, farther, NONCE, HelloProof.compute(SECRET, 1, NODE, farther, NONCE));
    assertThat(HelloProof.verify(SECRET, h2, TS)).isFalse();
  }

  @Test
  void replyProvesTheServerKnowsTheSecretForThisNonce() {
    Request.Hello hello = HelloProof.hello(SECRET, NODE, TS);
    Response.Hello reply = HelloProof.reply(SECRET, "tracker-1", hello);
    assertThat(HelloProof.verifyReply(SECRET, reply, hello.nonce())).isTrue();
    Request.Hello another = HelloProof.hello(SECRET, NODE, TS);
    assertThat(HelloProof.verifyReply(SECRET, reply, another.nonce()))
        .as("a reply cannot be replayed to a fresh nonce")
        .isFalse();
    assertThat(HelloProof.verifyReply("x".getBytes(StandardCharsets.UTF_8), reply, hello.nonce()))
        .isFalse();
  }

  @Test
  void clientAndServerProofsDiffer() {
    assertThat(HelloProof.compute(SECRET, 1, "n", TS, NONCE))
        .isNotEqualTo(HelloProof.replyProof(SECRET, 1, "n", NONCE));
  }

  @Test
  void withoutASecretProofsAreZeros() {
    Request.Hello hello = HelloProof.hello(new byte[0], NODE, TS);
    assertThat(hello.proof()).isEqualTo(new byte[32]);
    assertThat(HelloProof.reply(new byte[0], "t", hello).proof()).isEqualTo(new byte[32]);
    assertThat(HelloProof.secret("")).isEmpty();
    assertThat(HelloProof.secret(null)).isEmpty();
  }

  @Test
  void computingOrVerifyingWithoutASecretIsAnError() {
    Request.Hello hello = HelloProof.hello(new byte[0], NODE, TS);
    assertThatThrownBy(() -> HelloProof.compute(new byte[0], 1, "", TS, NONCE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HelloProof.verify(new byte[0], hello, TS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nonceMustBe16Bytes() {
    assertThatThrownBy(() -> HelloProof.compute(SECRET, 1, "", TS, new byte[15]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HelloProof.replyProof(SECRET, 1, "", new byte[17]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void freshHellosHaveFreshNonces() {
    assertThat(HelloProof.hello(SECRET, NODE, TS).nonce())
        .isNotEqualTo(HelloProof.hello(SECRET, NODE, TS).nonce());
  }

  @Test
  void matchesComparesWholeArrays() {
    byte[] a = HelloProof.compute(SECRET, 1, "", TS, NONCE);
    assertThat(HelloProof.matches(a, a.clone())).isTrue();
    assertThat(HelloProof.matches(a, Arrays.copyOf(a, 31))).isFalse();
    assertThat(HelloProof.matches(a, new byte[32])).isFalse();
  }
}
