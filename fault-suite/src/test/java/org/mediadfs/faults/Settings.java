package org.mediadfs.faults;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * How big and how long the suite runs, read once from system properties (Maven passes them on):
 * {@code faults.soak} (false: CI scale, the whole module in about 3 minutes, bound 4; true: soak),
 * {@code faults.minutes} (soak: how long the chaos run lasts), {@code faults.seed} (replays a run;
 * empty: a random seed, always logged), {@code faults.work.dir} (logs, ledger, cluster data).
 *
 * @param soak soak mode
 * @param soakTime how long the soak's chaos run lasts
 * @param seed the master seed; every run derives its own from it and its name
 * @param workDir where the cluster, the event log and the ledger go
 * @param goldenDir the wire module's golden vectors (fuzz seeds)
 */
record Settings(boolean soak, Duration soakTime, long seed, Path workDir, Path goldenDir) {
  private static final Settings INSTANCE = load();

  /** The settings of this JVM. */
  static Settings get() {
    return INSTANCE;
  }

  private static Settings load() {
    boolean soak = Boolean.parseBoolean(System.getProperty("faults.soak", "false").trim());
    long minutes = Long.parseLong(System.getProperty("faults.minutes", "10").trim());
    String s = System.getProperty("faults.seed", "").trim();
    long seed = s.isEmpty() ? new SecureRandom().nextLong() : parseSeed(s);
    Path work = Path.of(System.getProperty("faults.work.dir", "target/faults")).toAbsolutePath();
    Path golden =
        Path.of(System.getProperty("faults.golden.dir", "../wire/src/test/resources/golden"))
            .toAbsolutePath()
            .normalize();
    return new Settings(soak, Duration.ofMinutes(Math.max(1, minutes)), seed, work, golden);
  }

  /** Decimal, or hex with a {@code 0x} prefix (as the log prints it). */
  static long parseSeed(String s) {
    return s.startsWith("0x") || s.startsWith("0X")
        ? Long.parseUnsignedLong(s.substring(2), 16)
        : Long.parseLong(s);
  }

  /** The seed of one run: the master seed mixed with the run's name, so runs replay one by one. */
  long seedFor(String run) {
    long h = seed ^ 0x9E3779B97F4A7C15L;
    for (byte b : run.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      h = (h ^ b) * 0x100000001B3L;
    }
    return h ^ (h >>> 29);
  }

  /**
   * Workload workers of a scenario: 2 at CI scale (on 2 cores, more only slows the restarts and
   * catch-ups every scenario waits for), 4 in soak mode.
   */
  int workers() {
    return pick(2, 4);
  }

  /** {@code ci} at CI scale, {@code soak} in soak mode. */
  int pick(int ci, int soakValue) {
    return soak ? soakValue : ci;
  }

  /** {@code ci} at CI scale, {@code soak} in soak mode. */
  Duration pick(Duration ci, Duration soakValue) {
    return soak ? soakValue : ci;
  }

  /** The seed as the log prints it. */
  String seedText() {
    return "0x" + Long.toHexString(seed);
  }
}
