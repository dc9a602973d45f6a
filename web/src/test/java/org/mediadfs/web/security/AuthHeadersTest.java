package org.mediadfs.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthHeadersTest {
  private static String basic(String s) {
    return "Basic " + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void basicIsUtf8UserColonPassword() {
    assertThat(AuthHeaders.parse(basic("admin:s3cret:with:colons")))
        .isEqualTo(new AuthHeaders.Parsed.Basic("admin", "s3cret:with:colons"));
    assertThat(AuthHeaders.parse(basic("j\u00f6rg:p\u00e4ss")))
        .isEqualTo(new AuthHeaders.Parsed.Basic("j\u00f6rg", "p\u00e4ss"));
    assertThat(AuthHeaders.parse("bAsIc " + basic("a:b").substring(6)))
        .isInstanceOf(AuthHeaders.Parsed.Basic.class);
    assertThat(AuthHeaders.parse(basic("a:"))).isEqualTo(new AuthHeaders.Parsed.Basic("a", ""));
  }

  @Test
  void bearerTokensAreB64Tokens() {
    assertThat(AuthHeaders.parse("Bearer mdfs_abc-DEF_123"))
        .isEqualTo(new AuthHeaders.Parsed.Bearer("mdfs_abc-DEF_123"));
    assertThat(AuthHeaders.parse("Bearer abc==")).isInstanceOf(AuthHeaders.Parsed.Bearer.class);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "Basic",
        "Basic !!!notbase64",
        "Basic YWRtaW4=", // "admin", no colon
        "Basic OnBhc3M=", // ":pass", empty user
        "Bearer a b",
        "Bearer ==x",
        "Digest username=x",
        "Negotiate abc"
      })
  void anythingElseIsUnusable(String header) {
    assertThat(AuthHeaders.parse(header)).isInstanceOf(AuthHeaders.Parsed.Unusable.class);
  }

  @Test
  void hugeHeadersAreNotDecoded() {
    assertThat(AuthHeaders.parse("Basic " + "A".repeat(10_000)))
        .isInstanceOf(AuthHeaders.Parsed.Unusable.class);
  }

  @Test
  void passwordsNeverAppearInToString() {
    assertThat(AuthHeaders.parse(basic("admin:hunter22")).toString()).doesNotContain("hunter22");
    assertThat(AuthHeaders.parse("Bearer mdfs_secret").toString()).doesNotContain("secret");
  }
}
