package org.mediadfs.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
  @Test
  void userNames() {
    assertThat(Credentials.validUserName("admin")).isTrue();
    assertThat(Credentials.validUserName("jane.doe@example.org")).isTrue();
    assertThat(Credentials.validUserName("")).isFalse();
    assertThat(Credentials.validUserName("a b")).isFalse();
    assertThat(Credentials.validUserName("x".repeat(65))).isFalse();
    assertThat(Credentials.validUserName("<script>")).isFalse();
  }

  @Test
  void passwords() {
    assertThat(Credentials.passwordProblem("short")).contains("at least 8");
    assertThat(Credentials.passwordProblem("long enough")).isNull();
    assertThat(Credentials.passwordProblem("x".repeat(1025))).contains("at most");
  }

  @Test
  void randomSecretsAreUniqueAndUrlSafe() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String p = Credentials.randomPassword();
      assertThat(p).hasSize(24).matches("[A-Za-z0-9_-]+");
      assertThat(seen.add(p)).isTrue();
      assertThat(Credentials.newToken()).startsWith("mdfs_").matches("[A-Za-z0-9_-]+");
    }
    assertThat(Credentials.sha256("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void theAdminPasswordFileIsOwnerOnly(@TempDir Path dir) throws Exception {
    Path f = AdminPasswordFile.write(dir.resolve("var"), "pw-123");
    assertThat(f.getFileName().toString()).isEqualTo("admin-password");
    assertThat(Files.readString(f)).isEqualTo("pw-123\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-------");
    AdminPasswordFile.write(dir.resolve("var"), "pw-456"); // replaced, still 600
    assertThat(Files.readString(f)).isEqualTo("pw-456\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-------");
    try (var s = Files.list(dir.resolve("var"))) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("admin-password");
    }
  }

  @Test
  void htmlEscapingAndSafeRedirects() {
    assertThat(Html.escape("<a href=\"x\">'&'</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    assertThat(Html.safeNext("/library?page=2")).isEqualTo("/library?page=2");
    assertThat(Html.safeNext("//evil.example/")).isEqualTo("/");
    assertThat(Html.safeNext("/\\evil.example")).isEqualTo("/");
    assertThat(Html.safeNext("https://evil.example/")).isEqualTo("/");
    assertThat(Html.safeNext("/x\r\nSet-Cookie: a=b")).isEqualTo("/");
    assertThat(Html.safeNext(null)).isEqualTo("/");
  }
}
