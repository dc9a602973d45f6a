package org.mediadfs.testkit;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mediadfs.wire.message.HostPort;

/**
 * The mediadfs WAR (tracker, ID server, web) on Payara Micro in its own JVM, on free ports. The
 * same command line as {@code bin/mediadfs up}; ready when the tracker and ID ports answer.
 */
public final class PayaraMicro implements AutoCloseable {
  /** How long a start may take on a loaded 2-core machine. */
  public static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  private final JavaProcess process;
  private final HostPort tracker;
  private final HostPort idServer;
  private final URI http;
  private final Path dataDir;

  private PayaraMicro(
      JavaProcess process, HostPort tracker, HostPort idServer, URI http, Path dataDir) {
    this.process = process;
    this.tracker = tracker;
    this.idServer = idServer;
    this.http = http;
    this.dataDir = dataDir;
  }

  /**
   * Starts Payara Micro with the WAR and waits until the tracker and ID server answer.
   *
   * @param workDir holds the data directory, Payara's root directory and the log
   * @param props extra system properties (e.g. {@code mediadfs.cluster.secret}, {@code
   *     mediadfs.db.url}); they override the defaults set here
   */
  public static PayaraMicro start(Path workDir, Map<String, String> props) {
    int trackerPort = FreePorts.next();
    int idPort = FreePorts.next();
    int httpPort = FreePorts.next();
    Path dataDir = workDir.resolve("data").toAbsolutePath();
    Map<String, String> all = new LinkedHashMap<>();
    all.put("mediadfs.data-dir", dataDir.toString());
    all.put("mediadfs.tracker.port", Integer.toString(trackerPort));
    all.put("mediadfs.tracker.bind", "127.0.0.1");
    all.put("mediadfs.id.port", Integer.toString(idPort));
    all.put("mediadfs.id.bind", "127.0.0.1");
    all.put("mediadfs.web.trackers", "127.0.0.1:" + trackerPort);
    all.putAll(props);
    JavaProcess p =
        JavaProcess.of(
            "payara-micro",
            List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
            all,
            List.of(
                "-jar",
                Artifacts.payaraMicroJar().toString(),
                "--deploy",
                Artifacts.webWar().toString(),
                "--contextroot",
                "/",
                "--port",
                Integer.toString(httpPort),
                "--nocluster",
                "--rootdir",
                workDir.resolve("payara").toAbsolutePath().toString()),
            workDir.resolve("payara.log").toAbsolutePath());
    PayaraMicro micro =
        new PayaraMicro(
            p,
            new HostPort("127.0.0.1", trackerPort),
            new HostPort("127.0.0.1", idPort),
            URI.create("http://127.0.0.1:" + httpPort + "/"),
            dataDir);
    micro.startAndAwait();
    return micro;
  }

  private void startAndAwait() {
    process.start();
    process.awaitPort(tracker.host(), tracker.port(), START_TIMEOUT);
    process.awaitPort(idServer.host(), idServer.port(), START_TIMEOUT);
  }

  /** The tracker's address. */
  public HostPort tracker() {
    return tracker;
  }

  /** The ID server's address. */
  public HostPort idServer() {
    return idServer;
  }

  /** The HTTP root of the web application. */
  public URI http() {
    return http;
  }

  /** The application's data directory (H2 database by default). */
  public Path dataDir() {
    return dataDir;
  }

  /** The process, for logs and pid. */
  public JavaProcess process() {
    return process;
  }

  /** {@code kill -9}. */
  public void kill() {
    process.kill();
  }

  /** Graceful stop. */
  public void stop() {
    process.stop(Duration.ofSeconds(30));
  }

  /** Starts again on the same ports and data after {@link #stop()} or {@link #kill()}. */
  public void restart() {
    if (process.isAlive()) {
      stop();
    }
    startAndAwait();
  }

  @Override
  public void close() {
    stop();
  }
}
