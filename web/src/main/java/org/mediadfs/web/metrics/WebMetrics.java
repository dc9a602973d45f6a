package org.mediadfs.web.metrics;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.PeerLag;

/**
 * The web tier's MicroProfile Metrics (served by Payara at {@code /metrics?scope=application} in
 * Prometheus text): stream requests by status, bytes streamed, stream errors (storage failures and
 * clients that hung up), streams in progress, API requests by status, and per storage node the
 * replication lag (log entries and bytes behind its peers, summed) and free space, refreshed from
 * the tracker every {@value #REFRESH_SECONDS} s.
 */
@ApplicationScoped
public class WebMetrics {
  private static final System.Logger LOG = System.getLogger(WebMetrics.class.getName());

  /** Seconds between two reads of the nodes' state. */
  static final long REFRESH_SECONDS = 5;

  @Inject MetricRegistry registry;
  @Inject MediadfsClient client;

  @Resource ManagedScheduledExecutorService scheduler;

  private final AtomicInteger activeStreams = new AtomicInteger();
  private final Map<String, NodeInfo> nodes = new ConcurrentHashMap<>();
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private final Map<Integer, Counter> streamStatus = new ConcurrentHashMap<>();
  private final Map<Integer, Counter> apiStatus = new ConcurrentHashMap<>();
  private Counter bytes;
  private Counter storageErrors;
  private Counter clientAborts;
  private ScheduledFuture<?> refresher;

  @PostConstruct
  void init() {
    bytes = registry.counter("mediadfs_stream_bytes");
    storageErrors = registry.counter("mediadfs_stream_errors", new Tag("cause", "storage"));
    clientAborts = registry.counter("mediadfs_stream_errors", new Tag("cause", "client_gone"));
    registry.gauge("mediadfs_streams_active", activeStreams::get);
    if (scheduler != null) {
      refresher =
          scheduler.scheduleWithFixedDelay(
              this::refreshNodes, 1, REFRESH_SECONDS, TimeUnit.SECONDS);
    }
  }

  @PreDestroy
  void stop() {
    if (refresher != null) {
      refresher.cancel(false);
    }
  }

  /** A stream request answered with {@code status}. */
  public void streamRequest(int status) {
    streamStatus
        .computeIfAbsent(
            status,
            s -> registry.counter("mediadfs_stream_requests", new Tag("status", s.toString())))
        .inc();
  }

  /** An API request answered with {@code status}. */
  public void apiRequest(int status) {
    apiStatus
        .computeIfAbsent(
            status, s -> registry.counter("mediadfs_api_requests", new Tag("status", s.toString())))
        .inc();
  }

  /** Bytes sent to a stream client. */
  public void bytesStreamed(long n) {
    bytes.inc(n);
  }

  /** A stream broke on the storage side after its headers were sent. */
  public void storageError() {
    storageErrors.inc();
  }

  /** A client hung up in the middle of a stream. */
  public void clientGone() {
    clientAborts.inc();
  }

  /** A stream started; the result ends it. */
  public Runnable streamStarted() {
    activeStreams.incrementAndGet();
    return activeStreams::decrementAndGet;
  }

  /** Streams being sent now. */
  public int activeStreams() {
    return activeStreams.get();
  }

  /** Reads every node's state from the tracker and registers gauges for nodes seen first. */
  void refreshNodes() {
    List<NodeInfo> now;
    try {
      now = client.nodes();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, () -> "metrics: cannot read nodes: " + e);
      return;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "metrics: reading nodes failed: " + e, e);
      return;
    }
    for (NodeInfo n : now) {
      String key = key(n);
      nodes.put(key, n);
      if (registered.add(key)) {
        Tag[] tags = {new Tag("group", n.groupName()), new Tag("node", key)};
        registry.gauge("mediadfs_node_lag_entries", () -> lag(key, true), tags);
        registry.gauge("mediadfs_node_lag_bytes", () -> lag(key, false), tags);
        registry.gauge("mediadfs_node_free_bytes", () -> free(key), tags);
      }
    }
  }

  private long lag(String key, boolean entries) {
    NodeInfo n = nodes.get(key);
    if (n == null) {
      return 0;
    }
    return n.lags().stream().mapToLong(entries ? PeerLag::entries : PeerLag::bytes).sum();
  }

  private long free(String key) {
    NodeInfo n = nodes.get(key);
    return n == null ? 0 : n.freeBytes();
  }

  /** A node's name in metrics: its node ID, or its address for an original node. */
  static String key(NodeInfo n) {
    return n.nodeId().isEmpty() ? n.host() + ":" + n.port() : n.nodeId();
  }
}
