package org.mediadfs.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediadfs.testkit.StorageProcess;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * Random and mutated frames (from the golden vectors) against every kind of server — the tracker,
 * the ID server and a storage node — each frame on a fresh socket with a read timeout, for a
 * bounded time, while a well-behaved client keeps using the same servers. Nothing may crash, memory
 * must not grow without bound, and the well-behaved client must see every request succeed.
 */
@ExtendWith(SuiteExtension.class)
class FuzzIT {
  private static final int READ_LIMIT = 64 * 1024;

  @Test
  void hostileFramesCrashNothingAndStarveNobody(Suite suite) throws Exception {
    Run run = suite.run("fuzz");
    var payara = suite.cluster().local().payara();
    StorageProcess node = suite.cluster().members("group002").getFirst();
    Ledger.Entry known =
        ControlPlaneIT.upload(run, suite.client(), suite.probeUser("group002"), 100_000);
    List<Golden.Vector> vectors = Golden.load(suite.settings().goldenDir());
    Map<String, HostPort> targets = new java.util.LinkedHashMap<>();
    targets.put("tracker", payara.tracker());
    targets.put("id-server", payara.idServer());
    targets.put("storage " + node.name(), node.address());
    long payaraPid = payara.process().pid();
    long nodePid = node.process().pid();
    long[] heap0 = Proc.liveHeaps(payaraPid, nodePid);
    long heapPayara0 = heap0[0];
    long heapNode0 = heap0[1];
    long rssPayara0 = Proc.rss(payaraPid);
    long rssNode0 = Proc.rss(nodePid);
    run.note(
        "before: Payara live heap "
            + Proc.mib(heapPayara0)
            + ", RSS "
            + Proc.mib(rssPayara0)
            + "; "
            + node.name()
            + " live heap "
            + Proc.mib(heapNode0)
            + ", RSS "
            + Proc.mib(rssNode0));

    // CI scale: 5 s are over a thousand hostile frames, every target hit hundreds of times from
    // 24 threads (plus the golden vectors' mutations); soak mode fuzzes for minutes.
    Duration budget = suite.settings().pick(Duration.ofSeconds(5), Duration.ofMinutes(5));
    long deadline = System.nanoTime() + budget.toNanos();
    Map<String, LongAdder> sent = new ConcurrentHashMap<>();
    Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    AtomicLong wellOk = new AtomicLong();
    List<String> wellFailures = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    List<String> names = List.copyOf(targets.keySet());
    int fuzzers = 8 * targets.size();
    run.fault(
        "fuzzing "
            + names
            + " with "
            + fuzzers
            + " threads for "
            + budget.toSeconds()
            + " s ("
            + vectors.size()
            + " golden vectors as seeds)");
    for (int i = 0; i < fuzzers; i++) {
      String target = names.get(i % names.size());
      HostPort addr = targets.get(target);
      Mutator m = new Mutator(vectors, new SplittableRandom(run.random().nextLong()));
      long coinSeed = run.random().nextLong();
      threads.add(
          Thread.ofVirtual()
              .name("fuzz-" + i)
              .start(
                  () -> {
                    SplittableRandom coin = new SplittableRandom(coinSeed);
                    while (System.nanoTime() - deadline < 0) {
                      Mutator.Frame f = m.next();
                      String outcome = send(addr, f.bytes(), coin.nextBoolean());
                      sent.computeIfAbsent(target, k -> new LongAdder()).increment();
                      outcomes
                          .computeIfAbsent(target + " " + outcome, k -> new LongAdder())
                          .increment();
                    }
                  }));
    }
    threads.add(
        Thread.ofVirtual()
            .name("well-behaved")
            .start(
                () ->
                    wellBehaved(
                        payara.tracker(),
                        payara.idServer(),
                        node,
                        known,
                        deadline,
                        wellOk,
                        wellFailures)));
    for (Thread t : threads) {
      t.join(budget.plusMinutes(2));
    }
    run.note("fuzz frames sent: " + new TreeMap<>(sent));
    run.note("fuzz outcomes: " + new TreeMap<>(outcomes));

    assertThat(payara.process().isAlive()).as("Payara alive after the fuzz").isTrue();
    assertThat(node.isAlive()).as("%s alive after the fuzz", node.name()).isTrue();
    long[] heap1 = Proc.liveHeaps(payaraPid, nodePid);
    long heapPayara1 = heap1[0];
    long heapNode1 = heap1[1];
    long rssPayara1 = Proc.rss(payaraPid);
    long rssNode1 = Proc.rss(nodePid);
    String mem =
        "Payara live heap "
            + Proc.mib(heapPayara0)
            + " -> "
            + Proc.mib(heapPayara1)
            + ", RSS "
            + Proc.mib(rssPayara0)
            + " -> "
            + Proc.mib(rssPayara1)
            + "; "
            + node.name()
            + " live heap "
            + Proc.mib(heapNode0)
            + " -> "
            + Proc.mib(heapNode1)
            + ", RSS "
            + Proc.mib(rssNode0)
            + " -> "
            + Proc.mib(rssNode1);
    long total = sent.values().stream().mapToLong(LongAdder::sum).sum();
    suite.figure(
        "fuzz",
        total
            + " hostile frames in "
            + budget.toSeconds()
            + " s ("
            + new TreeMap<>(sent)
            + "); well-behaved client "
            + wellOk.get()
            + " requests, "
            + wellFailures.size()
            + " failed; "
            + mem);
    assertThat(wellFailures).as("requests of the well-behaved client during the fuzz").isEmpty();
    assertThat(wellOk.get()).as("the well-behaved client was served").isGreaterThan(10);
    assertThat(heapPayara1 - heapPayara0)
        .as("Payara's live heap growth after the fuzz (%s)", mem)
        .isLessThan(64L << 20);
    assertThat(heapNode1 - heapNode0)
        .as("%s live heap growth after the fuzz (%s)", node.name(), mem)
        .isLessThan(32L << 20);
    assertThat(rssNode1 - rssNode0)
        .as("%s RSS growth (%s)", node.name(), mem)
        .isLessThan(128L << 20);
    run.awaitRecovery("fuzzing of the tracker, the ID server and " + node.name());
    run.finish();
  }

  /**
   * Sends one frame on a fresh socket and reads what comes back; never throws.
   *
   * @param halfClose end the sending side after the frame (the server sees end-of-stream at once
   *     instead of waiting for bytes that never come)
   */
  static String send(HostPort addr, byte[] frame, boolean halfClose) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(addr.host(), addr.port()), 2000);
      s.setSoTimeout(300);
      OutputStream out = s.getOutputStream();
      try {
        out.write(frame);
        out.flush();
        if (halfClose) {
          s.shutdownOutput();
        }
      } catch (IOException e) {
        return "closed while sending";
      }
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      int total = 0;
      int status = -1;
      try {
        int n;
        while (total < READ_LIMIT && (n = in.read(buf)) >= 0) {
          if (total < 10 && total + n >= 10) {
            status = buf[9 - total] & 0xff;
          }
          total += n;
        }
        return total == 0
            ? "closed silently"
            : status == 0xfd ? "error reply + close" : "reply + close";
      } catch (SocketTimeoutException e) {
        return total == 0 ? "no answer (waits for more)" : status == 0xfd ? "error reply" : "reply";
      } catch (IOException e) {
        return "reset";
      }
    } catch (IOException e) {
      return "connect failed: " + e.getClass().getSimpleName();
    }
  }

  private static void wellBehaved(
      HostPort tracker,
      HostPort idServer,
      StorageProcess node,
      Ledger.Entry known,
      long deadline,
      AtomicLong ok,
      List<String> failures) {
    IdBlock ids = new IdBlock(known.appId, known.userId, known.fileId);
    while (System.nanoTime() - deadline < 0) {
      try (WireConnection t = open(tracker);
          WireConnection i = open(idServer);
          NodeProbe n = NodeProbe.open(node.address())) {
        for (int k = 0; k < 20 && System.nanoTime() - deadline < 0; k++) {
          t.expect(new Request.Nodes(), Response.Nodes.class);
          ok.incrementAndGet();
          t.expect(new Request.StorageAddrs(ids), Response.StorageAddrs.class);
          ok.incrementAndGet();
          i.expect(new Request.IdGet("faults-fuzz-check"), Response.IdValue.class);
          ok.incrementAndGet();
          NodeProbe.Read r = n.download(ids, 0, 0);
          if (!r.ok() || !r.digest().matches(known.digest)) {
            failures.add("download of " + known.fileId + ": " + r);
          } else {
            ok.incrementAndGet();
          }
        }
      } catch (IOException | org.mediadfs.wire.ErrorReplyException e) {
        failures.add(e.toString());
      }
    }
  }

  private static WireConnection open(HostPort a) throws IOException {
    return WireConnection.open(a, Duration.ofSeconds(3), Duration.ofSeconds(10), Limits.DEFAULT);
  }
}
