package org.mediadfs.web.api;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.PeerLag;
import org.mediadfs.wire.message.RootStat;

/**
 * The JSON shapes of the management API: records only, built from the protocol's value types here
 * and nowhere else (never JPA entities or wire records on the wire of the API). Pure.
 */
public final class Views {
  private Views() {}

  /** A group with its nodes. */
  public record GroupView(String name, int nodes, int activeNodes, List<NodeView> members) {}

  /** A request to create a group. */
  public record NewGroup(String name) {}

  /** A store root of a node. */
  public record RootView(String storeId, long totalBytes, long freeBytes, boolean readOnly) {}

  /** Replication lag behind one peer. */
  public record LagView(String peer, long entries, long bytes) {}

  /** Load of a node. */
  public record LoadView(int connections, long bytesInPerSecond, long bytesOutPerSecond) {}

  /** A storage node as the tracker sees it now. */
  public record NodeView(
      String nodeId,
      String group,
      String host,
      int port,
      String status,
      String version,
      String hostName,
      long freeBytes,
      long totalBytes,
      List<RootView> roots,
      LoadView load,
      Instant started,
      Instant joined,
      Instant lastHeartbeat,
      int heartbeatSeconds,
      long lagEntries,
      long lagBytes,
      List<LagView> lags) {}

  /** A stored file. */
  public record FileView(
      String fileId,
      String appId,
      String userId,
      String group,
      long size,
      String crc32c,
      String contentType,
      String status,
      Instant created,
      Instant updated) {}

  /**
   * A page of files; {@code next} is the cursor of the following page, null after the last; {@code
   * unavailableGroups} names groups no node of which answered (their files are missing).
   */
  public record FilePage(List<FileView> files, String next, List<String> unavailableGroups) {}

  /** An app ID. */
  public record AppView(String appId) {}

  /** A request to register an app ID. */
  public record NewApp(String appId) {}

  /** One health check. */
  public record Check(String name, String status, String detail) {}

  /** The overall health: UP only when every check is. */
  public record Health(String status, List<Check> checks) {}

  /** An account (never its password). */
  public record UserView(String username, Set<String> roles, Instant created) {}

  /** A request to create an account. */
  public record NewUser(String username, String password, Set<String> roles) {}

  /** A request to change a password. */
  public record NewPassword(String password) {}

  /** The caller. */
  public record Me(String username, Set<String> roles) {}

  /** A request for an API token; {@code expiresInSeconds} null or 0: never expires. */
  public record NewToken(String label, Long expiresInSeconds) {}

  /** A new token: the only time {@code token} is shown. */
  public record CreatedToken(String id, String token, String label, Instant expires) {}

  /** A token without its secret. */
  public record TokenView(String id, String label, Instant created, Instant expires) {}

  /** A request for a signed link; {@code ttlSeconds} null: the configured default. */
  public record NewLink(Long ttlSeconds, String name) {}

  /** A signed stream link: a path relative to the site root, and when it expires. */
  public record SignedLink(String path, Instant expires) {}

  /** A link-signing key (never the secret). */
  public record KeyView(String kid, Instant created, boolean current) {}

  /** Whether stream links must be signed. */
  public record LinkPolicyView(boolean required) {}

  /** The view of a node. */
  public static NodeView node(NodeInfo n) {
    long total = n.roots().stream().mapToLong(RootStat::totalBytes).sum();
    return new NodeView(
        n.nodeId(),
        n.groupName(),
        n.host(),
        n.port(),
        n.status().name(),
        n.version(),
        n.hostName(),
        n.freeBytes(),
        total,
        n.roots().stream()
            .map(r -> new RootView(r.storeId(), r.totalBytes(), r.freeBytes(), r.readOnly()))
            .toList(),
        new LoadView(
            n.load().connections(), n.load().bytesInPerSecond(), n.load().bytesOutPerSecond()),
        Instant.ofEpochSecond(n.startTime()),
        Instant.ofEpochSecond(n.joinTime()),
        Instant.ofEpochSecond(n.beatTime()),
        n.heartbeatSeconds(),
        n.lags().stream().mapToLong(PeerLag::entries).sum(),
        n.lags().stream().mapToLong(PeerLag::bytes).sum(),
        n.lags().stream().map(l -> new LagView(l.peerNodeId(), l.entries(), l.bytes())).toList());
  }

  /** The view of a file. */
  public static FileView file(FileMeta m, String group) {
    return new FileView(
        m.fileId(),
        m.appId(),
        m.userId(),
        group == null || group.isEmpty() ? null : group,
        m.size(),
        crc(m.crc32c()),
        m.contentType(),
        m.status().name(),
        Instant.ofEpochMilli(m.createTime()),
        Instant.ofEpochMilli(m.updateTime()));
  }

  /** A CRC32C as 8 hex digits. */
  static String crc(long crc32c) {
    return HexFormat.of().toHexDigits((int) crc32c);
  }
}
