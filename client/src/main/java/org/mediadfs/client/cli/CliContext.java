package org.mediadfs.client.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.function.Function;
import org.mediadfs.client.ClientConfig;
import org.mediadfs.client.MediadfsClient;

/**
 * What a command-line run talks to: its streams, environment, whether a terminal is attached, and
 * how clients are made. Tests pass their own (captured streams, fake clients); {@link
 * MediadfsCli#main} passes the real ones.
 *
 * @param out standard output (result lines; downloaded bytes with {@code -o -})
 * @param err standard error (errors, progress bars)
 * @param env environment variables ({@code MEDIADFS_TRACKERS}, {@code MEDIADFS_CLUSTER_SECRET})
 * @param terminal true when a console is attached: progress bars and screen refresh
 * @param clients makes a client for a configuration
 */
public record CliContext(
    PrintStream out,
    PrintStream err,
    Map<String, String> env,
    boolean terminal,
    Function<ClientConfig, MediadfsClient> clients) {
  public CliContext {
    env = Map.copyOf(env);
  }

  /** The process's own streams, environment and console; real clients. */
  public static CliContext system() {
    java.io.Console console = System.console();
    // isTerminal(): since JDK 22 a console may exist without a terminal behind it.
    boolean terminal = console != null && console.isTerminal();
    return new CliContext(
        System.out, System.err, System.getenv(), terminal, MediadfsClient::create);
  }
}
