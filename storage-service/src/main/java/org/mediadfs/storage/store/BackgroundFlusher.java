package org.mediadfs.storage.store;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Overlaps the disk with the network for large uploads: every {@code every} bytes written, a
 * virtual thread forces what is on the file so far while the upload keeps receiving, so the final
 * fsync only waits for the tail. At most one flush runs at a time. Not thread-safe for callers (one
 * upload thread).
 */
public final class BackgroundFlusher {
  private final FileChannel channel;
  private final long every;
  private long unflushed;
  private Thread running;
  private volatile IOException failure;

  public BackgroundFlusher(FileChannel channel, long every) {
    this.channel = channel;
    this.every = every;
  }

  /** Counts {@code n} more bytes written; may start a flush. */
  public void written(long n) {
    unflushed += n;
    if (unflushed >= every && (running == null || !running.isAlive())) {
      unflushed = 0;
      running =
          Thread.ofVirtual()
              .name("upload-flush")
              .start(
                  () -> {
                    try {
                      channel.force(false);
                    } catch (IOException e) {
                      failure = e;
                    }
                  });
    }
  }

  /** Waits for a running flush, then forces the rest: the file is durable when this returns. */
  public void finish() throws IOException {
    join();
    if (failure != null) {
      throw failure;
    }
    channel.force(false);
  }

  /** Waits for a running flush without forcing (the upload failed). */
  public void abandon() {
    join();
  }

  private void join() {
    if (running != null) {
      try {
        running.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
