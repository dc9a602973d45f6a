package org.mediadfs.id.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.Command;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.FrameHeader;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.codec.RequestCodec;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;
import org.mediadfs.wire.server.FrameServer;
import org.mediadfs.wire.server.Session;

/**
 * The endpoint server both the ID server and the tracker run ({@link FrameServer}, in the wire
 * module) over loopback: persistent connections, the connection limit, the idle timeout, a failing
 * handler, a session's end, and stopping with clients connected.
 */
class FrameServerIT {
  private final AtomicInteger closedSessions = new AtomicInteger();
  private final AtomicInteger nextId = new AtomicInteger();
  private FrameServer server;

  private FrameServer start(int maxConnections, Duration idle) throws IOException {
    server =
        new FrameServer(
            new FrameServer.Settings(
                "test",
                new InetSocketAddress("127.0.0.1", 0),
                Command.Server.ID,
                Command.ID_REPLY,
                new Limits(4096, 0),
                idle,
                maxConnections,
                50),
            Thread.ofPlatform().daemon().factory(),
            Thread.ofVirtual().factory(),
            peer ->
                new Session() {
                  @Override
                  public Response handle(Request request) {
                    if (request instanceof Request.IdGet g && g.key().equals("boom")) {
                      throw new IllegalStateException("handler bug");
                    }
                    return new Response.IdValue(nextId.getAndIncrement());
                  }

                  @Override
                  public void closed() {
                    closedSessions.incrementAndGet();
                  }
                });
    server.start();
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private WireConnection connect() throws IOException {
    return WireConnection.open(
        new HostPort("127.0.0.1", server.port()),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Limits.DEFAULT);
  }

  @Test
  void manyRequestsOnOneConnectionAndAFreePort() throws Exception {
    start(10, Duration.ofMinutes(1));
    assertThat(server.port()).isPositive();
    try (WireConnection c = connect()) {
      for (int i = 0; i < 100; i++) {
        assertThat(c.call(new Request.IdGet("k"))).isEqualTo(new Response.IdValue(i));
      }
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> closedSessions.get() == 1);
  }

  @Test
  void pipelinedRequestsAreAllAnsweredInOrder() throws Exception {
    start(10, Duration.ofMinutes(1));
    try (WireConnection c = connect()) {
      Request.IdGet get = new Request.IdGet("k");
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 500; i++) { // 500 replies overflow the server's 4 KiB buffer
          c.queue(get);
        }
        c.flush();
        for (int i = 0; i < 500; i++) {
          assertThat(c.receive(get)).isEqualTo(new Response.IdValue(round * 500 + i));
        }
      }
      assertThat(c.call(get)).isEqualTo(new Response.IdValue(1500));
    }
  }

  /**
   * The server keeps a reply back only while the next request is there whole: a client that sent
   * part of its next frame and waits for the previous reply must get it.
   */
  @Test
  void aReplyIsSentWhileTheNextRequestIsStillIncomplete() throws Exception {
    start(10, Duration.ofMinutes(1));
    byte[] frame = RequestCodec.encode(new Request.IdGet("k"));
    for (int part : new int[] {1, FrameHeader.SIZE - 1, FrameHeader.SIZE, frame.length - 1}) {
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.setSoTimeout(5000);
        OutputStream out = s.getOutputStream();
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] firstAndPart = new byte[frame.length + part];
        System.arraycopy(frame, 0, firstAndPart, 0, frame.length);
        System.arraycopy(frame, 0, firstAndPart, frame.length, part);
        out.write(firstAndPart);
        out.flush();
        long first = readId(in); // times out if the reply is held back
        out.write(frame, part, frame.length - part);
        out.flush();
        assertThat(readId(in))
            .as("after %d bytes of the second request", part)
            .isEqualTo(first + 1);
      }
    }
  }

  private static long readId(DataInputStream in) throws IOException {
    byte[] h = new byte[FrameHeader.SIZE];
    in.readFully(h);
    FrameHeader header = FrameHeader.fromBytes(h);
    assertThat(header.status()).isEqualTo(FrameHeader.STATUS_OK);
    assertThat(header.bodyLength()).isEqualTo(8);
    return in.readLong();
  }

  @Test
  void aHandlerBugIsAnInternalErrorAndTheConnectionGoesOn() throws Exception {
    start(10, Duration.ofMinutes(1));
    try (WireConnection c = connect()) {
      Response r = c.call(new Request.IdGet("boom"));
      assertThat(((Response.Error) r).code()).isEqualTo(ErrorCode.INTERNAL);
      assertThat(c.call(new Request.IdGet("k"))).isEqualTo(new Response.IdValue(0));
    }
  }

  @Test
  void connectionsBeyondTheLimitAreToldBusy() throws Exception {
    start(2, Duration.ofMinutes(1));
    try (WireConnection a = connect();
        WireConnection b = connect()) {
      a.call(new Request.IdGet("k"));
      b.call(new Request.IdGet("k"));
      try (Socket third = new Socket("127.0.0.1", server.port())) {
        third.setSoTimeout(5000);
        DataInputStream in = new DataInputStream(third.getInputStream());
        byte[] h = new byte[10];
        in.readFully(h);
        FrameHeader header = FrameHeader.fromBytes(h);
        assertThat(header.status()).isEqualTo(FrameHeader.STATUS_ERROR);
        assertThat(in.readShort()).isEqualTo(ErrorCode.BUSY.number());
      }
      assertThat(a.call(new Request.IdGet("k"))).isInstanceOf(Response.IdValue.class);
    }
  }

  @Test
  void anIdleConnectionIsClosed() throws Exception {
    start(10, Duration.ofMillis(300));
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.port()));
      s.setSoTimeout(5000);
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 0);
  }

  @Test
  void stoppingClosesOpenConnectionsAndTheListeningSocket() throws Exception {
    start(10, Duration.ofMinutes(1));
    int port = server.port();
    try (WireConnection c = connect()) {
      c.call(new Request.IdGet("k"));
      server.close();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> {
                try {
                  c.call(new Request.IdGet("k"));
                  return false;
                } catch (IOException e) {
                  return true;
                }
              });
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      assertThat(s.getInputStream().read()).as("nobody answers").isEqualTo(-1);
    } catch (IOException refused) {
      assertThat(refused).hasMessageContaining("refused");
    }
  }
}
