package org.mediadfs.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediadfs.testkit.PausableProxy;
import org.mediadfs.testkit.StorageProcess;

/**
 * Faults drawn at random from the catalogue, one after the other, while the workload runs: a short
 * schedule at CI scale, {@code -Dfaults.minutes} of it in soak mode ({@code -Dfaults.soak=true}).
 * The schedule comes from the run's seed, so a failing soak replays with {@code -Dfaults.seed}.
 * Each fault is held for a random while, ended, and followed by the recovery bound.
 */
@ExtendWith(SuiteExtension.class)
class ChaosIT {
  /** One fault: injected, held, ended. */
  private interface Fault {
    String inject(Run run, SplittableRandom r) throws Exception;

    void end(Run run) throws Exception;
  }

  @Test
  void randomFaultsUnderLoad(Suite suite) throws Exception {
    Run run = suite.run("chaos");
    Settings s = suite.settings();
    Duration total = s.soakTime();
    SplittableRandom r = new SplittableRandom(run.random().nextLong());
    List<Fault> catalogue = catalogue(suite, s.soak());
    run.startWorkload(s.pick(2, 8));
    long deadline = System.nanoTime() + total.toNanos();
    int n = 0;
    // CI scale: one random fault (every kind also has its own scenario); soak: until the time is
    // up.
    while (n == 0 || (s.soak() && System.nanoTime() - deadline < 0)) {
      Fault f = catalogue.get(r.nextInt(catalogue.size()));
      String what = f.inject(run, r);
      run.fault("chaos #" + (++n) + ": " + what);
      try {
        run.hold(Duration.ofMillis(s.soak() ? 2000 + r.nextInt(18_000) : 1000 + r.nextInt(3000)));
      } finally {
        f.end(run);
      }
      run.awaitRecovery("chaos #" + n + ": " + what);
    }
    long took = (System.nanoTime() - deadline + total.toNanos()) / 1_000_000_000L;
    suite.figure("chaos", n + " random fault(s) in " + took + " s");
    run.finish();
  }

  private static List<Fault> catalogue(Suite suite, boolean soak) {
    FaultCluster fc = suite.cluster();
    List<Fault> faults = new ArrayList<>();
    faults.add(nodeFault(fc, "kill -9 ", StorageProcess::kill));
    faults.add(nodeFault(fc, "graceful stop of ", StorageProcess::stop));
    faults.add(
        new Fault() {
          @Override
          public String inject(Run run, SplittableRandom r) {
            fc.redis().stop();
            return "redis-server stopped";
          }

          @Override
          public void end(Run run) {
            fc.redis().start();
          }
        });
    faults.add(
        new Fault() {
          @Override
          public String inject(Run run, SplittableRandom r) {
            fc.redis().freeze();
            return "redis-server frozen";
          }

          @Override
          public void end(Run run) {
            fc.redis().thaw();
          }
        });
    faults.add(
        new Fault() {
          @Override
          public String inject(Run run, SplittableRandom r) {
            PausableProxy db = fc.db().proxy();
            if (r.nextBoolean()) {
              db.pause();
              return "database hangs";
            }
            db.cut();
            return "database unreachable";
          }

          @Override
          public void end(Run run) {
            fc.db().proxy().resume();
          }
        });
    if (soak) {
      faults.add(
          new Fault() {
            @Override
            public String inject(Run run, SplittableRandom r) {
              fc.local().payara().kill();
              return "kill -9 Payara (every tracker and the ID server)";
            }

            @Override
            public void end(Run run) {
              fc.local().payara().restart();
            }
          });
    }
    return faults;
  }

  /** A random workload node taken down by {@code how}, restarted when the fault ends. */
  private static Fault nodeFault(
      FaultCluster fc, String what, java.util.function.Consumer<StorageProcess> how) {
    return new Fault() {
      StorageProcess victim;

      @Override
      public String inject(Run run, SplittableRandom r) {
        List<StorageProcess> nodes = workloadNodes(fc);
        victim = nodes.get(r.nextInt(nodes.size()));
        how.accept(victim);
        return what + victim.name();
      }

      @Override
      public void end(Run run) {
        run.restart(victim);
      }
    };
  }

  private static List<StorageProcess> workloadNodes(FaultCluster fc) {
    return fc.nodes().stream()
        .filter(n -> FaultCluster.workloadGroups().contains(n.group()))
        .toList();
  }
}
