package org.mediadfs.wire.server;

import java.io.BufferedInputStream;
import java.io.InputStream;
import org.mediadfs.wire.Bytes;
import org.mediadfs.wire.FrameHeader;

/**
 * A connection's buffered input that can tell whether the next frame has arrived whole. A server
 * that answers requests which came together (a client pipelining them) keeps the replies until the
 * last one and sends them in one write; it must never keep a reply while it would wait for bytes,
 * or a client that waits for it before sending more would hang.
 */
final class FrameInput extends BufferedInputStream {
  FrameInput(InputStream in, int size) {
    super(in, size);
  }

  /** True when the buffer holds a whole next frame: reading it cannot block. */
  synchronized boolean holdsWholeFrame() {
    int buffered = count - pos;
    if (buffered < FrameHeader.SIZE) {
      return false;
    }
    long body = Bytes.getLong(buf, pos);
    return body >= 0 && body <= buffered - FrameHeader.SIZE;
  }
}
