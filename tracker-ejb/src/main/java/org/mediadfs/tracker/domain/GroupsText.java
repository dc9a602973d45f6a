package org.mediadfs.tracker.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mediadfs.wire.message.NodeStatus;

/**
 * The text of the groups reply (command 13), byte for byte as the original builds it in {@code
 * service_c::groups} (seed-reference §4.4; [NV] {@code src/02_tracker/08_service.cpp}):
 *
 * <pre>
 *          COUNT OF GROUPS: n
 *                GROUPNAME: g             (per group, by name)
 *        COUNT OF STORAGES: k
 * COUNT OF ACTIVE STORAGES: a
 *                  VERSION: v             (per node, in order of first join)
 *                 HOSTNAME: h
 *                  ADDRESS: ip:port
 *             STARTUP TIME: ctime(stime)  (ctime's own "\n" ends the line)
 *                JOIN TIME: ctime(jtime)
 *                BEAT TIME: ctime(btime)
 *                   STATUS: OFFLINE|ONLINE|ACTIVE|...
 * </pre>
 *
 * Labels are right-aligned to 24 characters; the last character (a {@code \n}) is removed, and the
 * wire adds the NUL. The original appends {@code "\n"} after each node's STATUS, which only ends
 * that line: consecutive nodes are <em>not</em> separated by a blank line in the original's output
 * (seed-reference §4.4 says "blank line between storages"; its source does not produce one, and
 * byte compatibility with the original wins). Times are {@code ctime()} in the tracker's zone:
 * {@code "Thu Nov 26 12:59:39 2026"}, the day space-padded to two characters.
 *
 * <p>Our SYNCING and DRAINING states are printed by name (the original printed UNKNOWN for any
 * state it did not know); only ACTIVE nodes count as active.
 */
public final class GroupsText {
  private static final DateTimeFormatter CTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

  private final ZoneId zone;

  public GroupsText(ZoneId zone) {
    this.zone = zone;
  }

  /** One node as the text shows it. */
  public record Entry(
      String version,
      String hostName,
      String host,
      int port,
      long startTime,
      long joinTime,
      long beatTime,
      NodeStatus status) {}

  /**
   * The text without the trailing NUL.
   *
   * @param groups group name to its nodes, in the order to print (callers pass a sorted map)
   */
  public String render(Map<String, List<Entry>> groups) {
    StringBuilder b = new StringBuilder(256 + 400 * groups.size());
    b.append("         COUNT OF GROUPS: ").append(groups.size()).append('\n');
    groups.forEach(
        (name, nodes) -> {
          long active = nodes.stream().filter(e -> e.status() == NodeStatus.ACTIVE).count();
          b.append("               GROUPNAME: ").append(name).append('\n');
          b.append("       COUNT OF STORAGES: ").append(nodes.size()).append('\n');
          b.append("COUNT OF ACTIVE STORAGES: ").append(active).append('\n');
          for (Entry e : nodes) {
            b.append("                 VERSION: ").append(e.version()).append('\n');
            b.append("                HOSTNAME: ").append(e.hostName()).append('\n');
            b.append("                 ADDRESS: ")
                .append(e.host())
                .append(':')
                .append(e.port())
                .append('\n');
            b.append("            STARTUP TIME: ").append(ctime(e.startTime()));
            b.append("               JOIN TIME: ").append(ctime(e.joinTime()));
            b.append("               BEAT TIME: ").append(ctime(e.beatTime()));
            b.append("                  STATUS: ").append(e.status().name()).append('\n');
          }
        });
    b.setLength(b.length() - 1); // the original drops the last character, always a '\n'
    return b.toString();
  }

  /** C's {@code ctime()}: {@code "Thu Nov 26 12:59:39 2026\n"}. */
  public String ctime(long epochSeconds) {
    return CTIME.format(Instant.ofEpochSecond(epochSeconds).atZone(zone)) + "\n";
  }
}
