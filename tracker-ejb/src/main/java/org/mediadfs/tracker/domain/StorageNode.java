package org.mediadfs.tracker.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * Durable membership of one storage node ({@code t_storage_nodes}): who it is, where clients reach
 * it, and when it first and last joined. Live state (status, beats, space, load) is not here: it
 * lives in each tracker's memory ({@link LiveNode}). Invariant: {@code nodeKey} is {@link
 * NodeKey#value()} and never changes; {@code firstJoin} is set once.
 */
@Entity
@Table(name = "t_storage_nodes")
public class StorageNode {
  @Id
  @Column(name = "node_key", length = 255, nullable = false)
  private String nodeKey;

  @Column(name = "node_id", length = 64)
  private String nodeId;

  @Column(name = "group_name", length = 16, nullable = false)
  private String groupName;

  @Column(name = "host_name", length = 128, nullable = false)
  private String hostName;

  @Column(name = "host", length = 255, nullable = false)
  private String host;

  @Column(name = "port", nullable = false)
  private int port;

  @Column(name = "version", length = 32, nullable = false)
  private String version;

  @Column(name = "start_time", nullable = false)
  private long startTime;

  @Column(name = "first_join", nullable = false)
  private Instant firstJoin;

  @Column(name = "last_join", nullable = false)
  private Instant lastJoin;

  @Column(name = "join_count", nullable = false)
  private long joinCount;

  /** For JPA. */
  protected StorageNode() {}

  /** A node joining for the first time. */
  public StorageNode(JoinRecord j) {
    this.nodeKey = j.key().value();
    this.groupName = j.key().groupName();
    this.firstJoin = j.at();
    this.joinCount = 0;
    rejoin(j);
  }

  /** Records another join: address, version and times may have changed. */
  public final void rejoin(JoinRecord j) {
    if (!nodeKey.equals(j.key().value())) {
      throw new IllegalArgumentException("join of " + j.key() + " applied to " + nodeKey);
    }
    this.nodeId = j.nodeId().isEmpty() ? null : j.nodeId();
    this.groupName = j.key().groupName();
    this.hostName = j.hostName();
    this.host = j.host();
    this.port = j.port();
    this.version = j.version();
    this.startTime = j.startTime();
    this.lastJoin = j.at();
    this.joinCount++;
  }

  public String nodeKey() {
    return nodeKey;
  }

  public String groupName() {
    return groupName;
  }

  public Instant firstJoin() {
    return firstJoin;
  }

  public Instant lastJoin() {
    return lastJoin;
  }

  public long joinCount() {
    return joinCount;
  }

  /**
   * What a join tells the durable store.
   *
   * @param key identity
   * @param nodeId persisted node ID or empty
   * @param version software version
   * @param hostName host name
   * @param host advertised address
   * @param port advertised port
   * @param startTime node start, epoch seconds
   * @param at when the tracker accepted the join
   */
  public record JoinRecord(
      NodeKey key,
      String nodeId,
      String version,
      String hostName,
      String host,
      int port,
      long startTime,
      Instant at) {
    public JoinRecord {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(nodeId, "nodeId");
      Objects.requireNonNull(at, "at");
    }
  }
}
