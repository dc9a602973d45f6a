package org.mediadfs.storage.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.mediadfs.storage.StorageConfig;
import org.mediadfs.storage.meta.FileRow;
import org.mediadfs.storage.store.RecordFile;
import org.mediadfs.storage.store.Sidecar;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;

/**
 * File lookups cached in Redis through Redisson. Keys are {@code
 * <prefix>:storage:<nodeId>:<fileId>:<userId>} (the node ID keeps nodes that share a Redis apart;
 * the file ID cannot contain {@code :}); values are the row as a CRC-checked {@link RecordFile}, so
 * a foreign or damaged value is a miss, never a wrong answer. Every Redis error is logged and
 * treated as a miss.
 *
 * <p>Outages (found by the fault suite): after a failure Redis is left alone for {@link
 * #PAUSE_AFTER_FAILURE}, so an outage costs one Redis timeout per pause, not one per lookup
 * (redisOutageStalledEveryLookupOnRedisTimeouts: 1.5 s per FILE_SIZE while Redis was down). An
 * invalidation that cannot reach Redis is remembered and done before Redis serves anything again: a
 * Redis that hung (or was cut off) keeps its entries, and an entry of a file deleted meanwhile
 * would otherwise be served for a whole TTL (invalidationLostWhileRedisHungServedADeletedFile).
 */
public final class RedisMetaCache implements MetaCache {
  private static final System.Logger LOG = System.getLogger(RedisMetaCache.class.getName());

  private final RedissonClient redis;
  private final String keyPrefix;
  private final String nodeId;
  private final Duration ttl;

  /**
   * How long Redis is not asked after it failed; doubled after each failed retry, up to a minute.
   */
  static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(5);

  private static final long MAX_PAUSE_NANOS = Duration.ofMinutes(1).toNanos();

  /**
   * Most invalidations remembered; beyond, every key of this node is dropped when Redis is back.
   */
  static final int MAX_PENDING = 100_000;

  /** Keys whose invalidation has not reached Redis yet. */
  private final Set<String> pending = ConcurrentHashMap.newKeySet();

  private final ReentrantLock replay = new ReentrantLock();
  private volatile boolean dropAllKeys;
  private volatile boolean paused;

  /** {@link System#nanoTime()} until which Redis is not asked; meaningful while {@link #paused}. */
  private volatile long pausedUntil;

  /** The next pause; grows while Redis keeps failing (a hung Redis costs a timeout per retry). */
  private volatile long pauseNanos = PAUSE_AFTER_FAILURE.toNanos();

  private RedisMetaCache(RedissonClient redis, String keyPrefix, String nodeId, Duration ttl) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
    this.nodeId = nodeId;
    this.ttl = ttl;
  }

  /** Connects to the configured Redis. */
  public static RedisMetaCache connect(StorageConfig.Cache cfg, String nodeId, Duration timeout) {
    Config rc = new Config();
    var single =
        rc.useSingleServer()
            .setAddress(cfg.redisAddress().orElseThrow())
            .setConnectTimeout((int) timeout.toMillis())
            // A cache answer later than this is worth less than the database's; no retries: a miss
            // falls back to the database, and the metadata writer waits on invalidations.
            .setTimeout((int) Math.min(timeout.toMillis(), 1000))
            .setRetryAttempts(0)
            .setConnectionMinimumIdleSize(2)
            .setConnectionPoolSize(16);
    cfg.redisPassword().ifPresent(single::setPassword);
    rc.setCodec(ByteArrayCodec.INSTANCE);
    RedissonClient client = Redisson.create(rc);
    return new RedisMetaCache(
        client, cfg.redisPrefix() + ":storage:" + nodeId + ":", nodeId, cfg.ttl());
  }

  String key(String userId, String fileId) {
    return keyPrefix + fileId + ":" + userId;
  }

  @Override
  public Optional<FileRow> get(String userId, String fileId) {
    if (!usable()) {
      return Optional.empty();
    }
    try {
      RBucket<byte[]> b = redis.getBucket(key(userId, fileId), ByteArrayCodec.INSTANCE);
      byte[] v = b.get();
      answered();
      if (v == null) {
        return Optional.empty();
      }
      RecordFile r = RecordFile.decode(v, "file", 1);
      FileRow row = Sidecar.fromRecord(r).withFlags((int) r.getLong("flags"));
      if (!row.fileId().equals(fileId) || !row.userId().equals(userId)) {
        return Optional.empty();
      }
      return Optional.of(row);
    } catch (RecordFile.CorruptRecordException e) {
      LOG.log(
          System.Logger.Level.WARNING, "bad cache value for file {0}: {1}", fileId, e.getMessage());
      invalidate(userId, fileId);
      return Optional.empty();
    } catch (RuntimeException e) {
      failed("get", fileId, e);
      return Optional.empty();
    }
  }

  @Override
  public void put(FileRow row) {
    if (!usable()) {
      return;
    }
    try {
      RecordFile r = Sidecar.toRecord(row, nodeId);
      var fields = new java.util.LinkedHashMap<>(r.fields());
      fields.put("flags", Integer.toString(row.flags()));
      byte[] v = RecordFile.of("file", 1, fields).encode();
      redis.getBucket(key(row.userId(), row.fileId()), ByteArrayCodec.INSTANCE).set(v, ttl);
      answered();
    } catch (RuntimeException e) {
      failed("put", row.fileId(), e);
    }
  }

  @Override
  public void invalidate(String userId, String fileId) {
    String k = key(userId, fileId);
    if (!usable()) {
      remember(k);
      return;
    }
    try {
      redis.getBucket(k, ByteArrayCodec.INSTANCE).delete();
      answered();
    } catch (RuntimeException e) {
      remember(k);
      failed("invalidate", fileId, e);
    }
  }

  /**
   * True when Redis may be asked: not paused after a failure, and every invalidation it missed done
   * first (another thread replaying them: not yet).
   */
  private boolean usable() {
    if (paused) {
      if (System.nanoTime() - pausedUntil < 0) {
        return false;
      }
      paused = false;
    }
    if (pending.isEmpty() && !dropAllKeys) {
      return true;
    }
    if (!replay.tryLock()) {
      return false;
    }
    try {
      int done = 0;
      if (dropAllKeys) {
        redis.getKeys().deleteByPattern(keyPrefix + "*");
        dropAllKeys = false;
        pending.clear();
      }
      for (String k : pending) {
        redis.getBucket(k, ByteArrayCodec.INSTANCE).delete();
        pending.remove(k);
        done++;
      }
      LOG.log(
          System.Logger.Level.INFO,
          "Redis answers again: {0} deferred invalidation(s) done",
          Integer.toString(done));
      return true;
    } catch (RuntimeException e) {
      failed("replay of deferred invalidations", "-", e);
      return false;
    } finally {
      replay.unlock();
    }
  }

  private void remember(String key) {
    if (pending.size() >= MAX_PENDING) {
      dropAllKeys = true;
    } else {
      pending.add(key);
    }
  }

  private void failed(String what, String fileId, RuntimeException e) {
    long pause = pauseNanos;
    pausedUntil = System.nanoTime() + pause;
    paused = true;
    pauseNanos = Math.min(MAX_PAUSE_NANOS, pause * 2);
    LOG.log(
        System.Logger.Level.WARNING,
        "redis {0} failed for file {1}; lookups go to the database for {2} s ({3} invalidation(s)"
            + " deferred): {4}",
        what,
        fileId,
        pause / 1_000_000_000L,
        pending.size(),
        e.toString());
  }

  /** Redis answered: the next failure pauses it for the shortest time again. */
  private void answered() {
    pauseNanos = PAUSE_AFTER_FAILURE.toNanos();
  }

  @Override
  public String describe() {
    return "Redis cache, keys " + keyPrefix + "*";
  }

  /** Removes every key of this node (tests, decommissioning). */
  public long clearAll() {
    return redis.getKeys().deleteByPattern(keyPrefix + "*");
  }

  @Override
  public void close() {
    redis.shutdown();
  }
}
