package org.mediadfs.web.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {
  private static DatabaseSettings from(Map<String, String> values) {
    return DatabaseSettings.from(key -> Optional.ofNullable(values.get(key)));
  }

  @Test
  void theDefaultIsAnH2FileUnderTheDataFolderWithAnAbsolutePath() {
    DatabaseSettings s = from(Map.of(DatabaseSettings.DATA_DIR, "rel/var"));
    Path expected = Path.of("rel/var").toAbsolutePath().normalize().resolve("db/mediadfs");
    assertThat(s.url())
        .isEqualTo(
            "jdbc:h2:file:" + expected + ";DB_CLOSE_ON_EXIT=FALSE;OPTIMIZE_REUSE_RESULTS=FALSE");
    assertThat(s.kind()).isEqualTo(DatabaseSettings.Kind.H2);
    assertThat(s.user()).isEqualTo("sa");
    assertThat(from(Map.of()).url()).contains(Path.of("var").toAbsolutePath() + "/db/mediadfs");
  }

  @Test
  void h2NeverReusesAQueryResultUnlessTheUrlSaysSo() {
    assertThat(from(Map.of(DatabaseSettings.URL, "jdbc:h2:mem:x")).url())
        .isEqualTo("jdbc:h2:mem:x;OPTIMIZE_REUSE_RESULTS=FALSE");
    assertThat(
            from(Map.of(DatabaseSettings.URL, "jdbc:h2:mem:x;OPTIMIZE_REUSE_RESULTS=TRUE")).url())
        .isEqualTo("jdbc:h2:mem:x;OPTIMIZE_REUSE_RESULTS=TRUE");
    assertThat(from(Map.of(DatabaseSettings.URL, "jdbc:mysql://db/m")).url())
        .isEqualTo("jdbc:mysql://db/m");
  }

  @Test
  void mariadbUrlsGoThroughTheMysqlDriver() {
    DatabaseSettings s =
        from(
            Map.of(
                DatabaseSettings.URL, "jdbc:mariadb://db:3306/mediadfs?x=1",
                DatabaseSettings.PASSWORD, "secret"));
    assertThat(s.url()).isEqualTo("jdbc:mysql://db:3306/mediadfs?x=1");
    assertThat(s.kind()).isEqualTo(DatabaseSettings.Kind.MYSQL);
    assertThat(s.user()).isEqualTo("root");
    assertThat(s.toString()).doesNotContain("x=1").doesNotContain("secret");
  }

  @Test
  void otherDatabasesAreRefusedClearly() {
    assertThatThrownBy(() -> from(Map.of(DatabaseSettings.URL, "jdbc:postgresql://x/y")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(DatabaseSettings.URL);
  }

  @Test
  void credentialsInTheUrlAreLeftToTheDriver() {
    DatabaseSettings s =
        from(Map.of(DatabaseSettings.URL, "jdbc:mysql://db/mediadfs?user=app&password=pw"));
    assertThat(s.user()).isNull();
    assertThat(s.password()).isNull();
    DatabaseSettings explicit =
        from(
            Map.of(
                DatabaseSettings.URL, "jdbc:mysql://db/mediadfs?user=app",
                DatabaseSettings.USER, "other"));
    assertThat(explicit.user()).isEqualTo("other");
    assertThat(explicit.password()).isEmpty();
  }
}
