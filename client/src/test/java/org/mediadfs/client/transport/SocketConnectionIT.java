package org.mediadfs.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.Command;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.HelloProof;
import org.mediadfs.wire.codec.FrameReader;
import org.mediadfs.wire.codec.FrameWriter;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * The real-socket parts of the transport against a scripted loopback server: the idle probe, the
 * early error reply of a refused upload, and the HELLO handshake.
 */
class SocketConnectionIT {
  private ServerSocket server;
  private ExecutorService threads;
  private HostPort address;

  @BeforeEach
  void listen() throws IOException {
    server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    address = new HostPort("127.0.0.1", server.getLocalPort());
    threads = Executors.newVirtualThreadPerTaskExecutor();
  }

  @AfterEach
  void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }

  private SocketConnection open() throws IOException {
    return SocketConnection.open(
        address, Duration.ofSeconds(5), Duration.ofSeconds(5), Limits.DEFAULT);
  }

  /** Accepts one connection and hands it to {@code script} on a virtual thread. */
  private CompletableFuture<Socket> accept(ThrowingConsumer script) {
    CompletableFuture<Socket> f = new CompletableFuture<>();
    threads.submit(
        () -> {
          try {
            Socket s = server.accept();
            f.complete(s);
            script.accept(s);
          } catch (IOException | RuntimeException e) {
            f.completeExceptionally(e);
          }
          return null;
        });
    return f;
  }

  @FunctionalInterface
  interface ThrowingConsumer {
    void accept(Socket s) throws IOException;
  }

  @Test
  void probeSaysAliveForASilentOpenConnection() throws Exception {
    accept(s -> {});
    try (SocketConnection c = open()) {
      assertThat(c.probe(Duration.ofMillis(20))).isTrue();
      assertThat(c.isBroken()).isFalse();
    }
  }

  @Test
  void probeDetectsAConnectionTheServerClosed() throws Exception {
    CompletableFuture<Socket> peer = accept(s -> {});
    try (SocketConnection c = open()) {
      peer.get(5, TimeUnit.SECONDS).close();
      // The FIN may take a moment to arrive; a probe never reports a closed socket as alive once
      // it has.
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> !c.probe(Duration.ofMillis(20)));
      assertThat(c.isBroken()).isTrue();
    }
  }

  @Test
  void probeDetectsUnsolicitedBytes() throws Exception {
    accept(
        s -> {
          s.getOutputStream().write(new byte[] {1, 2, 3});
          s.getOutputStream().flush();
        });
    try (SocketConnection c = open()) {
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> !c.probe(Duration.ofMillis(20)));
    }
  }

  @Test
  void aConnectionThatPassedItsProbeStillWorks() throws Exception {
    accept(
        s -> {
          FrameReader r =
              new FrameReader(new BufferedInputStream(s.getInputStream()), Limits.DEFAULT);
          FrameWriter w = new FrameWriter(s.getOutputStream());
          var h = r.readHeader();
          r.readRequest(h);
          w.writeResponse(Command.TRACKER_REPLY, new Response.Groups("hello"));
        });
    try (SocketConnection c = open()) {
      assertThat(c.probe(Duration.ofMillis(20))).isTrue();
      assertThat(c.call(new Request.Groups())).isEqualTo(new Response.Groups("hello"));
    }
  }

  @Test
  void refusedUploadYieldsTheServersEarlyErrorReply() throws Exception {
    accept(
        s -> {
          FrameReader r =
              new FrameReader(new BufferedInputStream(s.getInputStream()), Limits.DEFAULT);
          FrameWriter w = new FrameWriter(s.getOutputStream());
          var h = r.readHeader();
          r.readRequest(h);
          // Refuse before reading the body, as a node does for TOO_LARGE, then close.
          w.writeError(Command.STORAGE_REPLY, ErrorCode.TOO_LARGE, "file too large");
          s.shutdownOutput();
          s.close();
        });
    long size = 256L << 20;
    Request.UploadEx up =
        new Request.UploadEx(
            new IdBlock("tnvideo", "u", "f"), size, "", Request.UploadEx.NO_CHECKSUM);
    try (SocketConnection c = open()) {
      c.send(up);
      assertThatThrownBy(
              () -> {
                byte[] chunk = new byte[1 << 20];
                for (long sent = 0; sent < size; sent += chunk.length) {
                  c.out().write(chunk);
                }
                c.flush();
              })
          .isInstanceOf(IOException.class);
      var early = c.errorAfterFailedSend(up);
      assertThat(early).isPresent();
      assertThat(early.get().code()).isEqualTo(ErrorCode.TOO_LARGE);
      assertThat(c.isBroken()).isTrue();
    }
  }

  @Test
  void helloProvesTheSecretAndChecksTheServersProof() throws Exception {
    byte[] secret = HelloProof.secret("s3cret");
    accept(
        s -> {
          FrameReader r =
              new FrameReader(new BufferedInputStream(s.getInputStream()), Limits.DEFAULT);
          FrameWriter w = new FrameWriter(s.getOutputStream());
          Request.Hello hello = (Request.Hello) r.readRequest(r.readHeader());
          if (HelloProof.verify(secret, hello, System.currentTimeMillis())) {
            w.writeResponse(Command.TRACKER_REPLY, HelloProof.reply(secret, "tracker-1", hello));
          } else {
            w.writeError(Command.TRACKER_REPLY, ErrorCode.AUTH, "bad proof");
          }
        });
    SocketConnector good =
        new SocketConnector(
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Limits.DEFAULT,
            "s3cret",
            Clock.systemUTC());
    try (Connection c = good.connect(address)) {
      assertThat(c.isBroken()).isFalse();
    }
  }

  @Test
  void helloWithTheWrongSecretIsAHandshakeFailure() throws Exception {
    byte[] secret = HelloProof.secret("s3cret");
    accept(
        s -> {
          FrameReader r =
              new FrameReader(new BufferedInputStream(s.getInputStream()), Limits.DEFAULT);
          FrameWriter w = new FrameWriter(s.getOutputStream());
          Request.Hello hello = (Request.Hello) r.readRequest(r.readHeader());
          if (HelloProof.verify(secret, hello, System.currentTimeMillis())) {
            w.writeResponse(Command.TRACKER_REPLY, HelloProof.reply(secret, "tracker-1", hello));
          } else {
            w.writeError(Command.TRACKER_REPLY, ErrorCode.AUTH, "bad proof");
          }
        });
    SocketConnector bad =
        new SocketConnector(
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Limits.DEFAULT,
            "wrong",
            Clock.systemUTC());
    assertThatThrownBy(() -> bad.connect(address))
        .isInstanceOfSatisfying(
            HandshakeException.class, e -> assertThat(e.reply().code()).isEqualTo(ErrorCode.AUTH));
  }

  @Test
  void aServerThatCannotProveTheSecretIsRefused() throws Exception {
    accept(
        s -> {
          FrameReader r =
              new FrameReader(new BufferedInputStream(s.getInputStream()), Limits.DEFAULT);
          FrameWriter w = new FrameWriter(s.getOutputStream());
          Request.Hello hello = (Request.Hello) r.readRequest(r.readHeader());
          // An impostor accepts anything and answers with a proof of another secret.
          w.writeResponse(
              Command.TRACKER_REPLY, HelloProof.reply(HelloProof.secret("other"), "x", hello));
        });
    SocketConnector c =
        new SocketConnector(
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Limits.DEFAULT,
            "s3cret",
            Clock.systemUTC());
    assertThatThrownBy(() -> c.connect(address))
        .isInstanceOfSatisfying(
            HandshakeException.class, e -> assertThat(e.reply().code()).isEqualTo(ErrorCode.AUTH));
  }
}
