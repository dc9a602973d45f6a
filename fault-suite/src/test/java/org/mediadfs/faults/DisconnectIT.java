package org.mediadfs.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.testkit.Await;
import org.mediadfs.testkit.StorageProcess;
import org.mediadfs.wire.FileIds;
import org.mediadfs.wire.codec.FrameWriter;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Request;

/**
 * Clients that vanish in the middle of a transfer — half an upload then FIN, RST or a stall, half a
 * download then gone — while a well-behaved client keeps working: the node keeps serving, stores
 * nothing of the half uploads, leaves no temporary file and releases every connection.
 */
@ExtendWith(SuiteExtension.class)
class DisconnectIT {
  private static final String GROUP = "group002";

  /** How a raw client leaves. */
  enum Leave {
    FIN,
    RST,
    STALL_THEN_FIN
  }

  @Test
  void halfTransfersLeaveNothingBehind(Suite suite) throws Exception {
    Run run = suite.run("client-disconnects");
    StorageProcess node = suite.cluster().members(GROUP).getFirst();
    String user = suite.probeUser(GROUP);
    MediadfsClient c = suite.client();
    Ledger.Entry big = ControlPlaneIT.upload(run, c, user, 16 << 20);
    long pid = node.process().pid();
    int fds0 = Proc.fds(pid);

    AtomicBoolean done = new AtomicBoolean();
    AtomicLong wellOk = new AtomicLong();
    List<String> wellFailures = Collections.synchronizedList(new ArrayList<>());
    Thread well =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (!done.get()) {
                    try {
                      Ledger.Entry e = ControlPlaneIT.upload(run, c, user, 10_000);
                      Content.DigestStream d = new Content.DigestStream();
                      c.download(e.appId, e.userId, e.fileId, d);
                      if (!d.digest().matches(e.digest)) {
                        wellFailures.add("wrong bytes for " + e.fileId);
                      }
                      wellOk.incrementAndGet();
                    } catch (IOException e) {
                      wellFailures.add(e.toString());
                    }
                  }
                });

    int rounds = suite.settings().pick(4, 60);
    List<String> halfUploads = new ArrayList<>();
    run.fault(
        rounds * 3 * 2 + " uploads cut off half-way (FIN, RST, stall; original and extended)");
    for (int i = 0; i < rounds; i++) {
      for (Leave how : Leave.values()) {
        for (boolean extended : new boolean[] {false, true}) {
          String fileId = FileIds.generate(user);
          halfUploads.add(fileId);
          halfUpload(node, new IdBlock(Suite.APP, user, fileId), 4 << 20, extended, how);
        }
      }
    }
    run.fault(rounds * 3 + " downloads abandoned after 1 MiB");
    for (int i = 0; i < rounds; i++) {
      for (Leave how : Leave.values()) {
        halfDownload(node, new IdBlock(big.appId, big.userId, big.fileId), how);
      }
    }
    // The node notices each vanished client on its next read or write; give it its read timeout.
    Await.until(
        Duration.ofSeconds(45),
        node.name() + " released every abandoned connection and temporary file",
        () -> tmpFiles(node).isEmpty() && Proc.fds(pid) <= fds0 + 8);
    done.set(true);
    well.join(Duration.ofMinutes(1));
    try (NodeProbe p = NodeProbe.open(node.address())) {
      for (String id : halfUploads) {
        NodeProbe.Stat s = p.stat(new IdBlock(Suite.APP, user, id));
        assertThat(s.meta()).as("half upload %s is not stored", id).isNull();
      }
    }
    run.note(
        "after: "
            + node.name()
            + " has "
            + Proc.fds(pid)
            + " descriptors (before "
            + fds0
            + "); the well-behaved client did "
            + wellOk.get()
            + " upload+download pairs");
    assertThat(wellFailures).as("the well-behaved client's failures").isEmpty();
    assertThat(wellOk.get()).isPositive();
    run.awaitRecovery("clients disconnecting mid-transfer", List.of(GROUP));
    run.finish();
  }

  static List<Path> tmpFiles(StorageProcess n) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path root : n.roots()) {
      try (Stream<Path> s = Files.list(root.resolve("tmp"))) {
        s.forEach(out::add);
      }
    }
    return out;
  }

  private static void halfUpload(StorageProcess node, IdBlock ids, int size, boolean ex, Leave how)
      throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(node.address().host(), node.address().port()), 3000);
      FrameWriter w = new FrameWriter(new BufferedOutputStream(s.getOutputStream(), 65536));
      w.writeRequest(
          ex
              ? new Request.UploadEx(ids, size, "video/mp4", Request.UploadEx.NO_CHECKSUM)
              : new Request.Upload(ids, size));
      byte[] chunk = new byte[64 * 1024];
      for (int sent = 0; sent < size / 2; sent += chunk.length) {
        w.out().write(chunk);
      }
      w.flush();
      leave(s, how);
    }
  }

  private static void halfDownload(StorageProcess node, IdBlock ids, Leave how) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(node.address().host(), node.address().port()), 3000);
      s.setSoTimeout(10_000);
      FrameWriter w = new FrameWriter(new BufferedOutputStream(s.getOutputStream()));
      w.writeRequest(new Request.Download(ids, 0, 0));
      w.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64 * 1024];
      long got = 0;
      while (got < (1 << 20)) {
        int n = in.read(buf);
        if (n < 0) {
          throw new IOException("the node closed a download it should still be sending");
        }
        got += n;
      }
      leave(s, how);
    }
  }

  private static void leave(Socket s, Leave how) throws IOException {
    switch (how) {
      case FIN -> s.close();
      case RST -> {
        s.setSoLinger(true, 0);
        s.close();
      }
      case STALL_THEN_FIN -> {
        // A client that stops sending, then goes: the node must not wait for it forever.
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
        s.close();
      }
    }
  }
}
