package org.mediadfs.testkit;

import java.util.Map;

/**
 * The shape of a {@link LocalCluster}.
 *
 * @param groups how many groups ({@code group001}, {@code group002}, …)
 * @param membersPerGroup storage nodes per group
 * @param payaraProps extra system properties for the Payara application
 * @param storageProps extra system properties for every storage node
 */
public record ClusterSpec(
    int groups,
    int membersPerGroup,
    Map<String, String> payaraProps,
    Map<String, String> storageProps) {
  public ClusterSpec {
    if (groups < 1 || membersPerGroup < 1) {
      throw new IllegalArgumentException("a cluster has at least one group of one node");
    }
    payaraProps = Map.copyOf(payaraProps);
    storageProps = Map.copyOf(storageProps);
  }

  /** {@code groups} groups of {@code members} nodes, default settings. */
  public static ClusterSpec of(int groups, int members) {
    return new ClusterSpec(groups, members, Map.of(), Map.of());
  }

  /** The same shape with extra Payara properties. */
  public ClusterSpec withPayara(Map<String, String> props) {
    return new ClusterSpec(groups, membersPerGroup, props, storageProps);
  }

  /** The same shape with extra storage properties. */
  public ClusterSpec withStorage(Map<String, String> props) {
    return new ClusterSpec(groups, membersPerGroup, payaraProps, props);
  }

  /** The name of group {@code i} (1-based). */
  public static String groupName(int i) {
    return String.format("group%03d", i);
  }
}
