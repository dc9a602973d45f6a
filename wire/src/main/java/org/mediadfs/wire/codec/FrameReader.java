package org.mediadfs.wire.codec;

import java.io.IOException;
import java.io.InputStream;
import org.mediadfs.wire.FrameHeader;
import org.mediadfs.wire.MalformedFrameException;
import org.mediadfs.wire.TruncatedFrameException;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * Reads frames from a blocking stream, one at a time. After a request or reply that carries a file,
 * {@link #payload()} gives exactly its bytes; the next header cannot be read before they are
 * consumed or {@link #skipPayload() skipped}. Not thread-safe: one reader per connection.
 */
public final class FrameReader {
  private final InputStream in;
  private final Limits limits;
  private long payloadLeft;

  public FrameReader(InputStream in, Limits limits) {
    this.in = in;
    this.limits = limits;
  }

  /** The limits this reader enforces. */
  public Limits limits() {
    return limits;
  }

  /**
   * Reads a header, or returns null when the stream ends cleanly before its first byte (the peer
   * closed a persistent connection between requests).
   *
   * @throws TruncatedFrameException if the stream ends inside the header
   * @throws MalformedFrameException if the body length is negative
   */
  public FrameHeader readHeader() throws IOException {
    if (payloadLeft > 0) {
      throw new IllegalStateException(payloadLeft + " payload bytes of the last frame are unread");
    }
    byte[] b = new byte[FrameHeader.SIZE];
    int n = in.readNBytes(b, 0, b.length);
    if (n == 0) {
      return null;
    }
    if (n < b.length) {
      throw new TruncatedFrameException("stream ended after " + n + " of 10 header bytes");
    }
    FrameHeader h = FrameHeader.fromBytes(b);
    if (h.bodyLength() < 0) {
      throw new MalformedFrameException("invalid body length: " + h.bodyLength());
    }
    return h;
  }

  /** Decodes the request whose header was just read; see {@link RequestCodec#decode}. */
  public Request readRequest(FrameHeader h) throws IOException {
    Request r = RequestCodec.decode(h, in, limits);
    payloadLeft = r.payloadLength();
    return r;
  }

  /** Reads the next reply, which answers {@code answered}; see {@link ResponseCodec#decode}. */
  public Response readResponse(Request answered) throws IOException {
    FrameHeader h = readHeader();
    if (h == null) {
      throw new TruncatedFrameException("connection closed before the reply");
    }
    Response r = ResponseCodec.decode(answered, h, in, limits);
    payloadLeft = r.payloadLength();
    return r;
  }

  /** Bytes of the current payload not yet read. */
  public long payloadRemaining() {
    return payloadLeft;
  }

  /**
   * The payload of the last frame as a stream that ends after exactly its bytes. A short stream
   * raises {@link TruncatedFrameException}; closing it does not close the connection.
   */
  public InputStream payload() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (payloadLeft == 0) {
          return -1;
        }
        if (len == 0) {
          return 0;
        }
        int n = in.read(b, off, (int) Math.min(len, payloadLeft));
        if (n < 0) {
          throw new TruncatedFrameException(
              "stream ended with " + payloadLeft + " payload bytes still to come");
        }
        payloadLeft -= n;
        return n;
      }

      @Override
      public int available() throws IOException {
        return (int) Math.min(in.available(), payloadLeft);
      }
    };
  }

  /** Reads and drops what is left of the payload. */
  public void skipPayload() throws IOException {
    long n = payloadLeft;
    payloadLeft = 0;
    IoUtil.skipExactly(in, n, "payload");
  }

  /** The stream under this reader, for transfers that bypass the payload stream. */
  public InputStream rawInput() {
    return in;
  }

  /** Records that {@code n} payload bytes were consumed from {@link #rawInput()} directly. */
  public void consumed(long n) {
    if (n < 0 || n > payloadLeft) {
      throw new IllegalArgumentException("consumed " + n + " of " + payloadLeft + " payload bytes");
    }
    payloadLeft -= n;
  }
}
