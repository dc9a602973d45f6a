package org.mediadfs.wire.message;

/**
 * A storage node's state as a tracker sees it. 0–2 are the original's; SYNCING (catching up from
 * peers: served after ACTIVE nodes) and DRAINING (decommissioned, leaving) are ours.
 */
public enum NodeStatus {
  OFFLINE(0),
  ONLINE(1),
  ACTIVE(2),
  SYNCING(3),
  DRAINING(4);

  private final int code;

  NodeStatus(int code) {
    this.code = code;
  }

  /** The byte on the wire. */
  public int code() {
    return code;
  }

  /** The status with this code. */
  public static NodeStatus of(int code) {
    for (NodeStatus s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown node status: " + code);
  }
}
