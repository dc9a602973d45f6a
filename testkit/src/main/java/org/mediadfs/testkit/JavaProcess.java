package org.mediadfs.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started as a separate OS process with its output appended to a log file. It can be stopped
 * gracefully (SIGTERM, then SIGKILL after a grace period), killed at once ({@code kill -9}) and
 * started again with the same command line.
 */
public final class JavaProcess implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(JavaProcess.class.getName());

  private final String name;
  private final List<String> command;
  private final Path log;
  private volatile Process process;

  private JavaProcess(String name, List<String> command, Path log) {
    this.name = name;
    this.command = List.copyOf(command);
    this.log = log;
  }

  /**
   * Describes a JVM without starting it.
   *
   * @param name for logs and errors
   * @param jvmArgs options such as {@code -Xmx256m}
   * @param props system properties ({@code -Dk=v})
   * @param launch {@code -jar x.jar ...} or {@code -cp cp main.Class ...}
   * @param log the file that receives stdout and stderr
   */
  public static JavaProcess of(
      String name, List<String> jvmArgs, Map<String, String> props, List<String> launch, Path log) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.addAll(launch);
    return new JavaProcess(name, cmd, log);
  }

  /** Starts the process (again, if it was stopped). */
  public synchronized JavaProcess start() {
    if (isAlive()) {
      throw new IllegalStateException(name + " is already running");
    }
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(
          log,
          "==== starting " + name + ": " + String.join(" ", command) + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      process = pb.start();
      LOG.log(System.Logger.Level.INFO, "started {0} pid {1}", name, process.pid());
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** Waits until {@code host:port} accepts connections, failing early if the process dies. */
  public void awaitPort(String host, int port, Duration timeout) {
    Await.until(
        timeout,
        name + " listening on " + host + ":" + port,
        () -> {
          if (!isAlive()) {
            throw new IllegalStateException(
                name + " exited with " + process.exitValue() + "; log tail:\n" + logTail(40));
          }
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
          } catch (IOException e) {
            return false;
          }
        });
  }

  /** True while the process runs. */
  public boolean isAlive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** The OS process ID, or -1 before the first start. */
  public long pid() {
    Process p = process;
    return p == null ? -1 : p.pid();
  }

  /** {@code kill -9}: no shutdown hooks, no flushing. */
  public void kill() {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
      waitFor(p, Duration.ofSeconds(30));
      LOG.log(System.Logger.Level.INFO, "killed {0} (-9)", name);
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
  public void stop(Duration grace) {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroy();
      if (!waitFor(p, grace)) {
        LOG.log(System.Logger.Level.WARNING, "{0} ignored SIGTERM for {1}; killing", name, grace);
        p.destroyForcibly();
        waitFor(p, Duration.ofSeconds(30));
      }
    }
  }

  private static boolean waitFor(Process p, Duration d) {
    try {
      return p.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The log file. */
  public Path log() {
    return log;
  }

  /** The last {@code lines} lines of the log, for error messages. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(20));
  }

  @Override
  public String toString() {
    return name + "[pid " + pid() + (isAlive() ? "" : ", stopped") + "]";
  }
}
