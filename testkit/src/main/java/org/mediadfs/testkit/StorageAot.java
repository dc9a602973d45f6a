package org.mediadfs.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ahead-of-time cache (JDK 25: classes loaded and linked, method profiles; JEP 483, 514, 515)
 * for storage-node JVMs, so that the many cold node starts of a test run (every {@code kill -9} is
 * followed by one) spend less time loading the same classes again.
 *
 * <p>The cache comes from one training run: a node started with {@code -XX:AOTCacheOutput}, stopped
 * gracefully once its port answers (the JVM writes the cache on its way out, SIGTERM included), so
 * it records the node's start-up: configuration, JDBC pool and driver, Flyway, the Redis client,
 * the server. Nodes launched with {@link #train}'s result load those classes from the cache. A
 * cache that does not match (another JDK, a changed jar) is ignored by the JVM, which then starts
 * as usual: the cache only ever costs the training.
 *
 * <p>An AOT cache takes classes from JAR files only: the nodes get the test class path without its
 * directories (the test module's own classes, which a node never loads). When storage or wire
 * classes come from a directory (a module testing itself), there is no cache and nodes launch as
 * usual.
 */
public final class StorageAot {
  private static final System.Logger LOG = System.getLogger(StorageAot.class.getName());

  private StorageAot() {}

  /**
   * The node class path for a cache: the current class path without directories, or empty when a
   * directory holds classes a node needs.
   */
  public static Optional<String> jarClassPath() {
    List<String> jars = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (e.isBlank()) {
        continue;
      }
      Path p = Path.of(e);
      if (Files.isDirectory(p)) {
        if (Files.isDirectory(p.resolve("org/mediadfs/storage"))
            || Files.isDirectory(p.resolve("org/mediadfs/wire"))) {
          return Optional.empty();
        }
        continue;
      }
      jars.add(e);
    }
    return Optional.of(String.join(File.pathSeparator, jars));
  }

  /**
   * Trains a cache and returns how nodes launch with it; on any failure (logged) {@link
   * StorageProcess.Launch#defaults()}, so nodes start as they would without.
   *
   * @param dir where the training node's data, log and the cache go
   * @param props the training node's settings (as for {@link StorageProcess#start}); it should not
   *     reach a tracker (it would join a group), its database and Redis should be the real ones (so
   *     their client classes are cached)
   * @param timeout for the node to answer and then to write the cache
   */
  public static StorageProcess.Launch train(Path dir, Map<String, String> props, Duration timeout) {
    Optional<String> cp = jarClassPath();
    if (cp.isEmpty()) {
      LOG.log(System.Logger.Level.INFO, "no AOT cache: storage classes come from a directory");
      return StorageProcess.Launch.defaults();
    }
    Path cache = dir.resolve("storage.aot").toAbsolutePath();
    long t0 = System.nanoTime();
    StorageProcess node = null;
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(cache);
      node =
          StorageProcess.create(
              "aot-training",
              dir,
              props,
              new StorageProcess.Launch(List.of("-XX:AOTCacheOutput=" + cache), cp.get()));
      node.launch();
      node.process().awaitPort(node.address().host(), node.address().port(), timeout);
      // SIGTERM: the JVM runs the node's shutdown hook, then assembles the cache before it exits.
      node.process().stop(timeout);
      if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
        throw new IllegalStateException("no cache written; see " + node.process().log());
      }
      LOG.log(
          System.Logger.Level.INFO,
          "storage AOT cache {0} ({1} MiB) trained in {2} ms",
          cache,
          Files.size(cache) >> 20,
          (System.nanoTime() - t0) / 1_000_000);
      return new StorageProcess.Launch(List.of("-XX:AOTCache=" + cache), cp.get());
    } catch (IOException | RuntimeException | AssertionError e) {
      LOG.log(System.Logger.Level.WARNING, "no storage AOT cache, nodes start without: " + e, e);
      if (node != null) {
        node.kill();
      }
      return StorageProcess.Launch.defaults();
    }
  }
}
