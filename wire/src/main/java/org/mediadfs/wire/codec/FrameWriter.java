package org.mediadfs.wire.codec;

import java.io.IOException;
import java.io.OutputStream;
import org.mediadfs.wire.Command;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * Writes frames to a blocking stream. A frame without payload is flushed at once; after one with
 * payload the caller writes exactly {@code payloadLength()} bytes to {@link #out()} and flushes.
 * The {@code queue} methods leave flushing to the caller: pipelined requests, or replies to
 * requests that arrived together, leave in one segment instead of one system call (and one wake-up
 * of the peer) each.
 */
public final class FrameWriter {
  private final OutputStream out;

  public FrameWriter(OutputStream out) {
    this.out = out;
  }

  /** Writes a request's header and fixed part. */
  public void writeRequest(Request r) throws IOException {
    queueRequest(r);
    if (r.payloadLength() == 0) {
      out.flush();
    }
  }

  /** Writes a request's header and fixed part without flushing: call {@link #flush()}. */
  public void queueRequest(Request r) throws IOException {
    out.write(RequestCodec.encode(r));
  }

  /** Writes a reply's header and fixed part. */
  public void writeResponse(Command reply, Response r) throws IOException {
    queueResponse(reply, r);
    if (r.payloadLength() == 0) {
      out.flush();
    }
  }

  /** Writes a reply's header and fixed part without flushing: call {@link #flush()}. */
  public void queueResponse(Command reply, Response r) throws IOException {
    out.write(ResponseCodec.encode(reply, r));
  }

  /** Writes an error reply. */
  public void writeError(Command reply, ErrorCode code, String text) throws IOException {
    writeResponse(reply, new Response.Error(code, text));
  }

  /** The stream for payload bytes. */
  public OutputStream out() {
    return out;
  }

  /** Flushes buffered bytes. */
  public void flush() throws IOException {
    out.flush();
  }
}
