package org.mediadfs.tracker.domain;

import java.util.Objects;

/**
 * What identifies a storage node to the tracker. A node that joins with JOIN_EX is identified by
 * its persisted node ID. A node that uses the original's join is identified by group, host name,
 * peer IP <em>and port</em>: the original left the port out, so two nodes on one host overwrote
 * each other (seed bug 10).
 */
public sealed interface NodeKey {
  /** The key as stored in the database ({@code t_storage_nodes.node_key}); unique per node. */
  String value();

  /** The node's group. */
  String groupName();

  /** A node that joined with JOIN_EX. */
  record ById(String groupName, String nodeId) implements NodeKey {
    public ById {
      Objects.requireNonNull(groupName, "groupName");
      Objects.requireNonNull(nodeId, "nodeId");
    }

    @Override
    public String value() {
      return "node:" + nodeId;
    }
  }

  /** A node that joined with the original's join (10). */
  record Legacy(String groupName, String hostName, String ip, int port) implements NodeKey {
    public Legacy {
      Objects.requireNonNull(groupName, "groupName");
      Objects.requireNonNull(hostName, "hostName");
      Objects.requireNonNull(ip, "ip");
    }

    @Override
    public String value() {
      return "legacy:" + groupName + "/" + hostName + "/" + ip + ":" + port;
    }
  }
}
