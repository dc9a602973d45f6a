package org.mediadfs.web.db;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * Where the application's database is, from MicroProfile Config.
 *
 * <ul>
 *   <li>{@code mediadfs.db.url}: a JDBC URL; {@code jdbc:h2:...} for H2, {@code jdbc:mysql:...} or
 *       {@code jdbc:mariadb:...} for MySQL/MariaDB (both through mysql-connector-j). Empty: the
 *       embedded H2 file database {@code <data-dir>/db/mediadfs}.
 *   <li>{@code mediadfs.db.user}, {@code mediadfs.db.password}: credentials (H2 default {@code sa}
 *       with an empty password).
 *   <li>{@code mediadfs.data-dir}: the data folder, {@code ./var} by default.
 * </ul>
 *
 * @param url the JDBC URL to connect with (normalised: {@code jdbc:mariadb:} becomes {@code
 *     jdbc:mysql:}, the H2 default has an absolute path, and H2 does not reuse query results)
 * @param user the user, or null when the URL names it ({@code ?user=...}) and no {@code
 *     mediadfs.db.user} is set
 * @param password the password, or null when the URL carries the credentials
 */
public record DatabaseSettings(String url, String user, String password) {
  public static final String URL = "mediadfs.db.url";
  public static final String USER = "mediadfs.db.user";
  public static final String PASSWORD = "mediadfs.db.password";
  public static final String DATA_DIR = "mediadfs.data-dir";

  /** The kinds of database the application runs on. */
  public enum Kind {
    H2,
    MYSQL
  }

  public DatabaseSettings {
    kindOf(url); // validates
  }

  /** Reads the settings. */
  public static DatabaseSettings from(Config c) {
    return from(key -> c.getOptionalValue(key, String.class));
  }

  /** Reads the settings from any key lookup (the same rules as {@link #from(Config)}). */
  public static DatabaseSettings from(Function<String, Optional<String>> config) {
    String url = config.apply(URL).orElse("").strip();
    if (url.isEmpty()) {
      Path dir = Path.of(config.apply(DATA_DIR).orElse("./var"));
      url = defaultUrl(dir);
    }
    if (url.startsWith("jdbc:mariadb:")) {
      url = "jdbc:mysql:" + url.substring("jdbc:mariadb:".length());
    }
    Kind kind = kindOf(url);
    if (kind == Kind.H2 && !url.toUpperCase(Locale.ROOT).contains(";OPTIMIZE_REUSE_RESULTS=")) {
      // H2 reuses a query's last result when the table has not changed since, but it marks the
      // table changed before a commit becomes visible: a query run in between kept answering
      // "no such row" for a committed row (the storage node's Database has the whole story).
      url += ";OPTIMIZE_REUSE_RESULTS=FALSE";
    }
    boolean urlHasUser = url.matches("(?s).*[?&;]user=.*");
    String fallbackUser = urlHasUser ? null : kind == Kind.H2 ? "sa" : "root";
    String user = config.apply(USER).map(String::strip).orElse(fallbackUser);
    String password = config.apply(PASSWORD).orElse(user == null ? null : "");
    return new DatabaseSettings(url, user, password);
  }

  /**
   * The embedded default: an H2 file under {@code <dataDir>/db}. {@code DB_CLOSE_ON_EXIT=FALSE}
   * leaves closing to the container's pool rather than H2's shutdown hook, which could close the
   * database under a transaction that is still committing.
   */
  public static String defaultUrl(Path dataDir) {
    Path file = dataDir.toAbsolutePath().normalize().resolve("db").resolve("mediadfs");
    return "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  /** The kind of database a URL names. */
  public Kind kind() {
    return kindOf(url);
  }

  private static Kind kindOf(String url) {
    if (url.startsWith("jdbc:h2:")) {
      return Kind.H2;
    }
    if (url.startsWith("jdbc:mysql:")) {
      return Kind.MYSQL;
    }
    throw new IllegalArgumentException(
        URL + " must start with jdbc:h2:, jdbc:mysql: or jdbc:mariadb:, not " + redact(url));
  }

  /** The URL without its query (which may carry a password), for messages. */
  public static String redact(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?...";
  }

  @Override
  public String toString() {
    return "DatabaseSettings[" + redact(url) + ", user " + user + "]";
  }
}
