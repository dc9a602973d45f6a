package org.mediadfs.wire.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.Command;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.FrameHeader;
import org.mediadfs.wire.TruncatedFrameException;
import org.mediadfs.wire.codec.FrameReader;
import org.mediadfs.wire.codec.FrameWriter;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * {@link WireConnection} against a tiny scripted server over a real loopback socket: payloads
 * stream, an error reply leaves the connection in step, a cut reply breaks it.
 */
class WireConnectionIT {
  private static final IdBlock FILE = new IdBlock("tnvideo", "tnv001", "f1");
  private static final IdBlock MISSING = new IdBlock("tnvideo", "tnv001", "missing");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** What the server does with one accepted connection. */
  private interface Script {
    void run(FrameReader in, FrameWriter out, Socket socket) throws Exception;
  }

  /** Accepts one connection on a free loopback port and runs a script on it. */
  private static final class ScriptedServer implements AutoCloseable {
    private final ServerSocket server;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    ScriptedServer(Script script) throws IOException {
      server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      Thread.ofVirtual()
          .name("scripted-server")
          .start(
              () -> {
                try (Socket s = server.accept()) {
                  s.setSoTimeout((int) TIMEOUT.toMillis());
                  FrameReader in = new FrameReader(s.getInputStream(), Limits.DEFAULT);
                  FrameWriter out = new FrameWriter(new BufferedOutputStream(s.getOutputStream()));
                  script.run(in, out, s);
                  done.complete(null);
                } catch (Throwable t) {
                  done.completeExceptionally(t);
                }
              });
    }

    HostPort address() {
      InetSocketAddress a = (InetSocketAddress) server.getLocalSocketAddress();
      return new HostPort(a.getAddress().getHostAddress(), a.getPort());
    }

    /** Waits for the script to end and rethrows what failed on the server side. */
    void awaitScript() throws Exception {
      done.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  private static WireConnection connect(ScriptedServer server) throws IOException {
    return WireConnection.open(server.address(), TIMEOUT, TIMEOUT, Limits.DEFAULT);
  }

  private static Request next(FrameReader in) throws IOException {
    FrameHeader h = in.readHeader();
    assertThat(h).as("a request").isNotNull();
    return in.readRequest(h);
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void downloadPayloadStreamsAndTheConnectionIsReusedAfterIt() throws Exception {
    byte[] file = randomBytes(300_000, 1); // several socket buffers
    try (ScriptedServer server =
            new ScriptedServer(
                (in, out, s) -> {
                  assertThat(next(in)).isEqualTo(new Request.Download(FILE, 0, 0));
                  out.writeResponse(Command.STORAGE_REPLY, new Response.Download(file.length));
                  out.out().write(file);
                  out.flush();
                  assertThat(next(in)).isEqualTo(new Request.FileSize(FILE));
                  out.writeResponse(Command.STORAGE_REPLY, new Response.FileSize(file.length));
                  assertThat(in.readHeader()).as("the client closed cleanly").isNull();
                });
        WireConnection c = connect(server)) {
      Response r = c.call(new Request.Download(FILE, 0, 0));
      assertThat(r).isEqualTo(new Response.Download(file.length));
      assertThat(c.payloadRemaining()).isEqualTo(file.length);
      try (InputStream p = c.payload()) {
        assertThat(p.readAllBytes()).isEqualTo(file);
      }
      assertThat(c.payloadRemaining()).isZero();
      assertThat(c.expect(new Request.FileSize(FILE), Response.FileSize.class).size())
          .isEqualTo(file.length);
      assertThat(c.isBroken()).isFalse();
      c.close();
      server.awaitScript();
    }
  }

  @Test
  void uploadSendsTheFixedPartThenTheStreamedBytes() throws Exception {
    byte[] file = randomBytes(200_000, 2);
    try (ScriptedServer server =
            new ScriptedServer(
                (in, out, s) -> {
                  assertThat(next(in)).isEqualTo(new Request.Upload(FILE, file.length));
                  assertThat(in.payload().readAllBytes()).isEqualTo(file);
                  out.writeResponse(Command.STORAGE_REPLY, new Response.Ok());
                });
        WireConnection c = connect(server)) {
      assertThatThrownBy(() -> c.call(new Request.Upload(FILE, file.length)))
          .as("call() is for requests without payload")
          .isInstanceOf(IllegalArgumentException.class);
      c.send(new Request.Upload(FILE, file.length));
      c.out().write(file);
      c.flush();
      assertThat(c.receive(new Request.Upload(FILE, file.length))).isEqualTo(new Response.Ok());
      server.awaitScript();
    }
  }

  @Test
  void connectionStaysUsableAfterAnErrorReply() throws Exception {
    try (ScriptedServer server =
            new ScriptedServer(
                (in, out, s) -> {
                  assertThat(next(in)).isEqualTo(new Request.FileSize(MISSING));
                  out.writeError(Command.STORAGE_REPLY, ErrorCode.NOT_FOUND, "[vm] no such file");
                  assertThat(next(in)).isEqualTo(new Request.FileSize(MISSING));
                  out.writeError(Command.STORAGE_REPLY, ErrorCode.NOT_HERE_YET, "");
                  assertThat(next(in)).isEqualTo(new Request.FileSize(FILE));
                  out.writeResponse(Command.STORAGE_REPLY, new Response.FileSize(42));
                });
        WireConnection c = connect(server)) {
      assertThatThrownBy(() -> c.expect(new Request.FileSize(MISSING), Response.FileSize.class))
          .isInstanceOfSatisfying(
              ErrorReplyException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(e.text()).isEqualTo("[vm] no such file");
              });
      assertThat(c.isBroken()).isFalse();
      assertThat(c.call(new Request.FileSize(MISSING)))
          .isEqualTo(new Response.Error(ErrorCode.NOT_HERE_YET, ""));
      assertThat(c.isBroken()).isFalse();
      assertThat(c.expect(new Request.FileSize(FILE), Response.FileSize.class))
          .isEqualTo(new Response.FileSize(42));
      server.awaitScript();
    }
  }

  @Test
  void truncatedReplyMarksTheConnectionBroken() throws Exception {
    try (ScriptedServer server =
            new ScriptedServer(
                (in, out, s) -> {
                  assertThat(next(in)).isEqualTo(new Request.FileSize(FILE));
                  OutputStream raw = out.out();
                  raw.write(new FrameHeader(8, Command.STORAGE_REPLY.code(), 0).toBytes());
                  raw.write(new byte[] {0, 0, 0}); // 3 of the 8 promised bytes
                  out.flush();
                  s.shutdownOutput();
                });
        WireConnection c = connect(server)) {
      assertThatThrownBy(() -> c.call(new Request.FileSize(FILE)))
          .isInstanceOf(TruncatedFrameException.class);
      assertThat(c.isBroken()).isTrue();
      assertThatThrownBy(() -> c.call(new Request.FileSize(FILE)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("broken");
      server.awaitScript();
    }
  }

  @Test
  void truncatedDownloadPayloadMarksTheConnectionBroken() throws Exception {
    try (ScriptedServer server =
            new ScriptedServer(
                (in, out, s) -> {
                  assertThat(next(in)).isEqualTo(new Request.Download(FILE, 0, 1000));
                  out.writeResponse(Command.STORAGE_REPLY, new Response.Download(1000));
                  out.out().write(new byte[10]);
                  out.flush();
                  s.shutdownOutput();
                });
        WireConnection c = connect(server)) {
      assertThat(c.call(new Request.Download(FILE, 0, 1000)))
          .isEqualTo(new Response.Download(1000));
      assertThat(c.isBroken()).isFalse();
      InputStream p = c.payload();
      assertThatThrownBy(p::readAllBytes).isInstanceOf(TruncatedFrameException.class);
      assertThat(c.isBroken()).isTrue();
      server.awaitScript();
    }
  }

  @Test
  void serverClosingInsteadOfAnsweringIsTruncated() throws Exception {
    try (ScriptedServer server =
            new ScriptedServer(
                (in, out, s) -> {
                  assertThat(next(in)).isEqualTo(new Request.Groups());
                  s.shutdownOutput();
                });
        WireConnection c = connect(server)) {
      assertThatThrownBy(() -> c.call(new Request.Groups()))
          .isInstanceOf(TruncatedFrameException.class)
          .hasMessageContaining("closed before the reply");
      assertThat(c.isBroken()).isTrue();
      server.awaitScript();
    }
  }
}
