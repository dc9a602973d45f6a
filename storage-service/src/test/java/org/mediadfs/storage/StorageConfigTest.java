package org.mediadfs.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.message.HostPort;

class StorageConfigTest {
  private static Map<String, String> minimal() {
    Map<String, String> m = new HashMap<>();
    m.put("mediadfs.storage.group", "group001");
    m.put("mediadfs.storage.data-dir", "/tmp/mediadfs-test/data");
    m.put("mediadfs.storage.roots", "/tmp/mediadfs-test/store0;/tmp/mediadfs-test/store1");
    return m;
  }

  @Test
  void defaultsAreWrittenOnceAndApplied() throws Exception {
    StorageConfig c = StorageConfig.fromMap(minimal());
    assertThat(c.group()).isEqualTo("group001");
    assertThat(c.port()).isEqualTo(23000);
    assertThat(c.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(c.advertisedHost()).isEqualTo("127.0.0.1");
    assertThat(c.trackers()).containsExactly(new HostPort("127.0.0.1", 21000));
    assertThat(c.idServers()).containsExactly(new HostPort("127.0.0.1", 22000));
    assertThat(c.heartbeatSeconds()).isEqualTo(10);
    assertThat(c.roots()).hasSize(2);
    assertThat(c.roots().getFirst().reservedBytes()).isEqualTo(1L << 30);
    assertThat(c.database().url()).startsWith("jdbc:h2:file:/tmp/mediadfs-test/data/db/storage");
    assertThat(c.database().isMySql()).isFalse();
    assertThat(c.cache().redisAddress()).isEmpty();
    assertThat(c.clusterSecret()).isEmpty();
    assertThat(c.limits().maxUpload()).isEqualTo(16L << 30);
    assertThat(c.retention().deleted()).isEqualTo(Duration.ofDays(7));
    assertThat(c.replication().mode()).isEqualTo(StorageConfig.ReplicationMode.ASYNC);
    assertThat(c.httpPort()).isEqualTo(-1);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Map<String, String> m = new HashMap<>();
    m.put("mediadfs.storage.group", "group 1!");
    m.put("mediadfs.storage.port", "70000");
    m.put("mediadfs.storage.trackers", "nohostport");
    m.put("mediadfs.storage.heartbeat-seconds", "0");
    m.put("mediadfs.storage.max-upload", "lots");
    m.put("mediadfs.storage.replication.mode", "eventually");
    assertThatThrownBy(() -> StorageConfig.fromMap(m))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anyMatch(p -> p.startsWith("mediadfs.storage.group:"))
                    .anyMatch(p -> p.startsWith("mediadfs.storage.port:") && p.contains("range"))
                    .anyMatch(p -> p.startsWith("mediadfs.storage.trackers:"))
                    .anyMatch(p -> p.startsWith("mediadfs.storage.heartbeat-seconds:"))
                    .anyMatch(p -> p.startsWith("mediadfs.storage.max-upload:"))
                    .anyMatch(p -> p.startsWith("mediadfs.storage.replication.mode:"))
                    .anyMatch(p -> p.equals("mediadfs.storage.roots: required")));
  }

  @Test
  void groupIsRequired() {
    Map<String, String> m = minimal();
    m.remove("mediadfs.storage.group");
    assertThatThrownBy(() -> StorageConfig.fromMap(m))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mediadfs.storage.group: required");
  }

  @Test
  void reservedSpaceIsOnePerRootOrOneForAll() throws Exception {
    Map<String, String> m = minimal();
    m.put("mediadfs.storage.reserved", "10M;2G");
    StorageConfig c = StorageConfig.fromMap(m);
    assertThat(c.roots().get(0).reservedBytes()).isEqualTo(10L << 20);
    assertThat(c.roots().get(1).reservedBytes()).isEqualTo(2L << 30);
    m.put("mediadfs.storage.reserved", "1;2;3");
    assertThatThrownBy(() -> StorageConfig.fromMap(m))
        .hasMessageContaining("mediadfs.storage.reserved");
  }

  @Test
  void nestedOrDuplicateRootsAreRefused() {
    Map<String, String> m = minimal();
    m.put("mediadfs.storage.roots", "/tmp/a;/tmp/a/b");
    assertThatThrownBy(() -> StorageConfig.fromMap(m)).hasMessageContaining("lies inside");
    m.put("mediadfs.storage.roots", "/tmp/a;/tmp/a/");
    assertThatThrownBy(() -> StorageConfig.fromMap(m)).hasMessageContaining("listed twice");
  }

  @Test
  void shortClusterSecretIsRefusedAndSecretsAreNotPrinted() throws Exception {
    Map<String, String> m = minimal();
    m.put("mediadfs.cluster.secret", "short");
    assertThatThrownBy(() -> StorageConfig.fromMap(m))
        .hasMessageContaining("mediadfs.cluster.secret");
    m.put("mediadfs.cluster.secret", "a-long-enough-secret");
    m.put("mediadfs.storage.db.password", "hunter2-db");
    StorageConfig c = StorageConfig.fromMap(m);
    assertThat(c.clusterSecret()).contains("a-long-enough-secret");
    assertThat(c.toString()).doesNotContain("a-long-enough-secret").doesNotContain("hunter2-db");
  }

  @Test
  void mysqlAndRedisModeAreRecognised() throws Exception {
    Map<String, String> m = minimal();
    m.put("mediadfs.storage.db.url", "jdbc:mysql://127.0.0.1:3306/storage");
    m.put("mediadfs.redis.address", "127.0.0.1:6379");
    StorageConfig c = StorageConfig.fromMap(m);
    assertThat(c.database().isMySql()).isTrue();
    assertThat(c.cache().redisAddress()).contains("redis://127.0.0.1:6379");
    m.put("mediadfs.storage.db.url", "jdbc:postgresql://x/y");
    assertThatThrownBy(() -> StorageConfig.fromMap(m)).hasMessageContaining("jdbc:h2:");
  }

  @Test
  void environmentOverridesTheFileAndSystemPropertiesOverrideTheEnvironment() throws Exception {
    Map<String, String> file = minimal();
    file.put("mediadfs.storage.port", "23001");
    file.put("mediadfs.storage.heartbeat-seconds", "5");
    file.put("mediadfs.storage.data-dir", "/tmp/from-file");
    var config =
        new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(file, "file", 200))
            .withSources(
                new EnvConfigSource(
                    Map.of(
                        "MEDIADFS_STORAGE_PORT", "23002",
                        "MEDIADFS_STORAGE_DATA_DIR", "/tmp/from-env"),
                    300))
            .withSources(
                new PropertiesConfigSource(
                    Map.of("mediadfs.storage.port", "23003"), "sysprops", 400))
            .build();
    StorageConfig c = StorageConfig.from(config);
    assertThat(c.port()).isEqualTo(23003);
    assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/from-env"));
    assertThat(c.heartbeatSeconds()).isEqualTo(5);
  }

  @Test
  void portZeroMeansEphemeralAndIsAccepted() throws Exception {
    Map<String, String> m = minimal();
    m.put("mediadfs.storage.port", "0");
    assertThat(StorageConfig.fromMap(m).port()).isZero();
    assertThat(StorageConfig.fromMap(m).withPort(23456).port()).isEqualTo(23456);
  }
}
