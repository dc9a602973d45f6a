package org.mediadfs.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.mediadfs.testkit.PausableProxy;

/**
 * A database of the suite's own on this machine's MariaDB (127.0.0.1:3306, never stopped), reached
 * by the cluster only through a {@link PausableProxy}, so the suite can make the database hang
 * ({@link PausableProxy#pause()}) or vanish ({@link PausableProxy#cut()}) without touching the
 * server. Dropped on {@link #close()}.
 */
final class MariaDb implements AutoCloseable {
  private static final String SERVER = "jdbc:mysql://127.0.0.1:3306/";

  private final String name;
  private final PausableProxy proxy;

  private MariaDb(String name, PausableProxy proxy) {
    this.name = name;
    this.proxy = proxy;
  }

  /** Creates a uniquely named database and a proxy in front of the server. */
  static MariaDb create() {
    String name =
        "mediadfs_faults_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(SERVER, "root", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + " on " + SERVER, e);
    }
    try {
      return new MariaDb(name, PausableProxy.to("127.0.0.1", 3306));
    } catch (IOException e) {
      drop(name);
      throw new UncheckedIOException(e);
    }
  }

  String name() {
    return name;
  }

  /** The proxy every cluster process goes through. */
  PausableProxy proxy() {
    return proxy;
  }

  /** The URL the cluster uses: through the proxy, user in the URL. */
  String urlThroughProxy() {
    return "jdbc:mysql://127.0.0.1:" + proxy.port() + "/" + name + "?user=root";
  }

  /** A connection for the suite itself, past the proxy. */
  Connection direct() throws SQLException {
    return DriverManager.getConnection(SERVER + name, "root", "");
  }

  private static void drop(String name) {
    try (Connection c = DriverManager.getConnection(SERVER, "root", "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop database " + name, e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      proxy.close();
    } finally {
      drop(name);
    }
  }
}
