package org.mediadfs.storage.server;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * Large direct buffers for bulk copies, shared by all connections. At most {@code max} exist, so a
 * flood of uploads cannot exhaust memory: the next upload waits for a buffer instead. Buffers are
 * created on first need, so an idle node holds none.
 */
final class BufferPool {
  private final int size;
  private final Semaphore permits;
  private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();

  BufferPool(int size, int max) {
    this.size = size;
    this.permits = new Semaphore(max);
  }

  /** A buffer, waiting if all are in use; give it back with {@link #release}. */
  ByteBuffer acquire() throws InterruptedException {
    permits.acquire();
    ByteBuffer b = free.poll();
    return b != null ? b.clear() : ByteBuffer.allocateDirect(size);
  }

  void release(ByteBuffer b) {
    free.add(b);
    permits.release();
  }
}
