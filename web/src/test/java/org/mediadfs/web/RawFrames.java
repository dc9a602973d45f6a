package org.mediadfs.web;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.mediadfs.wire.FrameHeader;

/**
 * A client that speaks raw bytes, so that tests can send what no well-behaved client sends
 * (garbage, wrong lengths, unknown commands) and compare replies byte for byte.
 */
final class RawFrames implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  RawFrames(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** A reply: its header and body bytes. */
  record Reply(FrameHeader header, byte[] body) {
    short errorNumber() {
      return ByteBuffer.wrap(body, 0, 2).getShort();
    }

    String text(int from) {
      int end = body.length > from && body[body.length - 1] == 0 ? body.length - 1 : body.length;
      return new String(body, from, Math.max(0, end - from), StandardCharsets.UTF_8);
    }
  }

  static byte[] frame(long bodyLength, int command, byte[] body) {
    ByteBuffer b = ByteBuffer.allocate(10 + body.length);
    b.putLong(bodyLength).put((byte) command).put((byte) 0).put(body);
    return b.array();
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  Reply read() throws IOException {
    byte[] h = new byte[10];
    in.readFully(h);
    FrameHeader header = FrameHeader.fromBytes(h);
    byte[] body = new byte[(int) header.bodyLength()];
    in.readFully(body);
    return new Reply(header, body);
  }

  /** True when the server closed the connection (the next read sees end of stream). */
  boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (java.net.SocketException e) {
      return true; // reset after the server closed
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
