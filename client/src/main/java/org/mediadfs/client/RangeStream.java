package org.mediadfs.client;

import java.io.IOException;
import java.io.InputStream;
import org.mediadfs.client.transport.ConnectionPool;
import org.mediadfs.wire.message.HostPort;

/**
 * The bytes of one range of a file, read straight from a storage node's socket (nothing is buffered
 * beyond the socket buffer). What the web module streams HTTP ranges from.
 *
 * <p>Lifecycle: the stream holds a pooled connection. When every byte has been read the connection
 * goes back to the pool at once; {@link #close()} before that closes the connection (the rest of
 * the range cannot be skipped cheaply). A socket error in the middle reopens the rest of the range
 * on the next node of the group, up to {@link ClientConfig#rangeResumes()} times, so a node failing
 * mid-stream does not break a video. Not thread-safe, like any InputStream.
 */
public final class RangeStream extends InputStream {
  private static final System.Logger LOG = System.getLogger(RangeStream.class.getName());

  /** Reopens the rest of the range from a position, trying {@code avoid} (may be null) last. */
  @FunctionalInterface
  interface Reopener {
    Opened open(long offset, long length, HostPort avoid) throws IOException;
  }

  /** A download whose reply header was read: the lease and the number of bytes that follow. */
  record Opened(ConnectionPool.Lease lease, long length) {}

  private final String fileId;
  private final long start;
  private final long length;
  private final Reopener reopener;
  private int resumesLeft;
  private ConnectionPool.Lease lease;
  private InputStream payload;
  private long position;
  private boolean closed;

  RangeStream(String fileId, long start, Opened first, int resumes, Reopener reopener) {
    this.fileId = fileId;
    this.start = start;
    this.length = first.length();
    this.reopener = reopener;
    this.resumesLeft = resumes;
    attach(first);
    if (length == 0) {
      finish();
    }
  }

  private void attach(Opened o) {
    this.lease = o.lease();
    this.payload = o.lease().connection().payload();
  }

  /** Bytes this stream delivers in all. */
  public long length() {
    return length;
  }

  /** The file offset of its first byte. */
  public long start() {
    return start;
  }

  /** Bytes delivered so far. */
  public long position() {
    return position;
  }

  /** The node currently serving it (null once finished or closed). */
  public HostPort node() {
    ConnectionPool.Lease l = lease;
    return l == null ? null : l.connection().address();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream of " + fileId + " is closed");
    }
    if (len == 0) {
      return 0;
    }
    if (position == length) {
      return -1;
    }
    while (true) {
      int n;
      try {
        n = payload.read(b, off, (int) Math.min(len, length - position));
      } catch (IOException e) {
        resume(e);
        continue;
      }
      if (n < 0) {
        resume(new IOException("node closed the stream of " + fileId + " early"));
        continue;
      }
      position += n;
      if (position == length) {
        finish();
      }
      return n;
    }
  }

  private void resume(IOException cause) throws IOException {
    HostPort failed = node();
    lease.discard();
    lease = null;
    if (resumesLeft <= 0) {
      closed = true;
      throw cause;
    }
    resumesLeft--;
    LOG.log(
        System.Logger.Level.INFO,
        "stream of {0} failed at byte {1} from {2} ({3}); resuming",
        fileId,
        start + position,
        failed,
        cause.toString());
    Opened o;
    try {
      o = reopener.open(start + position, length - position, failed);
    } catch (IOException e) {
      closed = true;
      e.addSuppressed(cause);
      throw e;
    }
    if (o.length() != length - position) {
      o.lease().discard();
      closed = true;
      throw new IOException(
          "resumed stream of "
              + fileId
              + " has "
              + o.length()
              + " bytes, expected "
              + (length - position));
    }
    attach(o);
  }

  private void finish() {
    ConnectionPool.Lease l = lease;
    lease = null;
    if (l != null) {
      l.release();
    }
  }

  @Override
  public int available() throws IOException {
    return closed || lease == null ? 0 : payload.available();
  }

  /** Ends the stream: a fully read range returns its connection, a partly read one closes it. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    ConnectionPool.Lease l = lease;
    lease = null;
    if (l != null) {
      if (position == length) {
        l.release();
      } else {
        l.discard();
      }
    }
  }
}
