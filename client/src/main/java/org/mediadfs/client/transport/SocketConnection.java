package org.mediadfs.client.transport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.mediadfs.wire.codec.FrameReader;
import org.mediadfs.wire.codec.FrameWriter;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * A {@link Connection} over a TCP socket, built on the wire module's {@link FrameReader} and {@link
 * FrameWriter}. It does what {@link org.mediadfs.wire.client.WireConnection} does, plus the one
 * thing a pool needs and that class cannot offer without its socket: {@link #probe(Duration)}, a
 * check of an idle connection that sends nothing (see there). Every failure marks it broken.
 */
public final class SocketConnection implements Connection {
  private static final System.Logger LOG = System.getLogger(SocketConnection.class.getName());
  private static final int BUFFER = 64 * 1024;
  private static final int AFTER_FAILURE_WAIT_MILLIS = 2000;

  private final HostPort address;
  private final Socket socket;
  private final BufferedInputStream in;
  private final FrameReader reader;
  private final FrameWriter writer;
  private final OutputStream guardedOut;
  private int readTimeoutMillis;
  private volatile boolean broken;

  private SocketConnection(HostPort address, Socket socket, Limits limits, int readTimeoutMillis)
      throws IOException {
    this.address = address;
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), BUFFER);
    this.reader = new FrameReader(in, limits);
    this.writer = new FrameWriter(new BufferedOutputStream(socket.getOutputStream(), BUFFER));
    this.readTimeoutMillis = readTimeoutMillis;
    this.guardedOut = new GuardedOutput(writer.out());
  }

  /**
   * Connects with the given timeouts; the read timeout bounds every single read, not a whole
   * transfer, so long downloads are fine as long as bytes keep coming.
   */
  public static SocketConnection open(
      HostPort address, Duration connectTimeout, Duration readTimeout, Limits limits)
      throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.setKeepAlive(true);
      s.connect(new InetSocketAddress(address.host(), address.port()), millis(connectTimeout));
      s.setSoTimeout(millis(readTimeout));
      return new SocketConnection(address, s, limits, millis(readTimeout));
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private static int millis(Duration d) {
    // 0 would mean "wait forever" to the socket API: never let a rounding produce it.
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }

  @Override
  public HostPort address() {
    return address;
  }

  @Override
  public void send(Request request) throws IOException {
    guard();
    try {
      writer.writeRequest(request);
    } catch (IOException | RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  @Override
  public OutputStream out() {
    return guardedOut;
  }

  @Override
  public void flush() throws IOException {
    try {
      writer.flush();
    } catch (IOException e) {
      broken = true;
      throw e;
    }
  }

  @Override
  public Response receive(Request request) throws IOException {
    guard();
    try {
      return reader.readResponse(request);
    } catch (IOException | RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  @Override
  public Optional<Response.Error> errorAfterFailedSend(Request request) {
    broken = true;
    if (socket.isClosed()) {
      return Optional.empty();
    }
    try {
      socket.setSoTimeout(AFTER_FAILURE_WAIT_MILLIS);
      return reader.readResponse(request) instanceof Response.Error e
          ? Optional.of(e)
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      LOG.log(
          System.Logger.Level.DEBUG,
          () -> "no error reply from " + address + " after a failed send: " + e);
      return Optional.empty();
    }
  }

  @Override
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

      @Override
      public int available() throws IOException {
        return p.available();
      }
    };
  }

  @Override
  public long payloadRemaining() {
    return reader.payloadRemaining();
  }

  @Override
  public boolean isBroken() {
    return broken || socket.isClosed();
  }

  @Override
  public void markBroken() {
    broken = true;
  }

  /**
   * Probes an idle connection without a request. Servers answer only what they are asked, so any
   * byte waiting on an idle connection is a protocol error, and end-of-stream means the server
   * closed it (restart, idle timeout). A read that times out after {@code wait} means the socket is
   * open and silent: alive. This costs the server nothing, unlike a real request (a FILE_SIZE of an
   * unknown file would make a storage node ask its peers for it). A peer that vanished without a
   * FIN is not detected here; the request then fails with a socket error and the client's failover
   * moves on.
   */
  @Override
  public boolean probe(Duration wait) {
    if (isBroken()) {
      return false;
    }
    try {
      if (in.available() > 0) {
        broken = true;
        return false;
      }
      socket.setSoTimeout(millis(wait));
      try {
        in.read(); // -1 (closed) or an unsolicited byte: both end this connection
        broken = true;
        return false;
      } catch (SocketTimeoutException silentAndOpen) {
        return true;
      } finally {
        if (!broken) {
          socket.setSoTimeout(readTimeoutMillis);
        }
      }
    } catch (IOException e) {
      broken = true;
      return false;
    }
  }

  @Override
  public void readTimeout(Duration timeout) throws IOException {
    readTimeoutMillis = millis(timeout);
    socket.setSoTimeout(readTimeoutMillis);
  }

  private void guard() throws IOException {
    if (broken) {
      throw new IOException("connection to " + address + " is broken");
    }
  }

  @Override
  public void close() {
    broken = true;
    try {
      socket.close();
    } catch (IOException e) {
      // The socket is unusable either way; nothing to recover, but leave a trace.
      LOG.log(System.Logger.Level.DEBUG, () -> "closing connection to " + address, e);
    }
  }

  @Override
  public String toString() {
    return "SocketConnection[" + address + (broken ? ", broken" : "") + "]";
  }

  /** Marks the connection broken when a payload write fails. */
  private final class GuardedOutput extends OutputStream {
    private final OutputStream out;

    GuardedOutput(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        broken = true;
        throw e;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        broken = true;
        throw e;
      }
    }

    @Override
    public void flush() throws IOException {
      SocketConnection.this.flush();
    }
  }
}
