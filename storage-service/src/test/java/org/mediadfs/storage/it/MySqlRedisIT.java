package org.mediadfs.storage.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mediadfs.storage.StorageNode;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.FileIds;
import org.mediadfs.wire.UserTables;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * MySQL mode against this machine's real MariaDB (a database of its own, dropped after) with the
 * lookup cache in the real Redis (a key prefix of its own, deleted after): two nodes share the one
 * database, keyed by node ID; cache entries are written on lookup and removed on every change.
 */
@ExtendWith(SharedPayara.class)
class MySqlRedisIT {
  static final String SERVER = "jdbc:mysql://127.0.0.1:3306/";
  static final String DB = "mediadfs_storage_it_" + UUID.randomUUID().toString().replace("-", "");
  static final String PREFIX = "mediadfs-it-" + UUID.randomUUID();

  @TempDir static Path dir;
  static StorageNode a;
  static StorageNode b;
  static RedissonClient redis;

  @BeforeAll
  static void start() throws Exception {
    try (Connection c = DriverManager.getConnection(SERVER, "root", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + DB + " CHARACTER SET utf8mb4");
    }
    Config rc = new Config();
    rc.useSingleServer().setAddress("redis://127.0.0.1:6379");
    redis = Redisson.create(rc);
    a = NodeProps.start(props("a"));
    // The second node names its user in the URL, as bin/mediadfs passes it.
    Map<String, String> pb = props("b");
    pb.remove("mediadfs.storage.db.user");
    pb.remove("mediadfs.storage.db.password");
    pb.put("mediadfs.storage.db.url", SERVER + DB + "?user=root");
    b = NodeProps.start(pb);
  }

  static Map<String, String> props(String name) {
    return props(name, NodeProps.group());
  }

  static Map<String, String> props(String name, String group) {
    Map<String, String> p = NodeProps.of(dir.resolve(name), group);
    p.put("mediadfs.storage.db.url", SERVER + DB);
    p.put("mediadfs.storage.db.user", "root");
    p.put("mediadfs.storage.db.password", "");
    p.put("mediadfs.redis.address", "127.0.0.1:6379");
    p.put("mediadfs.redis.prefix", PREFIX);
    return p;
  }

  @AfterAll
  static void stop() throws Exception {
    for (StorageNode n : new StorageNode[] {a, b}) {
      if (n != null) {
        n.close();
      }
    }
    if (redis != null) {
      redis.getKeys().deleteByPattern(PREFIX + ":*");
      redis.shutdown();
    }
    try (Connection c = DriverManager.getConnection(SERVER, "root", "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + DB);
    }
  }

  static String cacheKey(StorageNode n, String user, String file) {
    return PREFIX + ":storage:" + n.nodeId() + ":" + file + ":" + user;
  }

  static byte[] random(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  @Test
  void theLifecycleWorksInMySqlModeAndTheCacheFollowsEveryChange() throws Exception {
    String user = "tnv001";
    String file = FileIds.generate(user);
    byte[] data = random(100_000);
    try (Wire w = Wire.open(a.address())) {
      assertThat(w.upload(user, file, data)).isEqualTo(new Response.Ok());
      assertThat(
              w.expect(new Request.FileSize(Wire.ids(user, file)), Response.FileSize.class).size())
          .isEqualTo(data.length);
      assertThat(redis.getBucket(cacheKey(a, user, file)).isExists()).isTrue();
      assertThat(redis.getBucket(cacheKey(a, user, file)).remainTimeToLive()).isPositive();
      assertThat(w.download(user, file, 0, 0)).isEqualTo(data);

      assertThat(w.call(new Request.Delete(Wire.ids(user, file)))).isEqualTo(new Response.Ok());
      assertThat(redis.getBucket(cacheKey(a, user, file)).isExists()).isFalse();
      Response r = w.call(new Request.FileSize(Wire.ids(user, file)));
      assertThat(((Response.Error) r).code()).isEqualTo(ErrorCode.DELETED);

      assertThat(w.call(new Request.Restore(Wire.ids(user, file)))).isEqualTo(new Response.Ok());
      assertThat(w.download(user, file, 10, 20))
          .isEqualTo(java.util.Arrays.copyOfRange(data, 10, 30));
      assertThat(w.call(new Request.Purge(Wire.ids(user, file)))).isEqualTo(new Response.Ok());
      assertThat(redis.getBucket(cacheKey(a, user, file)).isExists()).isFalse();
      r = w.call(new Request.FileSize(Wire.ids(user, file)));
      assertThat(((Response.Error) r).code()).isEqualTo(ErrorCode.DELETED);
    }
    try (Connection c = DriverManager.getConnection(SERVER + DB, "root", "");
        PreparedStatement p =
            c.prepareStatement(
                "SELECT status, file_size FROM "
                    + UserTables.tableName(user)
                    + " WHERE node_id = ? AND id = ?")) {
      p.setString(1, a.nodeId());
      p.setString(2, file);
      try (ResultSet rs = p.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(2);
        assertThat(rs.getLong(2)).isEqualTo(data.length);
      }
    }
    try (Connection c = DriverManager.getConnection(SERVER + DB, "root", "");
        PreparedStatement p =
            c.prepareStatement(
                "SELECT op FROM t_repl_log WHERE node_id = ? AND id = ? ORDER BY seq")) {
      p.setString(1, a.nodeId());
      p.setString(2, file);
      StringBuilder ops = new StringBuilder();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          ops.append(rs.getInt(1));
        }
      }
      assertThat(ops.toString()).isEqualTo("1234"); // PUT, DELETE, RESTORE, PURGE
    }
  }

  @Test
  void twoNodesShareOneDatabaseKeyedByNodeId() throws Exception {
    String user = "shared" + ThreadLocalRandom.current().nextInt(1_000_000);
    String file = FileIds.generate(user);
    byte[] one = random(1000);
    byte[] two = random(2000);
    try (Wire wa = Wire.open(a.address());
        Wire wb = Wire.open(b.address())) {
      // The same file ID on two nodes are two rows: (node_id, id) is the key.
      assertThat(wa.upload(user, file, one)).isEqualTo(new Response.Ok());
      assertThat(wb.upload(user, file, two)).isEqualTo(new Response.Ok());
      assertThat(wa.download(user, file, 0, 0)).isEqualTo(one);
      assertThat(wb.download(user, file, 0, 0)).isEqualTo(two);
      wa.call(new Request.Delete(Wire.ids(user, file)));
      assertThat(wb.download(user, file, 0, 0)).isEqualTo(two);
    }
    try (Connection c = DriverManager.getConnection(SERVER + DB, "root", "");
        PreparedStatement p =
            c.prepareStatement(
                "SELECT COUNT(DISTINCT node_id) FROM "
                    + UserTables.tableName(user)
                    + " WHERE id = ?")) {
      p.setString(1, file);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
    }
    try (Connection c = DriverManager.getConnection(SERVER + DB, "root", "");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT COUNT(*) FROM flyway_storage_history WHERE success = 1")) {
      rs.next();
      assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void twoMembersOfOneGroupReplicateThroughTheSharedDatabase() throws Exception {
    String group = NodeProps.group();
    String user = "repl" + ThreadLocalRandom.current().nextInt(1_000_000);
    try (StorageNode c = NodeProps.start(props("c", group));
        StorageNode d = NodeProps.start(props("d", group))) {
      org.mediadfs.testkit.Await.until(
          java.time.Duration.ofSeconds(60),
          "c and d to know each other",
          () ->
              c.replicator().peerIds().contains(d.nodeId())
                  && d.replicator().peerIds().contains(c.nodeId()));
      java.util.Map<String, byte[]> live = new java.util.LinkedHashMap<>();
      try (Wire wc = Wire.open(c.address());
          Wire wd = Wire.open(d.address())) {
        for (int i = 0; i < 10; i++) {
          String f = FileIds.generate(user);
          live.put(f, random(2000 + i));
          assertThat((i % 2 == 0 ? wc : wd).upload(user, f, live.get(f)))
              .isEqualTo(new Response.Ok());
        }
        String gone = live.keySet().iterator().next();
        assertThat(wd.call(new Request.Delete(Wire.ids(user, gone)))).isEqualTo(new Response.Ok());
        live.remove(gone);
        GroupCheck.awaitConverged(
            java.time.Duration.ofSeconds(60),
            java.util.List.of(c.address(), d.address()),
            user,
            live,
            java.util.Set.of(gone));
      }
      // Each member keeps its own rows, log and cursors in the one database.
      try (Connection conn = DriverManager.getConnection(SERVER + DB, "root", "");
          PreparedStatement p =
              conn.prepareStatement("SELECT last_seq FROM t_repl_cursor WHERE node_id = ?")) {
        p.setString(1, c.nodeId());
        try (ResultSet rs = p.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong(1)).isPositive();
        }
      }
    }
  }
}
