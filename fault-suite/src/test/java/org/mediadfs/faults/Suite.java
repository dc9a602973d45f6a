package org.mediadfs.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.mediadfs.client.MediadfsClient;

/**
 * Everything one run of the module shares: the settings and seed, the event log, the private
 * cluster, the ledger of acknowledged operations, a client, and the figures for the report. Created
 * on first use by {@link SuiteExtension}, closed when the test JVM's run ends ({@link FinalCheckIT}
 * has checked the invariant over every file ever acknowledged by then): the close writes the ledger
 * and the report, and stops the cluster.
 */
final class Suite implements AutoCloseable {
  /** The app ID of every file. */
  static final String APP = "tnvideo";

  /** Storage nodes per workload group: 2 (replication inside a group). */
  static final int MEMBERS = Integer.getInteger("faults.members", 2);

  /**
   * Whether members of a group replicate (issue 5): then every acknowledged file must be on every
   * member; without it only on the member that acknowledged it.
   */
  static final boolean REPLICATION =
      Boolean.parseBoolean(System.getProperty("faults.replication", String.valueOf(MEMBERS > 1)));

  /** Workload users per workload group. */
  static final int USERS_PER_GROUP = 4;

  private final Settings settings;
  private final EventLog log;
  private final Path dir;
  private final FaultCluster cluster;
  private final Ledger ledger;
  private final MediadfsClient client;
  private final Map<String, List<String>> users = new LinkedHashMap<>();
  private final Map<String, String> probeUsers = new LinkedHashMap<>();
  private final List<String> faults = new ArrayList<>();
  private final Map<String, String> figures = new LinkedHashMap<>();
  private final Workload.Stats totals = new Workload.Stats();
  private final LongAdder runs = new LongAdder();

  private Suite(Settings settings, EventLog log, Path dir, FaultCluster cluster) {
    this.settings = settings;
    this.log = log;
    this.dir = dir;
    this.cluster = cluster;
    this.ledger = new Ledger(log);
    this.client = MediadfsClient.create(cluster.clientConfig());
  }

  /** Starts the cluster and pins the workload and probe users to their groups. */
  static Suite start() {
    Settings s = Settings.get();
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    Path dir = s.workDir().resolve("run-" + stamp);
    EventLog log = new EventLog(dir.resolve("events.log"));
    log.event(
        "suite",
        "seed "
            + s.seedText()
            + " (replay: -Dfaults.seed="
            + s.seedText()
            + "), mode "
            + (s.soak() ? "soak " + s.soakTime().toMinutes() + " min" : "CI")
            + ", work dir "
            + dir);
    FaultCluster cluster = FaultCluster.start(dir, MEMBERS, log);
    Suite suite = new Suite(s, log, dir, cluster);
    try {
      Files.createDirectories(suite.tmpDir());
      Map<String, String> routes = new LinkedHashMap<>();
      for (String g : FaultCluster.GROUPS) {
        String probe = "probe-" + g;
        routes.put(probe, g);
        suite.probeUsers.put(g, probe);
      }
      for (String g : FaultCluster.workloadGroups()) {
        List<String> us = new ArrayList<>();
        for (int i = 1; i <= USERS_PER_GROUP; i++) {
          String u = "fw-" + g + "-" + i;
          routes.put(u, g);
          us.add(u);
        }
        suite.users.put(g, us);
      }
      cluster.pinRoutes(APP, routes);
    } catch (SQLException | IOException e) {
      suite.close();
      throw new IllegalStateException("cannot prepare the suite", e);
    }
    return suite;
  }

  Settings settings() {
    return settings;
  }

  EventLog log() {
    return log;
  }

  FaultCluster cluster() {
    return cluster;
  }

  Ledger ledger() {
    return ledger;
  }

  MediadfsClient client() {
    return client;
  }

  /** Scratch files (large uploads are sent from files). */
  Path tmpDir() {
    return dir.resolve("tmp");
  }

  /** This run's folder. */
  Path dir() {
    return dir;
  }

  Workload.Stats totals() {
    return totals;
  }

  /** Every workload user, interleaved across groups. */
  List<String> workloadUsers() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < USERS_PER_GROUP; i++) {
      for (List<String> us : users.values()) {
        all.add(us.get(i));
      }
    }
    return all;
  }

  /** The probe user pinned to {@code group}. */
  String probeUser(String group) {
    return probeUsers.get(group);
  }

  /** Starts a named run (a scenario): its seed, workload, faults and invariant check. */
  Run run(String name) {
    runs.increment();
    return new Run(this, name);
  }

  /**
   * Brings every part back after a test, whatever it left behind: the database proxy forwarding,
   * Redis running and thawed, Payara up, every storage node running and ACTIVE.
   */
  void heal(String after) {
    List<String> done = new ArrayList<>();
    cluster.db().proxy().resume();
    RedisServer redis = cluster.redis();
    if (!redis.isAlive()) {
      redis.start();
      done.add("redis started");
    } else {
      redis.thaw();
    }
    var payara = cluster.local().payara();
    if (!payara.process().isAlive()) {
      payara.restart();
      done.add("Payara restarted");
    }
    List<org.mediadfs.testkit.StorageProcess> dead =
        cluster.nodes().stream().filter(n -> !n.isAlive()).toList();
    dead.forEach(org.mediadfs.testkit.StorageProcess::launch); // all at once
    for (var n : dead) {
      n.awaitReady();
      done.add(n.name() + " restarted");
    }
    if (!done.isEmpty()) {
      log.event("heal", "after " + after + ": " + done);
    }
    cluster.awaitAllActive(java.time.Duration.ofMinutes(2));
  }

  /** Records a fault the cluster survived (for the report). */
  synchronized void survived(String fault) {
    faults.add(fault);
  }

  /** Records a figure for the report (load, fuzz, recovery times). */
  synchronized void figure(String key, String value) {
    figures.put(key, value);
    log.event("figure", key + ": " + value);
  }

  @Override
  public void close() {
    AssertionError failure = null;
    try {
      ledger.write(dir.resolve("ledger.csv"));
      Files.writeString(dir.resolve("report.txt"), report(), StandardCharsets.UTF_8);
      log.event("suite", "report:\n" + report());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      client.close();
      try {
        cluster.close();
      } finally {
        log.close();
      }
    }
    if (!ledger.violations().isEmpty()) {
      failure =
          new AssertionError(
              "fault suite: "
                  + ledger.violations().size()
                  + " violation(s), seed "
                  + settings.seedText()
                  + ":\n"
                  + String.join("\n", ledger.violations()));
      throw failure;
    }
  }

  private synchronized String report() {
    StringBuilder b = new StringBuilder();
    b.append("seed ").append(settings.seedText()).append('\n');
    b.append("runs ").append(runs.sum()).append('\n');
    b.append("operations ").append(totals.total()).append(" (").append(totals).append(")\n");
    b.append("acknowledged: ")
        .append(ledger.uploadsAcked.get())
        .append(" uploads (")
        .append(ledger.bytesAcked.get() >> 20)
        .append(" MiB), ")
        .append(ledger.deletesAcked.get())
        .append(" deletes, ")
        .append(ledger.restoresAcked.get())
        .append(" restores\n");
    b.append("faults survived (").append(faults.size()).append("):\n");
    faults.forEach(f -> b.append("  ").append(f).append('\n'));
    b.append("figures:\n");
    figures.forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
    b.append("violations: ").append(ledger.violations().size()).append('\n');
    ledger.violations().forEach(v -> b.append("  ").append(v).append('\n'));
    return b.toString();
  }
}
