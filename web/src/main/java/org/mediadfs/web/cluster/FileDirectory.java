package org.mediadfs.web.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.client.MediadfsException;
import org.mediadfs.client.MediadfsNotFoundException;
import org.mediadfs.client.MediadfsUnavailableException;
import org.mediadfs.web.config.WebConfig;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;

/**
 * Finds where a file lives given only its ID, and remembers it (files never change group). First
 * the {@link FileLocator} beans (the portal's catalog), then one live node per group, asked with
 * STAT and an empty user ID (the node searches all its tables). Thread-safe.
 *
 * <p>Answers: the location; {@link MediadfsNotFoundException} when every group answered and none
 * holds the file; {@link MediadfsUnavailableException} when it is in no group that answered but
 * some group could not be asked (then "not found" would be a guess).
 */
@ApplicationScoped
public class FileDirectory {
  private static final System.Logger LOG = System.getLogger(FileDirectory.class.getName());

  @Inject MediadfsClient client;
  @Inject WebConfig config;
  @Inject Instance<FileLocator> locators;

  private Cache<String, FileLocation> cache;

  @PostConstruct
  void init() {
    cache = Caffeine.newBuilder().maximumSize(config.locateCacheSize()).build();
  }

  /** The location of a file, from the cache, a locator, or the nodes. */
  public FileLocation locate(String fileId) throws IOException {
    FileLocation hit = cache.getIfPresent(fileId);
    if (hit != null) {
      return hit;
    }
    FileLocation found = find(fileId);
    cache.put(fileId, found);
    return found;
  }

  /** Locates a file and returns its metadata too, in as few round trips as possible. */
  public Located stat(String fileId) throws IOException {
    FileLocation hit = cache.getIfPresent(fileId);
    if (hit != null) {
      try {
        return new Located(hit, client.stat(hit.appId(), hit.userId(), fileId));
      } catch (MediadfsNotFoundException e) {
        // Purged and gone, or the cached owner was wrong: look again.
        cache.invalidate(fileId);
      }
    }
    Optional<FileLocator.FileOwner> owner = fromLocators(fileId);
    if (owner.isPresent()) {
      FileLocator.FileOwner o = owner.get();
      FileMeta m = client.stat(o.appId(), o.userId(), fileId);
      FileLocation l = new FileLocation(o.appId(), o.userId(), "");
      cache.put(fileId, l);
      return new Located(l, m);
    }
    Located l = probe(fileId);
    cache.put(fileId, l.location());
    return l;
  }

  /** A location and the metadata read with it. */
  public record Located(FileLocation location, FileMeta meta) {}

  /** Forgets a file (after a purge, or when a node no longer knows it). */
  public void forget(String fileId) {
    cache.invalidate(fileId);
  }

  private FileLocation find(String fileId) throws IOException {
    Optional<FileLocator.FileOwner> owner = fromLocators(fileId);
    if (owner.isPresent()) {
      return new FileLocation(owner.get().appId(), owner.get().userId(), "");
    }
    return probe(fileId).location();
  }

  private Optional<FileLocator.FileOwner> fromLocators(String fileId) {
    for (FileLocator l : locators) {
      try {
        Optional<FileLocator.FileOwner> o = l.ownerOf(fileId);
        if (o.isPresent()) {
          return o;
        }
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            () -> "file locator " + l.getClass().getName() + " failed for " + fileId,
            e);
      }
    }
    return Optional.empty();
  }

  /** Asks one node per group ({@link #candidates} order, the next on failure). */
  private Located probe(String fileId) throws IOException {
    Map<String, List<NodeInfo>> byGroup = candidates(client.nodes());
    List<String> unreachable = new ArrayList<>();
    for (Map.Entry<String, List<NodeInfo>> g : byGroup.entrySet()) {
      IOException last = null;
      boolean answered = false;
      for (NodeInfo n : g.getValue()) {
        try {
          FileMeta m = client.statAnyOwner(new HostPort(n.host(), n.port()), g.getKey(), fileId);
          return new Located(new FileLocation(m.appId(), m.userId(), g.getKey()), m);
        } catch (MediadfsNotFoundException e) {
          answered = true;
          break;
        } catch (IOException e) {
          last = e;
        }
      }
      if (!answered) {
        unreachable.add(g.getKey());
        IOException cause = last;
        LOG.log(
            Level.WARNING,
            () -> "cannot ask group " + g.getKey() + " for file " + fileId + ": " + cause);
      }
    }
    if (!unreachable.isEmpty()) {
      throw MediadfsException.local(
          ErrorCode.UNAVAILABLE,
          "file "
              + fileId
              + " is in no reachable group; groups "
              + unreachable
              + " did not answer");
    }
    throw MediadfsException.local(ErrorCode.NOT_FOUND, "no such file: " + fileId);
  }

  /**
   * The nodes to ask, per group, most likely to answer first: ACTIVE, then SYNCING and DRAINING
   * (they serve reads), then ONLINE (joined, no heartbeat yet). OFFLINE nodes are not asked, and a
   * group without any other node is left out: the tracker says nothing of it is up, so it cannot
   * hold a file that can be served now.
   */
  static Map<String, List<NodeInfo>> candidates(List<NodeInfo> nodes) {
    Map<String, List<NodeInfo>> out = new LinkedHashMap<>();
    nodes.stream()
        .filter(n -> n.status() != NodeStatus.OFFLINE)
        .sorted(
            Comparator.comparing(NodeInfo::groupName).thenComparingInt(n -> preference(n.status())))
        .forEach(n -> out.computeIfAbsent(n.groupName(), g -> new ArrayList<>()).add(n));
    return out;
  }

  private static int preference(NodeStatus s) {
    return switch (s) {
      case ACTIVE -> 0;
      case SYNCING, DRAINING -> 1;
      case ONLINE, OFFLINE -> 2;
    };
  }
}
