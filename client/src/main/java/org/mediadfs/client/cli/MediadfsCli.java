package org.mediadfs.client.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mediadfs.client.ClientConfig;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.client.bench.BenchCommand;
import org.mediadfs.wire.message.HostPort;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code bin/mediadfs-cli}: the original's command-line client (seed-reference §7) with its
 * commands and output lines ({@code Upload success: <fileid>}, {@code Get filesize success: <n>},
 * {@code Download success: <n>}, {@code Delete success: <fileid>}, the groups text), plus restore,
 * purge, stat, list, saddrs, monitor and bench.
 *
 * <p>Trackers come from {@code --trackers}, else {@code MEDIADFS_TRACKERS}, else {@code
 * 127.0.0.1:21000}; the original's leading positional list ({@code mediadfs-cli
 * "127.0.0.1:21000;10.0.0.2:21000" upload ...}) is accepted too. Results go to stdout, errors to
 * stderr with a distinct exit code ({@link ExitCodes}).
 */
@Command(
    name = "mediadfs-cli",
    mixinStandardHelpOptions = true,
    version = "mediadfs-cli 0.1.0",
    description = "Command-line client of a mediadfs cluster.",
    subcommands = {
      Commands.Upload.class,
      Commands.FileSize.class,
      Commands.Download.class,
      Commands.Delete.class,
      Commands.Restore.class,
      Commands.Purge.class,
      Commands.Stat.class,
      Commands.Groups.class,
      Commands.StorageAddrs.class,
      Commands.ListFiles.class,
      MonitorCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class MediadfsCli implements Callable<Integer> {
  /** Environment variable with the tracker list. */
  public static final String ENV_TRACKERS = "MEDIADFS_TRACKERS";

  /** Environment variable with the cluster secret (never a command-line argument: ps shows it). */
  public static final String ENV_SECRET = "MEDIADFS_CLUSTER_SECRET";

  @Option(
      names = "--trackers",
      scope = ScopeType.INHERIT,
      paramLabel = "ip:port;ip:port",
      description = "Trackers (default: $" + ENV_TRACKERS + ", else 127.0.0.1:21000).")
  String trackers;

  @Option(
      names = "--timeout",
      scope = ScopeType.INHERIT,
      paramLabel = "SECONDS",
      description = "Read timeout per socket read (default: ${DEFAULT-VALUE}).",
      defaultValue = "30")
  int timeoutSeconds;

  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      description = "No progress bar.")
  boolean quiet;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "On failure, also print every failed attempt.")
  boolean verbose;

  final CliContext ctx;

  MediadfsCli(CliContext ctx) {
    this.ctx = ctx;
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(CliContext.system(), args));
  }

  /** Runs the command line; returns the exit code. */
  public static int run(CliContext ctx, String... args) {
    return commandLine(ctx).execute(normalize(args));
  }

  /** The picocli command tree for a context (for tests: parse without executing). */
  static CommandLine commandLine(CliContext ctx) {
    MediadfsCli root = new MediadfsCli(ctx);
    CommandLine cl = new CommandLine(root);
    cl.setOut(new PrintWriter(ctx.out(), true));
    cl.setErr(new PrintWriter(ctx.err(), true));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          err.println("Error: " + message(ex));
          if (root.verbose) {
            for (Throwable s : ex.getSuppressed()) {
              err.println("  attempt: " + s.getMessage());
            }
            ex.printStackTrace(err);
          }
          err.flush();
          return ExitCodes.of(ex);
        });
    return cl;
  }

  /**
   * What went wrong, in words: a local file's problem names the problem and the file (the JDK's
   * {@code NoSuchFileException} says only the path).
   */
  static String message(Throwable ex) {
    return switch (ex) {
      case java.nio.file.NoSuchFileException e -> "no such file: " + e.getFile();
      case java.nio.file.AccessDeniedException e -> "permission denied: " + e.getFile();
      case java.nio.file.FileAlreadyExistsException e -> "file exists: " + e.getFile();
      case java.nio.file.NotDirectoryException e -> "not a directory: " + e.getFile();
      default -> ex.getMessage() == null ? ex.toString() : ex.getMessage();
    };
  }

  /**
   * Turns the original's leading positional tracker list into {@code --trackers}: a first argument
   * that is not an option or a command name and looks like {@code host:port[;host:port...]}.
   */
  static String[] normalize(String[] args) {
    if (args.length == 0) {
      return args;
    }
    String first = args[0];
    Set<String> commands = new CommandLine(new MediadfsCli(null)).getSubcommands().keySet();
    if (first.startsWith("-") || commands.contains(first) || !looksLikeTrackers(first)) {
      return args;
    }
    List<String> out = new ArrayList<>(args.length + 1);
    out.add("--trackers");
    out.addAll(Arrays.asList(args));
    return out.toArray(String[]::new);
  }

  private static boolean looksLikeTrackers(String s) {
    try {
      return !ClientConfig.parseTrackers(s).isEmpty();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The tracker list in effect: option, else environment, else the default. */
  public List<HostPort> trackerList() {
    String spec = trackers;
    if (spec == null || spec.isBlank()) {
      spec = ctx.env().get(ENV_TRACKERS);
    }
    if (spec == null || spec.isBlank()) {
      spec = ClientConfig.DEFAULT_TRACKERS;
    }
    return ClientConfig.parseTrackers(spec);
  }

  /** The client configuration for this run. */
  public ClientConfig config() {
    return ClientConfig.builder(trackerList())
        .readTimeout(Duration.ofSeconds(Math.max(1, timeoutSeconds)))
        .clusterSecret(ctx.env().getOrDefault(ENV_SECRET, ""))
        .build();
  }

  /** A client for this run. */
  public MediadfsClient client() {
    return ctx.clients().apply(config());
  }

  /** The context. */
  public CliContext context() {
    return ctx;
  }

  /** True when progress bars should be drawn. */
  public boolean progress() {
    return ctx.terminal() && !quiet;
  }

  /** Without a command: print the usage and fail. */
  @Override
  public Integer call() {
    CommandLine.usage(this, ctx.err());
    return ExitCodes.USAGE;
  }
}
