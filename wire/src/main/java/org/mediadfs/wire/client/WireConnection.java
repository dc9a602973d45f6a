package org.mediadfs.wire.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.MalformedFrameException;
import org.mediadfs.wire.codec.FrameReader;
import org.mediadfs.wire.codec.FrameWriter;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * One blocking connection to a mediadfs server: send a request, read its reply. No business logic
 * and no retries; pools and failover live above it. Not thread-safe. Any {@link IOException} leaves
 * the connection {@link #isBroken() broken}: close it, do not reuse it.
 */
public final class WireConnection implements Closeable {
  private static final int BUFFER = 64 * 1024;

  private final HostPort address;
  private final Socket socket;
  private final FrameReader reader;
  private final FrameWriter writer;
  private boolean broken;
  private long lastUsedNanos = System.nanoTime();

  private WireConnection(HostPort address, Socket socket, Limits limits) throws IOException {
    this.address = address;
    this.socket = socket;
    this.reader = new FrameReader(new BufferedInputStream(socket.getInputStream(), BUFFER), limits);
    this.writer = new FrameWriter(new BufferedOutputStream(socket.getOutputStream(), BUFFER));
  }

  /** Connects with the given timeouts (the read timeout applies to every read). */
  public static WireConnection open(
      HostPort address, Duration connectTimeout, Duration readTimeout, Limits limits)
      throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.setKeepAlive(true);
      s.connect(
          new InetSocketAddress(address.host(), address.port()), (int) connectTimeout.toMillis());
      s.setSoTimeout((int) readTimeout.toMillis());
      return new WireConnection(address, s, limits);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** The server's address. */
  public HostPort address() {
    return address;
  }

  /** Sends a request without payload and reads its whole reply. */
  public Response call(Request request) throws IOException {
    if (request.payloadLength() != 0) {
      throw new IllegalArgumentException(request.command() + " carries a payload: use send()");
    }
    send(request);
    return receive(request);
  }

  /**
   * Sends a request and returns its reply as {@code type}.
   *
   * @throws ErrorReplyException if the server answered with an error
   * @throws MalformedFrameException if it answered with another reply type
   */
  public <R extends Response> R expect(Request request, Class<R> type)
      throws IOException, ErrorReplyException {
    return as(call(request), type);
  }

  /** Casts a reply, turning an error reply into {@link ErrorReplyException}. */
  public static <R extends Response> R as(Response r, Class<R> type)
      throws ErrorReplyException, MalformedFrameException {
    if (r instanceof Response.Error e) {
      throw new ErrorReplyException(e.number(), e.text());
    }
    if (!type.isInstance(r)) {
      throw new MalformedFrameException("expected " + type.getSimpleName() + ", got " + r);
    }
    return type.cast(r);
  }

  /** Writes the request's header and fixed part; for uploads write the bytes to {@link #out()}. */
  public void send(Request request) throws IOException {
    guard();
    try {
      writer.writeRequest(request);
    } catch (IOException | RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  /**
   * Writes a request without payload but does not send it yet: pipelining, where several requests
   * go out with one {@link #flush()} and their replies are read in order.
   */
  public void queue(Request request) throws IOException {
    guard();
    if (request.payloadLength() != 0) {
      throw new IllegalArgumentException(request.command() + " carries a payload: use send");
    }
    try {
      writer.queueRequest(request);
    } catch (IOException | RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  /** The output for payload bytes; call {@link #flush()} after the last one. */
  public OutputStream out() {
    return writer.out();
  }

  /** Flushes what was written. */
  public void flush() throws IOException {
    try {
      writer.flush();
    } catch (IOException e) {
      broken = true;
      throw e;
    }
  }

  /** Reads the reply to {@code request}; for a download, read its bytes from {@link #payload()}. */
  public Response receive(Request request) throws IOException {
    guard();
    try {
      Response r = reader.readResponse(request);
      lastUsedNanos = System.nanoTime();
      return r;
    } catch (IOException | RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  /** The payload of the last reply; see {@link FrameReader#payload()}. */
  public InputStream payload() {
    InputStream p = reader.payload();
    return new InputStream() {
      @Override
      public int read() throws IOException {
        try {
          return p.read();
        } catch (IOException e) {
          broken = true;
          throw e;
        }
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return p.read(b, off, len);
        } catch (IOException e) {
          broken = true;
          throw e;
        }
      }
    };
  }

  /** Payload bytes of the last reply not yet read. */
  public long payloadRemaining() {
    return reader.payloadRemaining();
  }

  /** True after an I/O error or a protocol violation; such a connection must be closed. */
  public boolean isBroken() {
    return broken || socket.isClosed();
  }

  /** Marks the connection unusable (a caller gave up half-way through a transfer). */
  public void markBroken() {
    broken = true;
  }

  /** Nanos timestamp of the last complete reply. */
  public long lastUsedNanos() {
    return lastUsedNanos;
  }

  /** Changes the read timeout, for long transfers. */
  public void readTimeout(Duration d) throws IOException {
    socket.setSoTimeout((int) d.toMillis());
  }

  private void guard() throws IOException {
    if (broken) {
      throw new IOException("connection to " + address + " is broken");
    }
  }

  @Override
  public void close() throws IOException {
    broken = true;
    socket.close();
  }

  @Override
  public String toString() {
    return "WireConnection[" + address + (broken ? ", broken" : "") + "]";
  }
}
