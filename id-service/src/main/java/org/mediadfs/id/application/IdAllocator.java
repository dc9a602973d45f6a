package org.mediadfs.id.application;

import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import org.mediadfs.wire.ErrorCode;

/**
 * Hands out increasing IDs per key from memory, reserving a block in the database only when the
 * current one is used up ("memory increments, the database steps", seed-reference §5).
 *
 * <p>Invariants: an ID is returned at most once by this allocator, and only from a block that
 * {@link BlockSource#reserve} returned, so no other allocator sharing the database returns it.
 * After a restart the rest of the last block is never used (memory is lost, the database already
 * moved past it): IDs stay unique and have gaps, as in the original.
 *
 * <p>The fast path takes one per-key lock for a few nanoseconds and no transaction. When half of a
 * key's block is used, the next block is reserved in the background (in its own transaction), so
 * that callers do not wait for the database when the block runs out; if that reservation is late or
 * failed, the caller reserves one itself. Different keys never wait for each other. A prefetched
 * block that is never used (the server stops) is skipped like the rest of a block.
 */
public final class IdAllocator {
  private static final System.Logger LOG = System.getLogger(IdAllocator.class.getName());

  /** Attempts at reserving a block before giving up (a first insert may race another server). */
  static final int RESERVE_ATTEMPTS = 3;

  private final BlockSource source;
  private final int blockSize;
  private final int maxKeys;
  private final Executor prefetcher;
  private final ConcurrentHashMap<String, KeyState> keys = new ConcurrentHashMap<>();

  /** Per-key block state; guarded by its lock. */
  private static final class KeyState {
    final ReentrantLock lock = new ReentrantLock();
    long next;
    long end; // next == end: no IDs left in memory
    CompletableFuture<IdBlock> prefetched; // the next block, being reserved or reserved
  }

  /**
   * @param source reserves blocks durably
   * @param blockSize IDs per block (validated by the configuration: at least 10)
   * @param maxKeys keys held in memory at once
   */
  public IdAllocator(BlockSource source, int blockSize, int maxKeys) {
    this(source, blockSize, maxKeys, null);
  }

  /**
   * @param source reserves blocks durably
   * @param blockSize IDs per block (validated by the configuration: at least 10)
   * @param maxKeys keys held in memory at once
   * @param prefetcher runs background reservations of the next block, or null for none
   */
  public IdAllocator(BlockSource source, int blockSize, int maxKeys, Executor prefetcher) {
    if (blockSize <= 0 || maxKeys <= 0) {
      throw new IllegalArgumentException("block size and key limit must be positive");
    }
    this.source = source;
    this.blockSize = blockSize;
    this.maxKeys = maxKeys;
    this.prefetcher = prefetcher;
  }

  /**
   * The next ID for {@code key}.
   *
   * @throws IdUnavailableException with {@link ErrorCode#UNAVAILABLE} when no block could be
   *     reserved, or {@link ErrorCode#BUSY} when the key would exceed the key limit
   */
  public long next(String key) throws IdUnavailableException {
    return nextRun(key, 1).start();
  }

  /**
   * The next run of consecutive IDs for {@code key}: at most {@code max}, at least one. A run never
   * spans two blocks, so it may be shorter than asked when the current block is nearly used up.
   *
   * @throws IdUnavailableException as {@link #next}
   * @throws IllegalArgumentException when {@code max} is not positive
   */
  public IdBlock nextRun(String key, int max) throws IdUnavailableException {
    if (max < 1) {
      throw new IllegalArgumentException("asked for " + max + " IDs");
    }
    KeyState s = keys.get(key);
    if (s == null) {
      if (keys.size() >= maxKeys) {
        throw new IdUnavailableException(
            ErrorCode.BUSY, "too many ID keys in use (" + maxKeys + ")", null);
      }
      s = keys.computeIfAbsent(key, k -> new KeyState());
    }
    s.lock.lock();
    try {
      if (s.next == s.end) {
        IdBlock b = take(s, key);
        s.next = b.start();
        s.end = b.end();
      }
      int n = (int) Math.min(max, s.end - s.next);
      IdBlock run = new IdBlock(s.next, n);
      s.next += n;
      if (prefetcher != null && s.prefetched == null && s.end - s.next <= blockSize / 2) {
        s.prefetched = prefetch(key);
      }
      return run;
    } finally {
      s.lock.unlock();
    }
  }

  private CompletableFuture<IdBlock> prefetch(String key) {
    CompletableFuture<IdBlock> f = new CompletableFuture<>();
    try {
      prefetcher.execute(
          () -> {
            try {
              f.complete(reserve(key));
            } catch (IdUnavailableException | RuntimeException e) {
              f.completeExceptionally(e);
            }
          });
    } catch (RuntimeException e) {
      f.completeExceptionally(e); // the executor refused: the caller reserves itself
    }
    return f;
  }

  /** The next block: the prefetched one if it came, else one reserved now. Holds the key lock. */
  private IdBlock take(KeyState s, String key) throws IdUnavailableException {
    CompletableFuture<IdBlock> f = s.prefetched;
    s.prefetched = null;
    if (f != null) {
      try {
        return f.get();
      } catch (ExecutionException e) {
        LOG.log(Level.WARNING, () -> "prefetching a block for " + key + " failed: " + e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IdUnavailableException(ErrorCode.UNAVAILABLE, "interrupted", e);
      }
    }
    return reserve(key);
  }

  private IdBlock reserve(String key) throws IdUnavailableException {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= RESERVE_ATTEMPTS; attempt++) {
      try {
        IdBlock b = source.reserve(key, blockSize);
        if (b.size() != blockSize) {
          throw new IllegalStateException("asked for " + blockSize + " IDs, got " + b);
        }
        LOG.log(Level.DEBUG, () -> "reserved " + b + " for key " + key);
        return b;
      } catch (RuntimeException e) {
        last = e;
        int a = attempt;
        LOG.log(
            Level.WARNING, () -> "reserving a block for key " + key + " failed (" + a + "): " + e);
      }
    }
    throw new IdUnavailableException(
        ErrorCode.UNAVAILABLE, "cannot reserve IDs for key " + key + ": " + last, last);
  }

  /** Keys held in memory. */
  public int keyCount() {
    return keys.size();
  }
}
