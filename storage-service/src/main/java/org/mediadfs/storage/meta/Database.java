package org.mediadfs.storage.meta;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.mediadfs.storage.StorageConfig;

/**
 * The node's metadata database: a HikariCP pool over embedded H2 (default) or MySQL/MariaDB, with
 * the schema migrated by Flyway from this module's own location into its own history table
 * (architecture decision 2: each owner migrates only its tables).
 *
 * <p>Durability: H2 writes committed transactions to its file lazily (a kill -9 right after a
 * commit lost them in a test on this machine), so after every commit the writer calls {@link
 * #syncAfterCommit}, which for H2 runs {@code CHECKPOINT SYNC} (write and fsync). InnoDB's default
 * {@code innodb_flush_log_at_trx_commit=1} already makes a commit durable.
 */
public final class Database implements AutoCloseable {
  /** The SQL flavour in use. */
  public enum Dialect {
    H2,
    MYSQL
  }

  private final HikariDataSource pool;
  private final Dialect dialect;
  private final int queryTimeoutSeconds;

  private Database(HikariDataSource pool, Dialect dialect, Duration queryTimeout) {
    this.pool = pool;
    this.dialect = dialect;
    this.queryTimeoutSeconds = (int) Math.max(1, queryTimeout.toSeconds());
  }

  /** Opens the pool and migrates the schema. */
  public static Database open(StorageConfig.Database cfg, String poolName) throws SQLException {
    Dialect dialect = cfg.isMySql() ? Dialect.MYSQL : Dialect.H2;
    HikariConfig hc = new HikariConfig();
    hc.setPoolName(poolName);
    hc.setJdbcUrl(dialect == Dialect.H2 ? withoutReusedResults(cfg.url()) : cfg.url());
    if (!cfg.user().isEmpty()) {
      hc.setUsername(cfg.user());
    } else if (dialect == Dialect.H2) {
      hc.setUsername("sa");
    }
    if (!cfg.password().isEmpty()) {
      hc.setPassword(cfg.password());
    }
    hc.setMaximumPoolSize(cfg.poolSize());
    hc.setMinimumIdle(Math.min(2, cfg.poolSize()));
    hc.setConnectionTimeout(Math.max(250, cfg.queryTimeout().toMillis()));
    hc.setValidationTimeout(Math.max(250, Math.min(5000, cfg.queryTimeout().toMillis())));
    hc.setAutoCommit(true);
    if (dialect == Dialect.H2) {
      hc.setConnectionInitSql(
          "SET QUERY_TIMEOUT " + Math.max(1, cfg.queryTimeout().toSeconds()) * 1000);
    }
    if (dialect == Dialect.MYSQL) {
      hc.addDataSourceProperty("useServerPrepStmts", "true");
      hc.addDataSourceProperty("cachePrepStmts", "true");
      hc.addDataSourceProperty("prepStmtCacheSize", "64");
      hc.addDataSourceProperty("rewriteBatchedStatements", "true");
      hc.addDataSourceProperty("connectTimeout", Long.toString(cfg.queryTimeout().toMillis()));
      hc.addDataSourceProperty("socketTimeout", Long.toString(cfg.queryTimeout().toMillis() * 3));
      hc.addDataSourceProperty("characterEncoding", "UTF-8");
    }
    HikariDataSource ds = new HikariDataSource(hc);
    try {
      migrate(ds, dialect);
    } catch (RuntimeException e) {
      ds.close();
      throw new SQLException("schema migration failed: " + e.getMessage(), e);
    }
    return new Database(ds, dialect, cfg.queryTimeout());
  }

  /**
   * An H2 URL with {@code OPTIMIZE_REUSE_RESULTS=FALSE}, unless it sets that itself. By default H2
   * answers a query that a connection runs again with the same parameters from its last result when
   * the table has not changed since; but it stamps a table as changed when a transaction starts to
   * commit, before the commit is visible (2.2.224's {@code SessionLocal.commit} calls {@code
   * markUsedTablesAsUpdated} before {@code transaction.commit}; later versions swapped the two). A
   * lookup that ran in that moment kept answering "no such row" for a row that was there until
   * something else changed the table (H2 2.2.224: 1,266 of 3,000 tries; a read repair in
   * ReplicationIT fetched a file for 20 s because its lookup kept missing the row the replication
   * puller had just committed). Every lookup here is a point query, so reusing results saved
   * nothing.
   */
  static String withoutReusedResults(String h2Url) {
    return h2Url.toUpperCase(java.util.Locale.ROOT).contains(";OPTIMIZE_REUSE_RESULTS=")
        ? h2Url
        : h2Url + ";OPTIMIZE_REUSE_RESULTS=FALSE";
  }

  private static void migrate(DataSource ds, Dialect dialect) {
    Flyway.configure()
        .dataSource(ds)
        .table("flyway_storage_history")
        .locations("classpath:db/storage/" + (dialect == Dialect.H2 ? "h2" : "mysql"))
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }

  /** A pooled connection; close it to return it. */
  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /** The SQL flavour. */
  public Dialect dialect() {
    return dialect;
  }

  /**
   * Applies the query timeout to a statement (seed bugs 16 and 19). MySQL: per statement. H2: set
   * once per connection when the pool opens it, because H2 runs {@code setQueryTimeout} as a {@code
   * SET} command that makes every prepared statement of the database re-parse its SQL before its
   * next run (each upload re-parsed its queries: 8% of the node's time in 4 KiB uploads).
   */
  public void timeout(Statement s) throws SQLException {
    if (dialect == Dialect.MYSQL) {
      s.setQueryTimeout(queryTimeoutSeconds);
    }
  }

  /** Makes the last commit durable (H2: write and fsync; MySQL: already durable). */
  public void syncAfterCommit(Connection c) throws SQLException {
    if (dialect == Dialect.H2) {
      try (Statement s = c.createStatement()) {
        s.execute("CHECKPOINT SYNC");
      }
    }
  }

  /** Makes every commit so far durable (H2: {@code CHECKPOINT SYNC}; MySQL: already durable). */
  public void checkpoint() throws SQLException {
    if (dialect == Dialect.H2) {
      try (Connection c = connection()) {
        syncAfterCommit(c);
      }
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
