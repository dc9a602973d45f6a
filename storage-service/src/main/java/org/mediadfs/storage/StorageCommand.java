package org.mediadfs.storage;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mediadfs.storage.maint.Fsck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The storage node's command line (after {@link StorageMain}'s JDK check): run the node, or check
 * its store with {@code fsck}. Configuration errors print every problem and exit with {@link
 * StorageMain#EXIT_CONFIG}.
 */
@Command(
    name = "mediadfs-storage",
    mixinStandardHelpOptions = true,
    description = "Runs a mediadfs storage node.",
    subcommands = {StorageCommand.FsckCommand.class})
public final class StorageCommand implements Callable<Integer> {
  private static final System.Logger LOG = System.getLogger(StorageCommand.class.getName());

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "properties file; system properties and environment variables override it")
  Path config;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty(
          "java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$-7s [%3$s] %5$s%6$s%n");
    }
    int code = new CommandLine(new StorageCommand()).execute(args);
    if (code != StorageMain.EXIT_OK) {
      System.exit(code);
    }
  }

  static Optional<StorageConfig> loadConfig(Path file) {
    try {
      return Optional.of(StorageConfig.load(Optional.ofNullable(file)));
    } catch (ConfigException e) {
      System.err.println("mediadfs storage node: invalid configuration");
      e.problems().forEach(p -> System.err.println("  " + p));
      return Optional.empty();
    }
  }

  @Override
  public Integer call() {
    Optional<StorageConfig> cfg = loadConfig(config);
    if (cfg.isEmpty()) {
      return StorageMain.EXIT_CONFIG;
    }
    StorageNode node;
    try {
      node = StorageNode.start(cfg.get());
    } catch (Exception e) {
      LOG.log(System.Logger.Level.ERROR, "storage node failed to start: " + cfg.get(), e);
      return StorageMain.EXIT_START;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  stopped.countDown();
                  NodeLogManager.resetAfterStop();
                },
                "storage-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return StorageMain.EXIT_OK;
  }

  /** {@code fsck [--config f] [--repair] [--rebuild] [--no-checksums]}. */
  @Command(
      name = "fsck",
      mixinStandardHelpOptions = true,
      description = {
        "Checks every metadata row against its file and checksum, and lists files without a row.",
        "Stop the node first. Exit code 0 when nothing is wrong, 1 otherwise."
      })
  static final class FsckCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "properties file")
    Path config;

    @Option(
        names = "--repair",
        description = "flag missing or corrupt rows, clear stale flags, rewrite bad sidecars")
    boolean repair;

    @Option(
        names = "--rebuild",
        description = "recreate lost rows from the files' sidecars (implies --repair)")
    boolean rebuild;

    @Option(names = "--no-checksums", description = "check sizes only, do not read every byte")
    boolean noChecksums;

    @Override
    public Integer call() {
      Optional<StorageConfig> cfg = loadConfig(config);
      if (cfg.isEmpty()) {
        return StorageMain.EXIT_CONFIG;
      }
      try {
        Fsck.Report r =
            new Fsck(cfg.get(), System.out).run(!noChecksums, repair || rebuild, rebuild);
        return r.clean() ? StorageMain.EXIT_OK : StorageMain.EXIT_PROBLEMS;
      } catch (Exception e) {
        LOG.log(System.Logger.Level.ERROR, "fsck failed", e);
        System.err.println("fsck failed: " + e.getMessage());
        return StorageMain.EXIT_START;
      }
    }
  }
}
