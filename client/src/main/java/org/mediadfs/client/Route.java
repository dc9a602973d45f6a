package org.mediadfs.client;

import java.util.List;
import org.mediadfs.wire.message.HostPort;

/**
 * The tracker's answer for a user: the user's group and up to three nodes, in the order to try them
 * (the tracker puts the least loaded ACTIVE ones first).
 *
 * @param groupName the user's group
 * @param nodes storage addresses
 */
public record Route(String groupName, List<HostPort> nodes) {
  public Route {
    nodes = List.copyOf(nodes);
  }
}
