package org.mediadfs.tracker.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mediadfs.tracker.infrastructure.cache.RedisRouteCache;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * The route cache on this machine's Redis, under a unique key prefix deleted afterwards: the same
 * behaviour as the in-process cache (get after put, miss, expiry), the original's key layout, and a
 * cache that cannot reach Redis is a miss, not a failure.
 */
class RedisRouteCacheIT {
  private String prefix;
  private RedissonClient client;

  @BeforeEach
  void connect() {
    prefix = "mediadfs-it-" + UUID.randomUUID();
    Config c = new Config();
    c.useSingleServer().setAddress("redis://127.0.0.1:6379");
    client = Redisson.create(c);
  }

  @AfterEach
  void clean() {
    client.getKeys().deleteByPattern(prefix + ":*");
    assertThat(
            client
                .getKeys()
                .countExists(prefix + ":tracker:userid:u", prefix + ":tracker:userid:tnv001"))
        .isZero();
    client.shutdown();
  }

  @Test
  void putThenGetAcrossTwoTrackersUnderTheOriginalKeyLayout() {
    try (RedisRouteCache a =
            RedisRouteCache.connect("127.0.0.1:6379", "", prefix, Duration.ofMinutes(1));
        RedisRouteCache b =
            RedisRouteCache.connect("redis://127.0.0.1:6379", "", prefix, Duration.ofMinutes(1))) {
      assertThat(a.get("tnv001")).isEmpty();
      a.put("tnv001", "group002");
      assertThat(b.get("tnv001")).contains("group002");
      assertThat(
              client
                  .<String>getBucket(prefix + ":tracker:userid:tnv001", StringCodec.INSTANCE)
                  .get())
          .isEqualTo("group002");
      long ttl = client.getBucket(prefix + ":tracker:userid:tnv001").remainTimeToLive();
      assertThat(ttl).isBetween(1L, 60_000L);
    }
  }

  @Test
  void entriesExpire() {
    try (RedisRouteCache cache = new RedisRouteCache(client, prefix, Duration.ofMillis(300))) {
      cache.put("u", "group001");
      assertThat(cache.get("u")).contains("group001");
      await().atMost(Duration.ofSeconds(5)).until(() -> cache.get("u").isEmpty());
    }
  }

  @Test
  void anUnreachableRedisIsAMissNotAFailure() {
    Config c = new Config();
    c.useSingleServer()
        .setAddress("redis://127.0.0.1:6379")
        .setConnectTimeout(500)
        .setTimeout(500)
        .setRetryAttempts(0);
    RedissonClient doomed = Redisson.create(c);
    try (RedisRouteCache cache = new RedisRouteCache(doomed, prefix, Duration.ofMinutes(1))) {
      doomed.shutdown();
      assertThat(cache.get("u")).isEmpty();
      cache.put("u", "group001"); // logged, not thrown
    }
  }
}
