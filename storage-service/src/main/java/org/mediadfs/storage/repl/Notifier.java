package org.mediadfs.storage.repl;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.mediadfs.wire.ErrorReplyException;

/**
 * Sends REPL_NOTIFY to one peer whenever this node's log grows, so the peer pulls at once instead
 * of at its next poll. Fire-and-forget on its own virtual thread: an upload only raises a number
 * and never waits; notifications coalesce (one message covers every change since the last one); a
 * failure is ignored, the peer's polling covers it.
 */
final class Notifier implements Runnable {
  private static final System.Logger LOG = System.getLogger(Notifier.class.getName());

  private final String peerId;
  private final Supplier<PeerClient> client;
  private final AtomicLong wanted = new AtomicLong();
  private final Semaphore signal = new Semaphore(0);
  private final AtomicLong sentCount = new AtomicLong();
  private volatile boolean stopped;
  private long sent;

  Notifier(String peerId, Supplier<PeerClient> client) {
    this.peerId = peerId;
    this.client = client;
  }

  /** The log grew to {@code seq}. Never blocks. */
  void logGrew(long seq) {
    wanted.accumulateAndGet(seq, Math::max);
    signal.release();
  }

  /** Notifications sent. */
  long sent() {
    return sentCount.get();
  }

  void stop() {
    stopped = true;
    signal.release();
  }

  @Override
  public void run() {
    while (!stopped) {
      try {
        signal.acquire();
        signal.drainPermits();
      } catch (InterruptedException e) {
        return;
      }
      long w = wanted.get();
      if (stopped || w <= sent) {
        continue;
      }
      try {
        client.get().notifyLog(w);
        sentCount.incrementAndGet();
      } catch (IOException | ErrorReplyException e) {
        LOG.log(
            System.Logger.Level.DEBUG,
            "notifying peer {0} of seq {1} failed (it polls anyway): {2}",
            peerId,
            w,
            e.toString());
      }
      sent = w;
    }
  }
}
