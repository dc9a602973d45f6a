package org.mediadfs.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecurityHeadersTest {
  @Test
  void pathsAreClassified() {
    assertThat(SecurityHeaders.kindOf("/")).isEqualTo(SecurityHeaders.Kind.PAGE);
    assertThat(SecurityHeaders.kindOf("/watch/abc")).isEqualTo(SecurityHeaders.Kind.PAGE);
    assertThat(SecurityHeaders.kindOf("/login")).isEqualTo(SecurityHeaders.Kind.PAGE);
    assertThat(SecurityHeaders.kindOf("/files/abc/x.webm")).isEqualTo(SecurityHeaders.Kind.FILE);
    assertThat(SecurityHeaders.kindOf("/files")).isEqualTo(SecurityHeaders.Kind.FILE);
    assertThat(SecurityHeaders.kindOf("/filesystem")).isEqualTo(SecurityHeaders.Kind.PAGE);
    assertThat(SecurityHeaders.kindOf("/api/nodes")).isEqualTo(SecurityHeaders.Kind.OTHER);
    assertThat(SecurityHeaders.kindOf("/static/portal.css")).isEqualTo(SecurityHeaders.Kind.OTHER);
  }

  @Test
  void pagesRunOnlyTheSitesOwnScriptsAndNobodyFramesAnything() {
    String page = SecurityHeaders.policy(SecurityHeaders.Kind.PAGE);
    assertThat(page).contains("script-src 'self'").contains("frame-ancestors 'self'");
    assertThat(page).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(SecurityHeaders.policy(SecurityHeaders.Kind.FILE)).startsWith("sandbox");
    for (SecurityHeaders.Kind k : SecurityHeaders.Kind.values()) {
      assertThat(SecurityHeaders.policy(k)).contains("frame-ancestors 'self'");
    }
  }
}
