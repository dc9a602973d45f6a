package org.mediadfs.storage.cache;

import java.time.Duration;
import java.util.Optional;
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
 */
public final class RedisMetaCache implements MetaCache {
  private static final System.Logger LOG = System.getLogger(RedisMetaCache.class.getName());

  private final RedissonClient redis;
  private final String keyPrefix;
  private final String nodeId;
  private final Duration ttl;

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
            .setTimeout((int) Math.min(timeout.toMillis(), 3000))
            .setRetryAttempts(1)
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
    try {
      RBucket<byte[]> b = redis.getBucket(key(userId, fileId), ByteArrayCodec.INSTANCE);
      byte[] v = b.get();
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
      LOG.log(
          System.Logger.Level.WARNING, "redis get failed for file {0}: {1}", fileId, e.toString());
      return Optional.empty();
    }
  }

  @Override
  public void put(FileRow row) {
    try {
      RecordFile r = Sidecar.toRecord(row, nodeId);
      var fields = new java.util.LinkedHashMap<>(r.fields());
      fields.put("flags", Integer.toString(row.flags()));
      byte[] v = RecordFile.of("file", 1, fields).encode();
      redis.getBucket(key(row.userId(), row.fileId()), ByteArrayCodec.INSTANCE).set(v, ttl);
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "redis put failed for file {0}: {1}",
          row.fileId(),
          e.toString());
    }
  }

  @Override
  public void invalidate(String userId, String fileId) {
    try {
      redis.getBucket(key(userId, fileId), ByteArrayCodec.INSTANCE).delete();
    } catch (RuntimeException e) {
      // A stale entry lives at most one TTL; log loudly so operators see a Redis outage.
      LOG.log(
          System.Logger.Level.ERROR,
          "redis invalidate failed for file {0} (stale for up to {1}): {2}",
          fileId,
          ttl,
          e.toString());
    }
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
