package org.mediadfs.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkSignerTest {
  private static final byte[] K1 =
      "first-secret-key-32-bytes-long!!".getBytes(StandardCharsets.UTF_8);
  private static final byte[] K2 =
      "second-secret-key-32-bytes-long!".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final String FILE = "649e782b035ee5136ad6ff2c8d2101000115";

  private static LinkSigner signer(String current, String... kids) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    for (String k : kids) {
      keys.put(k, k.equals("k1") ? K1 : K2);
    }
    return new LinkSigner(keys, current);
  }

  @Test
  void signedLinkVerifiesUntilItExpires() {
    LinkSigner s = signer("k1", "k1");
    var sig = s.sign(FILE, NOW.plus(Duration.ofHours(1)));
    assertThat(s.verify(FILE, sig.kid(), "" + sig.exp(), sig.sig(), NOW))
        .isEqualTo(LinkSigner.Verdict.VALID);
    assertThat(s.verify(FILE, sig.kid(), "" + sig.exp(), sig.sig(), NOW.plus(Duration.ofHours(2))))
        .isEqualTo(LinkSigner.Verdict.EXPIRED);
  }

  @Test
  void anyChangeBreaksTheSignature() {
    LinkSigner s = signer("k1", "k1");
    var sig = s.sign(FILE, NOW.plusSeconds(60));
    assertThat(s.verify(FILE + "x", sig.kid(), "" + sig.exp(), sig.sig(), NOW))
        .isEqualTo(LinkSigner.Verdict.BAD_SIGNATURE);
    assertThat(s.verify(FILE, sig.kid(), "" + (sig.exp() + 3600), sig.sig(), NOW))
        .isEqualTo(LinkSigner.Verdict.BAD_SIGNATURE);
    assertThat(s.verify(FILE, sig.kid(), "soon", sig.sig(), NOW))
        .isEqualTo(LinkSigner.Verdict.BAD_SIGNATURE);
    assertThat(s.verify(FILE, null, null, null, NOW)).isEqualTo(LinkSigner.Verdict.MISSING);
    assertThat(s.verify(FILE, "k9", "" + sig.exp(), sig.sig(), NOW))
        .isEqualTo(LinkSigner.Verdict.UNKNOWN_KEY);
  }

  @Test
  void rotationKeepsOldLinksValidWhileTheOldKeyIsInTheRing() {
    var old = signer("k1", "k1").sign(FILE, NOW.plusSeconds(600));
    LinkSigner rotated = signer("k2", "k2", "k1");
    assertThat(rotated.verify(FILE, old.kid(), "" + old.exp(), old.sig(), NOW))
        .isEqualTo(LinkSigner.Verdict.VALID);
    assertThat(rotated.sign(FILE, NOW.plusSeconds(600)).kid()).isEqualTo("k2");
    LinkSigner retired = signer("k2", "k2");
    assertThat(retired.verify(FILE, old.kid(), "" + old.exp(), old.sig(), NOW))
        .isEqualTo(LinkSigner.Verdict.UNKNOWN_KEY);
  }

  @Test
  void parsesAKeyRingWithTheFirstKeyCurrent() {
    String ring =
        "k2:"
            + Base64.getEncoder().encodeToString(K2)
            + "; k1:"
            + Base64.getEncoder().encodeToString(K1);
    LinkSigner s = LinkSigner.parse(ring);
    assertThat(s.currentKeyId()).isEqualTo("k2");
    var sig = signer("k1", "k1").sign(FILE, NOW.plusSeconds(5));
    assertThat(s.verify(FILE, "k1", "" + sig.exp(), sig.sig(), NOW))
        .isEqualTo(LinkSigner.Verdict.VALID);
  }

  @Test
  void refusesWeakKeysAndAMissingCurrentKey() {
    assertThatThrownBy(() -> new LinkSigner(Map.of("k", new byte[8]), "k"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LinkSigner(Map.of("k1", K1), "k2"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LinkSigner.parse(" ; ")).isInstanceOf(IllegalArgumentException.class);
  }
}
