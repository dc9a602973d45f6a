package org.mediadfs.client.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.mediadfs.client.ClientConfig;
import org.mediadfs.testkit.ClusterSpec;
import org.mediadfs.testkit.LocalCluster;

/**
 * One real cluster for every integration test of this module: Payara Micro (tracker + ID server)
 * and two groups of one storage node each, started on first use and stopped when the test run ends
 * (one Payara start per module run). Test methods receive it as a {@link LocalCluster} parameter.
 */
public final class SharedCluster implements ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(SharedCluster.class);

  /** Closes the cluster at the end of the run. */
  private record Holder(LocalCluster cluster) implements AutoCloseable {
    @Override
    public void close() {
      cluster.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) {
    return p.getParameter().getType() == LocalCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext ctx) {
    return ctx.getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent("cluster", k -> new Holder(start()), Holder.class)
        .cluster();
  }

  private static LocalCluster start() {
    try {
      Path work = Files.createTempDirectory(Path.of("target"), "it-cluster-");
      return LocalCluster.start(work.toAbsolutePath(), ClusterSpec.of(2, 1));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A client configuration for the cluster, with short waits so failures show quickly. */
  public static ClientConfig config(LocalCluster cluster) {
    return ClientConfig.builder(cluster.trackersSpec())
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(30))
        .build();
  }
}
