package org.mediadfs.ear;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.mediadfs.testkit.FreePorts;
import org.mediadfs.wire.message.HostPort;

/**
 * The EAR on a Payara Server domain of its own, started and stopped through {@code
 * glassfish-config/bin/payara-server.sh} exactly as {@code bin/mediadfs up --server} does: the test
 * covers the script, the domain settings and the EAR together. The server is unpacked once under
 * {@code target/payara-server}; each run creates a fresh domain on free ports and deletes it after.
 */
final class PayaraServerDomain implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PayaraServerDomain.class.getName());

  /** Port offsets from the port base that {@code create-domain --portbase} uses. */
  private static final int[] PORT_OFFSETS = {9, 37, 38, 39, 48, 49, 59, 66, 76, 80, 81, 86};

  /** Cold start on a loaded 2-core machine: unpack, create, start, first deploy. */
  static final Duration START_TIMEOUT = Duration.ofMinutes(6);

  private final Path script;
  private final Path home;
  private final String domain;
  private final Path log;
  private final Path dataDir;
  private final HostPort tracker;
  private final HostPort idServer;
  private final URI http;

  private PayaraServerDomain(
      Path script, Path home, String domain, Path workDir, int tracker, int id, int http) {
    this.script = script;
    this.home = home;
    this.domain = domain;
    this.log = workDir.resolve("payara-server.log");
    this.dataDir = workDir.resolve("data").toAbsolutePath();
    this.tracker = new HostPort("127.0.0.1", tracker);
    this.idServer = new HostPort("127.0.0.1", id);
    this.http = URI.create("http://127.0.0.1:" + http + "/");
  }

  /**
   * Creates a domain on free ports, writes its settings, starts it and deploys the EAR; returns
   * when the script reports the tracker, the ID server and {@code /api/health} ready.
   *
   * @param workDir holds the settings file, the script's log and the application's data folder
   * @param props {@code mediadfs.*} settings on top of the ports chosen here
   */
  static PayaraServerDomain start(Path workDir, Map<String, String> props) {
    Path script = Path.of(required("mediadfs.it.server-script"));
    Path home = Path.of(required("mediadfs.it.server-home"));
    Path ear = Path.of(required("mediadfs.it.ear"));
    String domain = "it-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    int tracker = FreePorts.next();
    int id = FreePorts.next();
    int http = FreePorts.next();
    int portbase = freePortBase();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("payara.portbase", Integer.toString(portbase));
    settings.put("payara.http-port", Integer.toString(http));
    settings.put("payara.heap", "512m");
    settings.put("payara.http-threads", "32");
    settings.put("mediadfs.data-dir", workDir.resolve("data").toAbsolutePath().toString());
    settings.put("mediadfs.tracker.port", Integer.toString(tracker));
    settings.put("mediadfs.tracker.bind", "127.0.0.1");
    settings.put("mediadfs.id.port", Integer.toString(id));
    settings.put("mediadfs.id.bind", "127.0.0.1");
    settings.put("mediadfs.web.trackers", "127.0.0.1:" + tracker);
    settings.putAll(props);
    try {
      Files.createDirectories(workDir);
      Path file = workDir.resolve("server.properties");
      List<String> lines = new ArrayList<>();
      settings.forEach((k, v) -> lines.add(k + "=" + v.replace("\\", "\\\\")));
      Files.write(file, lines, StandardCharsets.UTF_8);
      PayaraServerDomain d =
          new PayaraServerDomain(script, home, domain, workDir, tracker, id, http);
      int code =
          d.run(
              START_TIMEOUT,
              "up",
              "--home",
              home.toString(),
              "--domain",
              domain,
              "--ear",
              ear.toString(),
              "--settings",
              file.toString(),
              "--timeout",
              Long.toString(START_TIMEOUT.toSeconds()));
      if (code != 0) {
        String tail = d.logTail();
        d.close();
        throw new IllegalStateException(
            "payara-server.sh up exited with " + code + "; log " + d.log + ":\n" + tail);
      }
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A port base whose twelve ports are all free now, below the ephemeral range. */
  static int freePortBase() {
    int slots = 220; // bases 10000, 10100, ... 31900
    int first = ThreadLocalRandom.current().nextInt(slots);
    for (int i = 0; i < slots; i++) {
      int base = 10_000 + 100 * ((first + i) % slots);
      boolean free = true;
      for (int offset : PORT_OFFSETS) {
        if (!bindable(base + offset)) {
          free = false;
          break;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no free Payara port base between 10000 and 32000");
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String required(String key) {
    String v = System.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(
          "system property " + key + " is not set (run under failsafe)");
    }
    return v;
  }

  private int run(Duration timeout, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add("bash");
    cmd.add(script.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "payara-server.sh " + args[0] + " did not finish in " + timeout);
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException("interrupted", e);
    }
  }

  String logTail() {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The tracker. */
  HostPort tracker() {
    return tracker;
  }

  /** The ID server. */
  HostPort idServer() {
    return idServer;
  }

  /** The web tier's root. */
  URI http() {
    return http;
  }

  /** The application's data folder ({@code mediadfs.data-dir}). */
  Path dataDir() {
    return dataDir;
  }

  /** The server's own log ({@code server.log} of the domain). */
  Path serverLog() {
    return home.resolve("domains").resolve(domain).resolve("logs").resolve("server.log");
  }

  /** Stops the domain ({@code payara-server.sh down}) and deletes it; the install stays. */
  @Override
  public void close() {
    try {
      int code = run(Duration.ofMinutes(2), "down", "--home", home.toString(), "--domain", domain);
      if (code != 0) {
        LOG.log(System.Logger.Level.WARNING, "payara-server.sh down exited with {0}", code);
      }
      Path dir = home.resolve("domains").resolve(domain);
      if (Files.isDirectory(dir)) {
        Path keep = log.resolveSibling("server.log");
        if (Files.exists(serverLog())) {
          Files.copy(serverLog(), keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        try (Stream<Path> s = Files.walk(dir)) {
          for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop or delete domain " + domain, e);
    }
  }

  @Override
  public String toString() {
    return "Payara Server domain " + domain + " (tracker " + tracker + ", web " + http + ")";
  }
}
