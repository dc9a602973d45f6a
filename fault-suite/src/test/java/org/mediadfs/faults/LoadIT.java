package org.mediadfs.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediadfs.testkit.StorageProcess;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * 1,000 concurrent connections on one storage node, each asking for a small file's size and bytes
 * as fast as it is answered: every connection is served, the node's memory stays bounded (its heap
 * is capped at 256 MiB; RSS is sampled from /proc), and the figures (ops/s, p99, RSS) are reported.
 */
@ExtendWith(SuiteExtension.class)
class LoadIT {
  private static final int CONNECTIONS = 1000;

  /**
   * RSS the node may reach under this load (256 MiB heap plus thread stacks, buffers, metaspace).
   */
  private static final long RSS_BOUND = 768L << 20;

  @Test
  void thousandConnectionsOnOneNode(Suite suite) throws Exception {
    Run run = suite.run("load-1000-connections");
    StorageProcess node = suite.cluster().members("group002").getFirst();
    Ledger.Entry file =
        ControlPlaneIT.upload(run, suite.client(), suite.probeUser("group002"), 4096);
    IdBlock ids = new IdBlock(file.appId, file.userId, file.fileId);
    long pid = node.process().pid();
    long rss0 = Proc.rss(pid);
    Duration length = suite.settings().pick(Duration.ofSeconds(6), Duration.ofSeconds(120));

    Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
    AtomicLong ops = new AtomicLong();
    AtomicInteger connected = new AtomicInteger();
    AtomicInteger served = new AtomicInteger();
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch allConnected = new CountDownLatch(CONNECTIONS);
    CountDownLatch go = new CountDownLatch(1);
    long[] window = new long[2];
    List<Thread> threads = new ArrayList<>();
    run.fault(
        CONNECTIONS
            + " concurrent connections to "
            + node.name()
            + " for "
            + length.toSeconds()
            + " s");
    for (int i = 0; i < CONNECTIONS; i++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (WireConnection c =
                        WireConnection.open(
                            node.address(),
                            Duration.ofSeconds(20),
                            Duration.ofSeconds(60),
                            Limits.DEFAULT)) {
                      connected.incrementAndGet();
                      allConnected.countDown();
                      go.await();
                      long end = window[1];
                      boolean first = true;
                      int k = 0;
                      while (System.nanoTime() - end < 0) {
                        long t0 = System.nanoTime();
                        if ((k++ & 1) == 0) {
                          Response.FileSize s =
                              c.expect(new Request.FileSize(ids), Response.FileSize.class);
                          if (s.size() != file.size()) {
                            errors.add("size " + s.size());
                          }
                        } else {
                          Request.Download d = new Request.Download(ids, 0, 0);
                          c.send(d);
                          WireConnection.as(c.receive(d), Response.Download.class);
                          Content.DigestStream out = new Content.DigestStream();
                          c.payload().transferTo(out);
                          if (out.digest().crc32c() != file.digest.crc32c()) {
                            errors.add("wrong bytes");
                          }
                        }
                        latency.recordValue((System.nanoTime() - t0) / 1000);
                        ops.incrementAndGet();
                        if (first) {
                          served.incrementAndGet();
                          first = false;
                        }
                      }
                    } catch (IOException | org.mediadfs.wire.ErrorReplyException e) {
                      errors.add(e.toString());
                      allConnected.countDown();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    assertThat(allConnected.await(2, TimeUnit.MINUTES)).as("all connections opened").isTrue();
    long rssConnected = Proc.rss(pid);
    int fds = Proc.fds(pid);
    window[0] = System.nanoTime();
    window[1] = window[0] + length.toNanos();
    long rssPeak = rssConnected;
    go.countDown();
    // Sample the node's RSS while the load runs.
    while (System.nanoTime() - window[1] < 0) {
      rssPeak = Math.max(rssPeak, Proc.rss(pid));
      new CountDownLatch(1).await(200, TimeUnit.MILLISECONDS);
    }
    for (Thread t : threads) {
      t.join(Duration.ofMinutes(2));
    }
    double secs = length.toNanos() / 1e9;
    long rss1 = Proc.rss(pid);
    String figures =
        String.format(
            Locale.ROOT,
            "%d connections (%d opened, %d served, node fds %d), %d ops in %.0f s = %.0f ops/s"
                + " (FILE_SIZE and 4 KiB DOWNLOAD alternating), latency p50 %.2f ms, p99 %.2f"
                + " ms, p99.9 %.2f ms, max %.1f ms; node RSS %s idle, %s with the connections"
                + " open, peak %s, %s after; errors %d",
            CONNECTIONS,
            connected.get(),
            served.get(),
            fds,
            ops.get(),
            secs,
            ops.get() / secs,
            latency.getValueAtPercentile(50) / 1000.0,
            latency.getValueAtPercentile(99) / 1000.0,
            latency.getValueAtPercentile(99.9) / 1000.0,
            latency.getMaxValue() / 1000.0,
            Proc.mib(rss0),
            Proc.mib(rssConnected),
            Proc.mib(rssPeak),
            Proc.mib(rss1),
            errors.size());
    suite.figure("load: 1,000 connections on " + node.name(), figures);
    assertThat(errors).as("errors under load").isEmpty();
    assertThat(connected.get()).isEqualTo(CONNECTIONS);
    assertThat(served.get()).as("connections that got at least one answer").isEqualTo(CONNECTIONS);
    assertThat(rssPeak).as("peak RSS of %s (%s)", node.name(), figures).isLessThan(RSS_BOUND);
    assertThat(node.isAlive()).isTrue();
    run.awaitRecovery("1,000 concurrent connections", List.of("group002"));
    run.finish();
  }
}
