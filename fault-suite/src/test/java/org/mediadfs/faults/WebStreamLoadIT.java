package org.mediadfs.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 200 concurrent HTTP range streams through the web tier ({@code GET /files/{id}} with {@code
 * Range} on Payara's HTTP port), each checked byte for byte: every stream is answered 206 with the
 * right range, the web tier keeps serving, and the figures (streams/s, MiB/s, p99) are reported.
 */
@ExtendWith(SuiteExtension.class)
class WebStreamLoadIT {
  private static final int STREAMS = 200;

  @Test
  void twoHundredConcurrentRangeStreams(Suite suite) throws Exception {
    Run run = suite.run("web-200-range-streams");
    int size = 16 << 20;
    Ledger.Entry file =
        ControlPlaneIT.upload(run, suite.client(), suite.probeUser("group002"), size);
    ReplicationFaultIT.awaitOnAll(suite, file);
    URI url = suite.cluster().local().payara().http().resolve("files/" + file.fileId);
    long pid = suite.cluster().local().payara().process().pid();
    long rss0 = Proc.rss(pid);
    Duration length = suite.settings().pick(Duration.ofSeconds(6), Duration.ofSeconds(120));
    Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(120), 3);
    AtomicLong bytes = new AtomicLong();
    AtomicLong streams = new AtomicLong();
    AtomicInteger served = new AtomicInteger();
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch go = new CountDownLatch(1);
    long[] end = new long[1];
    List<Thread> threads = new ArrayList<>();
    run.fault(
        STREAMS + " concurrent range streams of " + url + " for " + length.toSeconds() + " s");
    try (HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build()) {
      for (int i = 0; i < STREAMS; i++) {
        long seed = run.random().nextLong();
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      SplittableRandom r = new SplittableRandom(seed);
                      try {
                        go.await();
                      } catch (InterruptedException e) {
                        return;
                      }
                      boolean first = true;
                      while (System.nanoTime() - end[0] < 0) {
                        long len = 64 * 1024 + r.nextLong(1 << 20);
                        long off = r.nextLong(size - len);
                        long t0 = System.nanoTime();
                        try {
                          HttpResponse<InputStream> resp =
                              http.send(
                                  HttpRequest.newBuilder(url)
                                      .timeout(Duration.ofSeconds(60))
                                      .header("Range", "bytes=" + off + "-" + (off + len - 1))
                                      .build(),
                                  HttpResponse.BodyHandlers.ofInputStream());
                          Content.Digest got;
                          try (InputStream in = resp.body()) {
                            got = Workload.digestOf(in);
                          }
                          String range = resp.headers().firstValue("Content-Range").orElse("");
                          String want = "bytes " + off + "-" + (off + len - 1) + "/" + size;
                          if (resp.statusCode() != 206 || !range.equals(want)) {
                            errors.add(resp.statusCode() + " " + range + " for " + want);
                          } else if (!got.matches(Content.digest(file.contentSeed, off, len))) {
                            errors.add("wrong bytes for " + want);
                          } else {
                            latency.recordValue((System.nanoTime() - t0) / 1000);
                            bytes.addAndGet(len);
                            streams.incrementAndGet();
                            if (first) {
                              served.incrementAndGet();
                              first = false;
                            }
                          }
                        } catch (IOException e) {
                          errors.add(e.toString());
                        } catch (InterruptedException e) {
                          return;
                        }
                      }
                    }));
      }
      end[0] = System.nanoTime() + length.toNanos();
      go.countDown();
      long rssPeak = rss0;
      while (System.nanoTime() - end[0] < 0) {
        rssPeak = Math.max(rssPeak, Proc.rss(pid));
        new CountDownLatch(1).await(250, TimeUnit.MILLISECONDS);
      }
      for (Thread t : threads) {
        t.join(Duration.ofMinutes(2));
      }
      double secs = length.toNanos() / 1e9;
      String figures =
          String.format(
              Locale.ROOT,
              "%d concurrent streams (%d served), %d range requests of 64 KiB-1 MiB in %.0f s ="
                  + " %.0f/s, %.0f MiB/s, latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; Payara"
                  + " RSS %s before, peak %s; errors %d",
              STREAMS,
              served.get(),
              streams.get(),
              secs,
              streams.get() / secs,
              bytes.get() / secs / 1048576.0,
              latency.getValueAtPercentile(50) / 1000.0,
              latency.getValueAtPercentile(99) / 1000.0,
              latency.getMaxValue() / 1000.0,
              Proc.mib(rss0),
              Proc.mib(rssPeak),
              errors.size());
      suite.figure("web: 200 range streams", figures);
      assertThat(errors).as("errors of the range streams (%s)", figures).isEmpty();
      assertThat(served.get()).as("streams answered at least once").isEqualTo(STREAMS);
    }
    run.awaitRecovery("200 concurrent range streams through the web tier", List.of("group002"));
    run.finish();
  }
}
