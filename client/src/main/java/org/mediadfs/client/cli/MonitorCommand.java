package org.mediadfs.client.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.PeerLag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code monitor}: a readable table of groups and nodes from the tracker's NODES answer — status,
 * free space, load, time since the last heartbeat and replication lag — optionally refreshed. The
 * group names come from the groups reply as well, so a group that has no node yet is listed too.
 *
 * <p>A group's free space is what the tracker places new users by: the least any of its ACTIVE
 * members reported (every member holds a copy of every file, so the fullest one decides), 0 when
 * none did. The members' figures are not added up; each node's own is in its row.
 */
@Command(
    name = "monitor",
    description = "Show groups and nodes: status, free space, load, last beat, replication lag.",
    mixinStandardHelpOptions = true)
final class MonitorCommand implements Callable<Integer> {
  @ParentCommand MediadfsCli cli;

  @Option(
      names = "--watch",
      arity = "0..1",
      paramLabel = "SECONDS",
      fallbackValue = "2",
      description = "Refresh every SECONDS (default 2) until interrupted.")
  Integer watch;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintStream out = cli.ctx.out();
    try (MediadfsClient client = cli.client()) {
      if (watch == null) {
        out.print(render(client.groupNames(), client.nodes(), Instant.now()));
        return ExitCodes.OK;
      }
      Duration every = Duration.ofSeconds(Math.max(1, watch));
      while (!Thread.currentThread().isInterrupted()) {
        String table;
        try {
          table = render(client.groupNames(), client.nodes(), Instant.now());
        } catch (IOException e) {
          table = "tracker unreachable: " + e.getMessage() + "\n";
        }
        if (cli.ctx.terminal()) {
          out.print("\033[H\033[2J"); // home + clear: redraw in place
        }
        out.print(Instant.now() + "  (every " + every.toSeconds() + " s, Ctrl-C to stop)\n");
        out.print(table);
        out.flush();
        Thread.sleep(every);
      }
      return ExitCodes.OK;
    }
  }

  /** The table for these groups (and any other group a node names) as seen at {@code now}. */
  static String render(List<String> groups, List<NodeInfo> nodes, Instant now) {
    Map<String, List<NodeInfo>> byGroup = new TreeMap<>();
    for (String g : groups) {
      byGroup.put(g, new ArrayList<>());
    }
    for (NodeInfo n : nodes) {
      byGroup.computeIfAbsent(n.groupName(), g -> new ArrayList<>()).add(n);
    }
    StringBuilder b = new StringBuilder();
    if (byGroup.isEmpty()) {
      return "no storage nodes known to the tracker\n";
    }
    String header =
        String.format(
            Locale.ROOT,
            "  %-21s %-8s %10s %5s %5s %10s %10s %9s %14s  %s%n",
            "NODE",
            "STATUS",
            "FREE",
            "ROOTS",
            "CONN",
            "IN/s",
            "OUT/s",
            "LAST BEAT",
            "LAG",
            "NODE ID / VERSION");
    for (var e : byGroup.entrySet()) {
      List<NodeInfo> members = e.getValue();
      if (members.isEmpty()) {
        b.append(String.format(Locale.ROOT, "%s: 0 node(s)%n", e.getKey()));
        continue;
      }
      long active = members.stream().filter(n -> n.status() == NodeStatus.ACTIVE).count();
      b.append(
          String.format(
              Locale.ROOT,
              "%s: %d node(s), %d active, %s free%n",
              e.getKey(),
              members.size(),
              active,
              Units.bytes(NodeInfo.groupFreeBytes(members))));
      b.append(header);
      for (NodeInfo n : members) {
        long readOnly = n.roots().stream().filter(r -> r.readOnly()).count();
        long lagEntries = n.lags().stream().mapToLong(PeerLag::entries).max().orElse(0);
        long lagBytes = n.lags().stream().mapToLong(PeerLag::bytes).max().orElse(0);
        String beat =
            n.beatTime() <= 0
                ? "never"
                : Units.ago(Duration.between(Instant.ofEpochSecond(n.beatTime()), now)) + " ago";
        b.append(
            String.format(
                Locale.ROOT,
                "  %-21s %-8s %10s %5s %5d %10s %10s %9s %14s  %s%n",
                n.host() + ":" + n.port(),
                n.status(),
                Units.bytes(n.freeBytes()),
                n.roots().size() + (readOnly > 0 ? "(" + readOnly + "ro)" : ""),
                n.load().connections(),
                Units.bytes(n.load().bytesInPerSecond()),
                Units.bytes(n.load().bytesOutPerSecond()),
                beat,
                lagEntries == 0 && lagBytes == 0 ? "-" : lagEntries + "/" + Units.bytes(lagBytes),
                (n.nodeId().isEmpty() ? "-" : shortId(n.nodeId())) + " " + n.version()));
      }
    }
    return b.toString();
  }

  private static String shortId(String id) {
    return id.length() <= 8 ? id : id.substring(0, 8);
  }
}
