package org.mediadfs.web.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.mediadfs.id.infrastructure.IdServer;
import org.mediadfs.tracker.infrastructure.endpoint.TrackerServer;
import org.mediadfs.web.api.Views;
import org.mediadfs.web.db.DatabaseDefinition;

/**
 * What "healthy" means for this application: the tracker's and the ID server's TCP endpoints accept
 * connections (checked by connecting, not by asking the beans), and the database answers. Used by
 * {@code /api/health} and by MicroProfile Health ({@code /health/ready}, {@code /health/live}).
 */
@ApplicationScoped
public class HealthChecks {
  /** How long a check waits for a connection. */
  static final int TIMEOUT_MILLIS = 1000;

  @Inject TrackerServer tracker;
  @Inject IdServer idServer;

  @Resource(lookup = DatabaseDefinition.JNDI)
  DataSource ds;

  /** The endpoint checks (liveness: the process serves its protocols). */
  public List<Views.Check> endpoints() {
    return List.of(
        endpoint("tracker", host("mediadfs.tracker.bind"), tracker.port()),
        endpoint("id-server", host("mediadfs.id.bind"), idServer.port()));
  }

  /** Every check (readiness). */
  public List<Views.Check> all() {
    List<Views.Check> out = new java.util.ArrayList<>(endpoints());
    out.add(database());
    return List.copyOf(out);
  }

  /** Where to connect to an endpoint bound to the configured address (loopback for a wildcard). */
  static String host(String bindKey) {
    String bind =
        org.eclipse.microprofile.config.ConfigProvider.getConfig(
                HealthChecks.class.getClassLoader())
            .getOptionalValue(bindKey, String.class)
            .orElse("0.0.0.0")
            .strip();
    return bind.isEmpty() || bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
  }

  /** The overall view. */
  public Views.Health health(List<Views.Check> checks) {
    boolean up = checks.stream().allMatch(c -> c.status().equals("UP"));
    return new Views.Health(up ? "UP" : "DOWN", checks);
  }

  static Views.Check endpoint(String name, String host, int port) {
    if (port <= 0) {
      return new Views.Check(name, "DOWN", "not listening");
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      return new Views.Check(name, "UP", "port " + port);
    } catch (IOException e) {
      return new Views.Check(name, "DOWN", "port " + port + ": " + e.getMessage());
    }
  }

  Views.Check database() {
    try (Connection c = ds.getConnection()) {
      boolean ok = c.isValid(2);
      return new Views.Check(
          "database",
          ok ? "UP" : "DOWN",
          ok ? c.getMetaData().getDatabaseProductName() : "connection is not valid");
    } catch (SQLException e) {
      return new Views.Check("database", "DOWN", e.getMessage());
    }
  }
}
