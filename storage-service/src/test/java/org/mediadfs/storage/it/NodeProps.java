package org.mediadfs.storage.it;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mediadfs.storage.StorageConfig;
import org.mediadfs.storage.StorageNode;

/** Settings of a test node: fresh folders, an ephemeral port, the shared Payara. */
public final class NodeProps {
  private NodeProps() {}

  /**
   * A fresh group name (the shared tracker registers groups on first join): nodes of one group
   * replicate with each other, so every test that does not test replication keeps its nodes apart.
   */
  public static String group() {
    StringBuilder b = new StringBuilder("t");
    for (int i = 0; i < 10; i++) {
      b.append(
          "abcdefghijklmnopqrstuvwxyz0123456789"
              .charAt(java.util.concurrent.ThreadLocalRandom.current().nextInt(36)));
    }
    return b.toString();
  }

  /** Properties for a node of {@code group} whose files live under {@code dir}. */
  public static Map<String, String> of(Path dir, String group) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("mediadfs.storage.group", group);
    m.put("mediadfs.storage.bind", "127.0.0.1");
    m.put("mediadfs.storage.host", "127.0.0.1");
    m.put("mediadfs.storage.port", "0");
    m.put("mediadfs.storage.data-dir", dir.resolve("data").toString());
    m.put("mediadfs.storage.roots", dir.resolve("store0") + ";" + dir.resolve("store1"));
    m.put("mediadfs.storage.reserved", "0");
    m.put("mediadfs.storage.trackers", SharedPayara.tracker().toString());
    m.put("mediadfs.storage.id-servers", SharedPayara.idServer().toString());
    m.put("mediadfs.storage.heartbeat-seconds", "1");
    m.put("mediadfs.cluster.secret", SharedPayara.SECRET);
    m.put("mediadfs.storage.scrub.bytes-per-second", "0");
    return m;
  }

  /** Starts an in-process node. */
  public static StorageNode start(Map<String, String> props) throws Exception {
    StorageNode n = StorageNode.start(StorageConfig.fromMap(props));
    try {
      // Until a tracker has answered, the node does not know its group and answers a read of a
      // file it lacks with NOT_HERE_YET rather than NOT_FOUND.
      org.mediadfs.testkit.Await.until(
          java.time.Duration.ofSeconds(60),
          "node to hear from a tracker",
          () -> n.trackers().members().known());
    } catch (AssertionError e) {
      n.close();
      throw e;
    }
    return n;
  }
}
