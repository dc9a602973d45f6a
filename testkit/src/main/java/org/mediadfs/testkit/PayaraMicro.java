package org.mediadfs.testkit;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

  /**
   * The carriers of Payara's virtual threads, as bin/mediadfs starts it (see VT_CARRIERS there):
   * with one per core the tracker and the ID server once hung for good.
   */
  public static final String VT_CARRIERS = "-Djdk.virtualThreadScheduler.parallelism=16";

  /**
   * The JVM options of tests: a quick start (C1 only, serial collector) matters more than peak
   * speed in a test that starts Payara once and sends it little work.
   */
  public static final List<String> TEST_JVM =
      List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", VT_CARRIERS);

  /**
   * The JVM options {@code bin/mediadfs up} runs Payara with (full JIT, the default collector): for
   * benchmarks, whose figures are meant to be the deployed system's.
   */
  public static final List<String> DEPLOYED_JVM = List.of("-Xmx512m", VT_CARRIERS);

  /** The process of the last start (a restart may launch it with another command line). */
  private volatile JavaProcess process;

  /** The command line of a restart: the WAR is deployed already (see {@link #restart()}). */
  private final JavaProcess again;

  private final Path rootDir;
  private final String appName;
  private final HostPort tracker;
  private final HostPort idServer;
  private final URI http;
  private final Path dataDir;

  private PayaraMicro(
      JavaProcess process,
      JavaProcess again,
      Path rootDir,
      String appName,
      HostPort tracker,
      HostPort idServer,
      URI http,
      Path dataDir) {
    this.process = process;
    this.again = again;
    this.rootDir = rootDir;
    this.appName = appName;
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
    return start(workDir, props, TEST_JVM);
  }

  /** Starts Payara Micro with these JVM options ({@link #TEST_JVM} or {@link #DEPLOYED_JVM}). */
  public static PayaraMicro start(Path workDir, Map<String, String> props, List<String> jvmArgs) {
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
    Path war = Artifacts.webWar();
    Path rootDir = workDir.resolve("payara").toAbsolutePath();
    List<String> common =
        List.of(
            "--port", Integer.toString(httpPort), "--nocluster", "--rootdir", rootDir.toString());
    List<String> first = new ArrayList<>();
    first.addAll(
        List.of(
            "-jar",
            Artifacts.payaraMicroJar().toString(),
            "--deploy",
            war.toString(),
            "--contextroot",
            "/"));
    first.addAll(common);
    List<String> again = new ArrayList<>(List.of("-jar", Artifacts.payaraMicroJar().toString()));
    again.addAll(common);
    Path log = workDir.resolve("payara.log").toAbsolutePath();
    String appName = war.getFileName().toString().replaceFirst("\\.war$", "");
    PayaraMicro micro =
        new PayaraMicro(
            JavaProcess.of("payara-micro", jvmArgs, all, first, log),
            JavaProcess.of("payara-micro", jvmArgs, all, again, log),
            rootDir,
            appName,
            new HostPort("127.0.0.1", trackerPort),
            new HostPort("127.0.0.1", idPort),
            URI.create("http://127.0.0.1:" + httpPort + "/"),
            dataDir);
    micro.startAndAwait();
    return micro;
  }

  /**
   * Starts Payara and waits until the application is deployed: the tracker and ID ports open while
   * the deployment is still running (their endpoints start in {@code @Startup} beans). {@code GET
   * /api/health} answers 200 only once the web module is up and both endpoints accept connections.
   * Storage nodes that joined in that window once hung the tracker and the ID server for good (the
   * deployment never finished; see {@link #VT_CARRIERS}).
   */
  private void startAndAwait() {
    process.start();
    process.awaitPort(tracker.host(), tracker.port(), START_TIMEOUT);
    process.awaitPort(idServer.host(), idServer.port(), START_TIMEOUT);
    java.net.http.HttpClient http =
        java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    java.net.http.HttpRequest health =
        java.net.http.HttpRequest.newBuilder(http().resolve("api/health"))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      Await.until(
          START_TIMEOUT,
          "Payara Micro's application deployed (GET /api/health 200)",
          () -> {
            if (!process.isAlive()) {
              throw new IllegalStateException("Payara Micro exited while starting");
            }
            return http.send(health, java.net.http.HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200;
          });
    } catch (AssertionError e) {
      e.addSuppressed(new IllegalStateException("threads of the hung Payara: " + dumpThreads()));
      throw e;
    }
  }

  /**
   * Writes every thread of the running Payara, virtual ones included, next to its log ({@code jcmd
   * Thread.dump_to_file}): a start that never finishes is otherwise a mystery.
   *
   * @return the dump's path, or why there is none
   */
  private String dumpThreads() {
    if (!process.isAlive()) {
      return "none (the process is gone)";
    }
    Path dump =
        process.log().resolveSibling("payara-threads-" + System.currentTimeMillis() + ".txt");
    try {
      Jcmd.run(process.pid(), "Thread.dump_to_file", "-format=text", dump.toString());
      return dump.toString();
    } catch (IllegalStateException e) {
      return "none (" + e.getMessage() + ")";
    }
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

  /**
   * Starts again on the same ports and data after {@link #stop()} or {@link #kill()}. Payara Micro
   * keeps what it deployed in its root directory and deploys it again at boot; deploying the WAR
   * with {@code --deploy} as well would deploy it twice (the first copy answers on the tracker
   * port, then is undeployed and replaced, dropping every storage node's link). So a restart passes
   * no {@code --deploy} when the root directory holds the application.
   */
  public void restart() {
    if (process.isAlive()) {
      stop();
    }
    if (deployedInRootDir()) {
      process = again;
    }
    startAndAwait();
  }

  /** True when the root directory's configuration lists the WAR as deployed, with its files. */
  private boolean deployedInRootDir() {
    Path domain = rootDir.resolve("config").resolve("domain.xml");
    try {
      return Files.isDirectory(rootDir.resolve("applications").resolve(appName))
          && Files.isRegularFile(domain)
          && Files.readString(domain).contains("name=\"" + appName + "\"");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    stop();
  }
}
