package org.mediadfs.web.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Versioned migrations of the tables the web tier owns ({@code db/migration/web}, history in {@code
 * flyway_web_history}): users, roles, API tokens, link keys, and later the portal's catalog (issue
 * 8 adds its migrations here, V2 onwards). Like the tracker's and the ID server's, a schema that
 * already holds other owners' tables is baselined at version 0 so these run from V1. The SQL is
 * written once for H2 and MySQL; the differences are the placeholders {@code ${datetime}} and
 * {@code ${table_options}}.
 */
public final class WebSchema {
  /** Flyway's history table of this owner. */
  public static final String HISTORY_TABLE = "flyway_web_history";

  /** Where this owner's migrations are. */
  public static final String LOCATION = "classpath:db/migration/web";

  private WebSchema() {}

  /**
   * The instant as a {@code ${datetime}} column keeps it: whole milliseconds (the databases round
   * finer digits away). What is written is cut to this first, so that an answer showing the time it
   * just wrote reads the same as every later read of it.
   */
  public static Instant stored(Instant t) {
    return t.truncatedTo(ChronoUnit.MILLIS);
  }

  /** Applies pending migrations; returns how many ran. */
  public static int migrate(DataSource ds, ClassLoader loader) {
    MigrateResult r =
        Flyway.configure(loader)
            .dataSource(ds)
            .table(HISTORY_TABLE)
            .locations(LOCATION)
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .placeholders(placeholders(ds))
            .load()
            .migrate();
    return r.migrationsExecuted;
  }

  /** Column types and table options of the connected database. */
  static Map<String, String> placeholders(DataSource ds) {
    String product;
    try (Connection c = ds.getConnection()) {
      product = c.getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reach the database: " + e.getMessage(), e);
    }
    boolean mysql = product.equalsIgnoreCase("MySQL") || product.equalsIgnoreCase("MariaDB");
    return Map.of(
        "datetime",
        mysql ? "DATETIME(3)" : "TIMESTAMP(3)",
        "table_options",
        mysql ? "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin" : "");
  }
}
