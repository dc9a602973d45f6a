package org.mediadfs.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsrfTest {
  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "post", "PROPFIND", "BREW"})
  void everyMethodThatIsNotKnownToBeSafeNeedsTheToken(String method) {
    assertThat(Csrf.needsToken(method)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "TRACE", "get"})
  void readingMethodsDoNot(String method) {
    assertThat(Csrf.needsToken(method)).isFalse();
  }

  @Test
  void aMissingMethodIsTreatedAsUnsafe() {
    assertThat(Csrf.needsToken(null)).isTrue();
  }

  @Test
  void onlyTheSessionsOwnTokenMatches() {
    assertThat(Csrf.matches("abcDEF123-_", "abcDEF123-_")).isTrue();
    assertThat(Csrf.matches("abcDEF123-_", "abcDEF123-")).isFalse();
    assertThat(Csrf.matches("abcDEF123-_", "ABCDEF123-_")).isFalse();
    assertThat(Csrf.matches("abcDEF123-_", "abcDEF123-_x")).isFalse();
  }

  @Test
  void missingOrEmptyTokensNeverMatch() {
    assertThat(Csrf.matches(null, null)).isFalse();
    assertThat(Csrf.matches("", "")).isFalse();
    assertThat(Csrf.matches(null, "t")).isFalse();
    assertThat(Csrf.matches("t", null)).isFalse();
    assertThat(Csrf.matches("t", "")).isFalse();
  }

  @Test
  void theHeaderWinsOverTheFormFieldAndIsTrimmed() {
    assertThat(Csrf.presented(" tok ", "form")).isEqualTo("tok");
    assertThat(Csrf.presented(null, "form")).isEqualTo("form");
    assertThat(Csrf.presented("  ", "form")).isEqualTo("form");
    assertThat(Csrf.presented(null, null)).isNull();
  }
}
