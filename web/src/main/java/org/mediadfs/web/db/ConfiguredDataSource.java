package org.mediadfs.web.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The JDBC data source behind the container's pool {@code java:app/jdbc/mediadfs} (see {@link
 * DatabaseDefinition}): it opens physical connections to H2 or MySQL/MariaDB, whichever {@link
 * DatabaseSettings} (MicroProfile Config) names, so one WAR runs on both without repackaging.
 *
 * <p>Why a class of our own: an annotation's {@code className} is fixed at build time, and the
 * container resolves {@code ${MPCONFIG=...}} placeholders before the application's own config
 * sources are available. This class reads the settings from the application's config when the pool
 * asks for its first connection, and picks the driver by the URL. The container still owns pooling,
 * validation and transactions. The setters accept (and ignore) what the container passes from the
 * annotation.
 */
public class ConfiguredDataSource implements DataSource {
  private static final Logger LOG = Logger.getLogger(ConfiguredDataSource.class.getName());

  private volatile DatabaseSettings settings;
  private volatile Driver driver;
  private PrintWriter logWriter;
  private int loginTimeout;

  /** Public no-argument constructor, as the container requires. */
  public ConfiguredDataSource() {}

  /** Uses fixed settings (tests, tools). */
  public ConfiguredDataSource(DatabaseSettings settings) {
    this.settings = settings;
  }

  private DatabaseSettings settings() {
    DatabaseSettings s = settings;
    if (s == null) {
      synchronized (this) {
        s = settings;
        if (s == null) {
          s = DatabaseSettings.from(config());
          settings = s;
          DatabaseSettings shown = s;
          LOG.info(() -> "mediadfs database: " + shown);
        }
      }
    }
    return s;
  }

  /**
   * The application's configuration. In the EAR on Payara Server, the pool asks for its first
   * connection while the EAR is being prepared (Hibernate reads the database's metadata), on an
   * admin thread without a context class loader and before the application is registered; Payara's
   * config resolver then fails on the missing context class loader. Lending it this class's loader
   * for the call yields the server-level sources (system properties, environment, domain), where
   * {@code mediadfs.db.*} are set in that case.
   */
  private static Config config() {
    ClassLoader own = ConfiguredDataSource.class.getClassLoader();
    Thread t = Thread.currentThread();
    if (t.getContextClassLoader() != null) {
      return ConfigProvider.getConfig(own);
    }
    t.setContextClassLoader(own);
    try {
      return ConfigProvider.getConfig(own);
    } finally {
      t.setContextClassLoader(null);
    }
  }

  private Driver driver(DatabaseSettings s) throws SQLException {
    Driver d = driver;
    if (d == null) {
      d =
          switch (s.kind()) {
            case H2 -> new org.h2.Driver();
            case MYSQL -> new com.mysql.cj.jdbc.Driver();
          };
      driver = d;
    }
    return d;
  }

  @Override
  public Connection getConnection() throws SQLException {
    DatabaseSettings s = settings();
    return connect(s, s.user(), s.password());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    // The container passes the annotation's (empty) credentials; the configured ones win.
    DatabaseSettings s = settings();
    return connect(s, s.user(), s.password());
  }

  private Connection connect(DatabaseSettings s, String user, String password) throws SQLException {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    Connection c = driver(s).connect(s.url(), p);
    if (c == null) {
      throw new SQLException("driver refused " + DatabaseSettings.redact(s.url()));
    }
    return c;
  }

  /** Ignored: the URL comes from {@code mediadfs.db.url}. */
  public void setUrl(String url) {}

  /** Ignored: the URL comes from {@code mediadfs.db.url}. */
  public void setURL(String url) {}

  /** Ignored: the user comes from {@code mediadfs.db.user}. */
  public void setUser(String user) {}

  /** Ignored: the password comes from {@code mediadfs.db.password}. */
  public void setPassword(String password) {}

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return LOG;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("not a wrapper of " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
