package org.mediadfs.tracker.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.message.NodeStatus;

class GroupsTextTest {
  private static final ZoneId ZONE = ZoneId.of("UTC");

  /** The 406-byte reply body captured from the original (seed-reference §4.4), NUL included. */
  private static final String CAPTURED =
      "         COUNT OF GROUPS: 1\n"
          + "               GROUPNAME: group001\n"
          + "       COUNT OF STORAGES: 1\n"
          + "COUNT OF ACTIVE STORAGES: 1\n"
          + "                 VERSION: 1.0\n"
          + "                HOSTNAME: vm\n"
          + "                 ADDRESS: 127.0.0.1:23001\n"
          + "            STARTUP TIME: Thu Nov 26 12:59:39 2026\n"
          + "               JOIN TIME: Thu Nov 26 12:59:39 2026\n"
          + "               BEAT TIME: Thu Nov 26 12:59:59 2026\n"
          + "                  STATUS: ACTIVE\u0000";

  private static long epoch(int h, int m, int s) {
    return LocalDateTime.of(2026, 11, 26, h, m, s).atZone(ZONE).toEpochSecond();
  }

  @Test
  void rendersTheCapturedReplyByteForByte() {
    GroupsText text = new GroupsText(ZONE);
    Map<String, List<GroupsText.Entry>> groups = new LinkedHashMap<>();
    groups.put(
        "group001",
        List.of(
            new GroupsText.Entry(
                "1.0",
                "vm",
                "127.0.0.1",
                23001,
                epoch(12, 59, 39),
                epoch(12, 59, 39),
                epoch(12, 59, 59),
                NodeStatus.ACTIVE)));

    byte[] body = (text.render(groups) + "\0").getBytes(StandardCharsets.UTF_8);

    assertThat(body).hasSize(406);
    assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(CAPTURED);
  }

  @Test
  void ctimePadsTheDayWithASpaceAndUsesTheGivenZone() {
    GroupsText text = new GroupsText(ZoneId.of("Asia/Shanghai"));
    long t = LocalDateTime.of(2023, 6, 1, 22, 4, 5).atZone(ZoneId.of("UTC")).toEpochSecond();
    assertThat(text.ctime(t)).isEqualTo("Fri Jun  2 06:04:05 2023\n");
  }

  @Test
  void nodesFollowEachOtherWithoutBlankLinesAndOnlyActiveNodesCount() {
    GroupsText text = new GroupsText(ZONE);
    long t = epoch(1, 2, 3);
    Map<String, List<GroupsText.Entry>> groups = new LinkedHashMap<>();
    groups.put(
        "g1",
        List.of(
            new GroupsText.Entry("1.0", "a", "10.0.0.1", 23000, t, t, t, NodeStatus.ACTIVE),
            new GroupsText.Entry("1.0", "b", "10.0.0.2", 23001, t, t, t, NodeStatus.SYNCING)));
    groups.put("g2", List.of());

    String out = text.render(groups);

    String ct = "Thu Nov 26 01:02:03 2026\n";
    assertThat(out)
        .isEqualTo(
            "         COUNT OF GROUPS: 2\n"
                + "               GROUPNAME: g1\n"
                + "       COUNT OF STORAGES: 2\n"
                + "COUNT OF ACTIVE STORAGES: 1\n"
                + "                 VERSION: 1.0\n"
                + "                HOSTNAME: a\n"
                + "                 ADDRESS: 10.0.0.1:23000\n"
                + "            STARTUP TIME: "
                + ct
                + "               JOIN TIME: "
                + ct
                + "               BEAT TIME: "
                + ct
                + "                  STATUS: ACTIVE\n"
                + "                 VERSION: 1.0\n"
                + "                HOSTNAME: b\n"
                + "                 ADDRESS: 10.0.0.2:23001\n"
                + "            STARTUP TIME: "
                + ct
                + "               JOIN TIME: "
                + ct
                + "               BEAT TIME: "
                + ct
                + "                  STATUS: SYNCING\n"
                + "               GROUPNAME: g2\n"
                + "       COUNT OF STORAGES: 0\n"
                + "COUNT OF ACTIVE STORAGES: 0");
  }

  @Test
  void noGroupsIsTheCountLineWithoutItsNewline() {
    assertThat(new GroupsText(ZONE).render(Map.of())).isEqualTo("         COUNT OF GROUPS: 0");
  }
}
