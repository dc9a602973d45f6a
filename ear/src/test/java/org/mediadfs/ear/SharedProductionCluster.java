package org.mediadfs.ear;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link ProductionCluster} for every integration test of this module (one Payara Server and
 * one Payara Micro start per run), started on first use and closed when the run ends. Test methods
 * receive it as a parameter.
 */
public final class SharedProductionCluster implements ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(SharedProductionCluster.class);

  /** Closes the cluster at the end of the run. */
  private record Holder(ProductionCluster cluster) implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      cluster.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) {
    return p.getParameter().getType() == ProductionCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext ctx) {
    return ctx.getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent("cluster", k -> new Holder(start()), Holder.class)
        .cluster();
  }

  private static ProductionCluster start() {
    try {
      Path it = Path.of(System.getProperty("mediadfs.it.dir", "target/it"));
      Files.createDirectories(it);
      return ProductionCluster.start(Files.createTempDirectory(it, "cluster-").toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("MariaDB on 127.0.0.1:3306 is needed: " + e.getMessage(), e);
    }
  }
}
