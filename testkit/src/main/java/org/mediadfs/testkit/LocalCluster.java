package org.mediadfs.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * A whole mediadfs cluster of real processes on free loopback ports: Payara Micro (tracker, ID
 * server, web) and {@code groups × members} storage nodes. Start it once per test module and share
 * it; {@link #close()} stops everything.
 */
public final class LocalCluster implements AutoCloseable {
  /** How long nodes may take to join and turn ACTIVE. */
  public static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(2);

  private final Path workDir;
  private final ClusterSpec spec;
  private final PayaraMicro payara;
  private final List<StorageProcess> nodes;

  private LocalCluster(
      Path workDir, ClusterSpec spec, PayaraMicro payara, List<StorageProcess> nodes) {
    this.workDir = workDir;
    this.spec = spec;
    this.payara = payara;
    this.nodes = nodes;
  }

  /** Starts Payara Micro and every node, and waits until every node is ACTIVE. */
  public static LocalCluster start(Path workDir, ClusterSpec spec) {
    LocalCluster cluster = startPayara(workDir, spec);
    try {
      cluster.startNodes(StorageProcess.Launch.defaults());
      cluster.awaitAllActive(ACTIVE_TIMEOUT);
      return cluster;
    } catch (RuntimeException | AssertionError e) {
      cluster.nodes().forEach(StorageProcess::kill);
      cluster.payara.stop();
      throw e;
    }
  }

  /**
   * Starts Payara Micro only, so that a caller can prepare its nodes meanwhile; {@link #startNodes}
   * or {@link #launchNodes} start the storage nodes.
   */
  public static LocalCluster startPayara(Path workDir, ClusterSpec spec) {
    List<String> groups =
        IntStream.rangeClosed(1, spec.groups()).mapToObj(ClusterSpec::groupName).toList();
    Map<String, String> payaraProps = new LinkedHashMap<>();
    payaraProps.put("mediadfs.tracker.groups", String.join(";", groups));
    payaraProps.putAll(spec.payaraProps());
    PayaraMicro payara = PayaraMicro.start(workDir.resolve("payara"), payaraProps);
    return new LocalCluster(workDir, spec, payara, new ArrayList<>());
  }

  /**
   * Starts every node of the spec at once and waits until each one's port answers (not until it is
   * ACTIVE: {@link #awaitAllActive}). On failure every node started is killed.
   */
  public void startNodes(StorageProcess.Launch launch) {
    List<StorageProcess> started = launchNodes(launch);
    try {
      started.forEach(StorageProcess::awaitReady);
    } catch (RuntimeException | AssertionError e) {
      started.forEach(StorageProcess::kill);
      throw e;
    }
  }

  /**
   * Launches every node of the spec at once without waiting for them ({@link
   * StorageProcess#awaitReady()} waits for one); each node's start-up then overlaps the others'.
   *
   * @param launch JVM options and class path of the nodes (e.g. with a {@link StorageAot} cache)
   * @return the nodes, launched
   */
  public synchronized List<StorageProcess> launchNodes(StorageProcess.Launch launch) {
    if (!nodes.isEmpty()) {
      throw new IllegalStateException("the nodes are already started");
    }
    for (int g = 1; g <= spec.groups(); g++) {
      for (int m = 1; m <= spec.membersPerGroup(); m++) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("mediadfs.storage.group", ClusterSpec.groupName(g));
        props.put("mediadfs.storage.trackers", payara.tracker().toString());
        props.put("mediadfs.storage.id-servers", payara.idServer().toString());
        props.put("mediadfs.storage.heartbeat-seconds", "2");
        if (spec.payaraProps().containsKey("mediadfs.cluster.secret")) {
          props.put("mediadfs.cluster.secret", spec.payaraProps().get("mediadfs.cluster.secret"));
        }
        props.putAll(spec.storageProps());
        nodes.add(
            StorageProcess.create("g" + g + "m" + m, workDir.resolve("nodes"), props, launch));
      }
    }
    try {
      nodes.forEach(StorageProcess::launch);
    } catch (RuntimeException e) {
      nodes.forEach(StorageProcess::kill);
      throw e;
    }
    return List.copyOf(nodes);
  }

  /** Waits until the tracker lists every running node of this cluster as ACTIVE. */
  public void awaitAllActive(Duration timeout) {
    Await.until(
        timeout,
        "every storage node ACTIVE at the tracker",
        () -> {
          Map<Integer, NodeStatus> byPort =
              nodes().stream()
                  .collect(Collectors.toMap(n -> n.address().port(), n -> NodeStatus.OFFLINE));
          for (NodeInfo n : trackerNodes()) {
            byPort.computeIfPresent(n.port(), (p, old) -> n.status());
          }
          return nodes().stream()
              .filter(StorageProcess::isAlive)
              .allMatch(n -> byPort.get(n.address().port()) == NodeStatus.ACTIVE);
        });
  }

  /** The tracker's NODES answer. */
  public List<NodeInfo> trackerNodes() throws IOException, ErrorReplyException {
    try (WireConnection c =
        WireConnection.open(
            payara.tracker(), Duration.ofSeconds(5), Duration.ofSeconds(30), Limits.DEFAULT)) {
      return c.expect(new Request.Nodes(), Response.Nodes.class).nodes();
    }
  }

  /** The tracker. */
  public HostPort tracker() {
    return payara.tracker();
  }

  /** The tracker list as a client takes it: {@code host:port}. */
  public String trackersSpec() {
    return payara.tracker().toString();
  }

  /** The Payara process. */
  public PayaraMicro payara() {
    return payara;
  }

  /** Every storage node, in group order. */
  public synchronized List<StorageProcess> nodes() {
    return List.copyOf(nodes);
  }

  /** The nodes of one group. */
  public List<StorageProcess> group(String name) {
    return nodes().stream().filter(n -> name.equals(n.group())).toList();
  }

  /** The shape it was started with. */
  public ClusterSpec spec() {
    return spec;
  }

  /** Where its data and logs are. */
  public Path workDir() {
    return workDir;
  }

  @Override
  public void close() {
    RuntimeException first = null;
    try {
      StorageProcess.stopAll(nodes());
    } catch (RuntimeException e) {
      first = e;
    }
    try {
      payara.stop();
    } catch (RuntimeException e) {
      first = first == null ? e : first;
    }
    if (first != null) {
      throw first;
    }
  }
}
