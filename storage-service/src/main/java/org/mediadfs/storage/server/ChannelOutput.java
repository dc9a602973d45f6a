package org.mediadfs.storage.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import org.mediadfs.storage.tracker.Traffic;

/**
 * The write side of a connection: a small buffer for reply headers and bodies, flushed to the
 * socket, and a zero-copy path ({@link FileChannel#transferTo}, sendfile on Linux) for download
 * bytes. Every write re-arms the connection's {@link Deadline}, so a client that stops reading is
 * cut off by the watchdog instead of holding a thread forever.
 */
final class ChannelOutput extends OutputStream {
  /** Most bytes handed to one transferTo call, so the deadline is re-armed regularly. */
  private static final long TRANSFER_CHUNK = 8L << 20;

  private final SocketChannel ch;
  private final ByteBuffer buf;
  private final Deadline deadline;

  ChannelOutput(SocketChannel ch, int bufferSize, Deadline deadline) {
    this.ch = ch;
    this.buf = ByteBuffer.allocateDirect(bufferSize);
    this.deadline = deadline;
  }

  @Override
  public void write(int b) throws IOException {
    if (!buf.hasRemaining()) {
      flush();
    }
    buf.put((byte) b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (!buf.hasRemaining()) {
        flush();
      }
      int n = Math.min(len, buf.remaining());
      buf.put(b, off, n);
      off += n;
      len -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    buf.flip();
    try {
      while (buf.hasRemaining()) {
        if (ch.write(buf) > 0) {
          deadline.progress();
        }
      }
    } finally {
      buf.clear();
    }
  }

  /**
   * Sends {@code count} bytes of {@code file} from {@code position} after what is buffered: with it
   * when they fit in the buffer, else zero-copy after a flush.
   */
  void transferFrom(FileChannel file, long position, long count, Traffic traffic)
      throws IOException {
    if (count <= buf.remaining()) {
      // A small range goes out with its header in one write: one syscall instead of a write and a
      // sendfile, and one segment for the client to wake up for (4 KiB downloads).
      try {
        buf.limit(buf.position() + (int) count);
        long pos = position;
        while (buf.hasRemaining()) {
          int r = file.read(buf, pos);
          if (r <= 0) {
            throw new IOException("file shrank while being sent (at " + pos + ")");
          }
          pos += r;
        }
      } catch (IOException | RuntimeException e) {
        buf.clear();
        throw e;
      }
      flush();
      traffic.sent(count);
      return;
    }
    flush();
    long pos = position;
    long left = count;
    while (left > 0) {
      long n = file.transferTo(pos, Math.min(left, TRANSFER_CHUNK), ch);
      if (n <= 0) {
        // On a virtual thread the socket is non-blocking underneath and sendfile reports a full
        // send buffer as 0 bytes instead of waiting; retrying at once would spin. Send one page
        // the ordinary way instead: that write parks until the client has read enough for the
        // socket to be writable again, then sendfile goes on with the rest.
        n = copyOnePage(file, pos, left);
      }
      deadline.progress();
      pos += n;
      left -= n;
      traffic.sent(n);
    }
  }

  private int copyOnePage(FileChannel file, long pos, long left) throws IOException {
    buf.clear();
    buf.limit((int) Math.min(Math.min(buf.capacity(), 4096), left));
    int r;
    try {
      r = file.read(buf, pos);
      if (r <= 0) {
        throw new IOException("file shrank while being sent (at " + pos + ")");
      }
      buf.flip();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    } finally {
      buf.clear();
    }
    return r;
  }
}
