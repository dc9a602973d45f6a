package org.mediadfs.storage.meta;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The metadata writer's own connection with its prepared statements kept open: the writer runs the
 * same dozen statements in every batch, and re-preparing them (H2 re-parses each time once its
 * small command cache overflows) cost as much as executing them. The wrapped connection hands out
 * cached statements whose {@code close()} only clears their parameters and batch, so the writer's
 * code keeps the usual try-with-resources shape. Confined to the writer thread.
 */
final class StatementCache implements AutoCloseable {
  private final Connection connection;
  private final Map<String, PreparedStatement> cache = new HashMap<>();
  private final Connection wrapped;

  StatementCache(Connection connection) {
    this.connection = connection;
    this.wrapped =
        (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                this::onConnection);
  }

  /** The connection to use; closing it does nothing (close this cache instead). */
  Connection connection() {
    return wrapped;
  }

  private Object onConnection(Object proxy, Method m, Object[] args) throws Throwable {
    if (m.getName().equals("prepareStatement")
        && args != null
        && args.length == 1
        && args[0] instanceof String sql) {
      PreparedStatement ps = cache.get(sql);
      if (ps == null) {
        ps = connection.prepareStatement(sql);
        cache.put(sql, ps);
      }
      return reusable(ps);
    }
    if (m.getName().equals("close")) {
      return null;
    }
    return invoke(connection, m, args);
  }

  private static PreparedStatement reusable(PreparedStatement ps) {
    InvocationHandler h =
        (proxy, m, args) -> {
          if (m.getName().equals("close")) {
            ps.clearParameters();
            ps.clearBatch(); // a batch that failed must not run again with the next one
            return null;
          }
          return invoke(ps, m, args);
        };
    return (PreparedStatement)
        Proxy.newProxyInstance(
            PreparedStatement.class.getClassLoader(), new Class<?>[] {PreparedStatement.class}, h);
  }

  private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public void close() throws SQLException {
    SQLException first = null;
    for (PreparedStatement ps : cache.values()) {
      try {
        ps.close();
      } catch (SQLException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    cache.clear();
    connection.close();
    if (first != null) {
      throw first;
    }
  }
}
