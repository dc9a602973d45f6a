package org.mediadfs.web.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.codec.RequestCodec;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Load;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;
import org.mediadfs.wire.message.RootStat;

/**
 * A benchmark of the tracker's and ID server's endpoints on a running Payara Micro (not a test: run
 * it by hand, figures go to the report). Each case runs for a fixed time after a warm-up,
 * with 1 and 16 client threads, and prints operations per second:
 *
 * <ul>
 *   <li>ID_GET with a new TCP connection per ID (what the original's storage node does) and on one
 *       persistent connection per client;
 *   <li>STORAGE_ADDRS on persistent connections (a node is joined first so the group has an ACTIVE
 *       member).
 * </ul>
 *
 * Requests are pre-encoded and replies read as raw bytes, so the client costs little next to the
 * server. Usage: {@code EndpointBench <trackerPort> <idPort> [seconds]}.
 */
public final class EndpointBench {
  private static final String HOST = "127.0.0.1";

  private EndpointBench() {}

  public static void main(String[] args) throws Exception {
    int trackerPort = Integer.parseInt(args[0]);
    int idPort = Integer.parseInt(args[1]);
    Duration run = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 5);
    byte[] idGet = RequestCodec.encode(new Request.IdGet("bench"));
    byte[] saddrs =
        RequestCodec.encode(new Request.StorageAddrs(new IdBlock("tnvideo", "bench-user", "")));
    joinANode(trackerPort);
    System.out.printf(Locale.ROOT, "%-44s %8s %12s%n", "case", "clients", "ops/s");
    for (int clients : List.of(1, 16)) {
      report("ID_GET, new connection per ID", clients, run, once(idPort, idGet));
    }
    for (int clients : List.of(1, 16)) {
      report("ID_GET, persistent connection", clients, run, persistent(idPort, idGet));
    }
    for (int clients : List.of(1, 16)) {
      report("STORAGE_ADDRS, persistent connection", clients, run, persistent(trackerPort, saddrs));
    }
    for (int clients : List.of(1, 16)) {
      report("STORAGE_ADDRS, new connection per request", clients, run, once(trackerPort, saddrs));
    }
  }

  private static void joinANode(int trackerPort) throws IOException {
    try (WireConnection c =
        WireConnection.open(
            new HostPort(HOST, trackerPort),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Limits.DEFAULT)) {
      long now = Instant.now().getEpochSecond();
      Response r =
          c.call(
              new Request.JoinEx(
                  "bench-node", "bench", "group001", "bench", HOST, 29999, now, now, 3600));
      if (!(r instanceof Response.Ok)) {
        throw new IllegalStateException("join failed: " + r);
      }
      r =
          c.call(
              new Request.BeatEx(
                  "bench-node",
                  "group001",
                  NodeStatus.ACTIVE,
                  3600,
                  List.of(new RootStat("bench", 1L << 40, 1L << 40, false)),
                  Load.IDLE,
                  List.of()));
      if (!(r instanceof Response.Members)) {
        throw new IllegalStateException("beat failed: " + r);
      }
    }
  }

  /** A client loop: runs until told to stop, counting completed operations. */
  private interface Client {
    void run(AtomicBoolean stop, LongAdder ops) throws IOException;
  }

  private static Client once(int port, byte[] request) {
    return (stop, ops) -> {
      byte[] header = new byte[10];
      while (!stop.get()) {
        try (Socket s = new Socket()) {
          s.setTcpNoDelay(true);
          s.connect(new InetSocketAddress(HOST, port), 5000);
          s.setSoTimeout(10_000);
          OutputStream out = s.getOutputStream();
          out.write(request);
          out.flush();
          readReply(new DataInputStream(s.getInputStream()), header);
          ops.increment();
        }
      }
    };
  }

  private static Client persistent(int port, byte[] request) {
    return (stop, ops) -> {
      byte[] header = new byte[10];
      try (Socket s = new Socket()) {
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(HOST, port), 5000);
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        DataInputStream in =
            new DataInputStream(new java.io.BufferedInputStream(s.getInputStream()));
        while (!stop.get()) {
          out.write(request);
          out.flush();
          readReply(in, header);
          ops.increment();
        }
      }
    };
  }

  private static void readReply(DataInputStream in, byte[] header) throws IOException {
    in.readFully(header);
    if (header[9] != 0) {
      throw new IOException("error reply, status " + (header[9] & 0xFF));
    }
    long len = java.nio.ByteBuffer.wrap(header).getLong();
    in.skipNBytes(len);
  }

  private static void report(String name, int clients, Duration run, Client client)
      throws Exception {
    measure(clients, Duration.ofSeconds(3), client); // warm-up: JIT on both sides
    double perSecond = measure(clients, run, client);
    System.out.printf(Locale.ROOT, "%-44s %8d %12.0f%n", name, clients, perSecond);
  }

  private static double measure(int clients, Duration run, Client client) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    LongAdder ops = new LongAdder();
    CountDownLatch done = new CountDownLatch(clients);
    java.util.concurrent.atomic.AtomicReference<Throwable> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    long start = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      Thread.ofPlatform()
          .start(
              () -> {
                try {
                  client.run(stop, ops);
                } catch (Throwable t) {
                  failure.compareAndSet(null, t);
                } finally {
                  done.countDown();
                }
              });
    }
    Thread.sleep(run); // the measured interval itself, not a synchronisation
    stop.set(true);
    done.await();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (failure.get() != null) {
      throw new IllegalStateException("client failed", failure.get());
    }
    return ops.sum() / seconds;
  }
}
