package org.mediadfs.tracker.infrastructure.jpa;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Versioned migrations of the tables the tracker owns ({@code db/migration/tracker}, history in
 * {@code flyway_tracker_history}). Other owners (the ID server, the web tier) keep their own
 * history tables in the same schema, so a schema that already holds their tables is baselined at
 * version 0 and this owner's migrations still run from V1. The SQL is written once for H2 and
 * MySQL; the only differences are placeholders: {@code ${datetime}} and {@code ${table_options}}.
 */
public final class TrackerSchema {
  /** Flyway's history table of this owner. */
  public static final String HISTORY_TABLE = "flyway_tracker_history";

  /** Where this owner's migrations are. */
  public static final String LOCATION = "classpath:db/migration/tracker";

  private TrackerSchema() {}

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
