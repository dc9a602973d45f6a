package org.mediadfs.tracker.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mediadfs.tracker.domain.FakeTime;
import org.mediadfs.tracker.domain.GroupsText;
import org.mediadfs.tracker.domain.NodeRegistry;
import org.mediadfs.tracker.infrastructure.cache.CaffeineRouteCache;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Load;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.PeerLag;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;
import org.mediadfs.wire.message.RootStat;

/** The administration use cases the web tier's management API calls (issue 7). */
class TrackerAdminTest {
  private static final Instant T0 = Instant.parse("2026-11-26T15:00:00Z");

  private final FakeTime time = new FakeTime(T0);
  private final Fakes.MemoryMembership membership = new Fakes.MemoryMembership();
  private final NodeRegistry registry = new NodeRegistry(time, time, 3);
  private final TrackerService svc = service();

  private TrackerService service() {
    membership.seed(List.of("tnvideo"), List.of("group001", "group002"));
    return new TrackerService(
        registry,
        membership,
        new Router(new Fakes.MemoryRoutes(), new CaffeineRouteCache(Duration.ofMinutes(1), 100)),
        new SplittableRandom(3),
        new GroupsText(ZoneId.of("UTC")),
        false);
  }

  private void join(String id, String group, int port) throws TrackerException {
    long t = T0.getEpochSecond();
    svc.joinEx(
        new Request.JoinEx(id, "2.0", group, "h-" + id, "127.0.0.1", port, t, t, 5), "127.0.0.1");
  }

  private Response.Members beat(String id, String group, PeerLag... lags) throws TrackerException {
    return (Response.Members)
        svc.beatEx(
            new Request.BeatEx(
                id,
                group,
                NodeStatus.ACTIVE,
                5,
                List.of(new RootStat("r", 1L << 40, 1L << 39, false)),
                Load.IDLE,
                List.of(lags)));
  }

  private NodeStatus status(String id) {
    return ((Response.Nodes) svc.nodes())
        .nodes().stream()
            .filter(n -> n.nodeId().equals(id))
            .map(NodeInfo::status)
            .findFirst()
            .orElseThrow();
  }

  private ErrorCode failure(ThrowingCall c) {
    try {
      c.run();
    } catch (TrackerException e) {
      return e.code();
    }
    throw new AssertionError("no TrackerException");
  }

  @FunctionalInterface
  private interface ThrowingCall {
    void run() throws TrackerException;
  }

  @Test
  void groupsAreCreatedAndAnEmptyOneRemoved() throws TrackerException {
    assertThat(svc.createGroup("group009")).isTrue();
    assertThat(svc.createGroup("group009")).isFalse();
    assertThat(svc.registeredGroups()).containsExactly("group001", "group002", "group009");
    join("n9", "group009", 23009); // the new group is usable at once
    assertThat(failure(() -> svc.removeGroup("group009"))).isEqualTo(ErrorCode.CONFLICT);

    svc.createGroup("group010");
    svc.removeGroup("group010");
    assertThat(svc.registeredGroups()).doesNotContain("group010");
    assertThat(failure(() -> svc.removeGroup("group010"))).isEqualTo(ErrorCode.UNKNOWN_GROUP);
    assertThat(failure(() -> svc.createGroup("bad name"))).isEqualTo(ErrorCode.INVALID_NAME);
    assertThat(failure(() -> join("n10", "group010", 23010))).isEqualTo(ErrorCode.UNKNOWN_GROUP);
  }

  @Test
  void addAppRegistersIt() throws TrackerException {
    join("a1", "group001", 23001);
    beat("a1", "group001");
    assertThat(failure(() -> svc.storageAddrs(new IdBlock("newapp", "u1", ""))))
        .isEqualTo(ErrorCode.UNKNOWN_APP);
    assertThat(svc.addApp("newapp")).isTrue();
    assertThat(svc.addApp("newapp")).isFalse();
    assertThat(svc.registeredApps()).containsExactly("newapp", "tnvideo");
    assertThat(svc.storageAddrs(new IdBlock("newapp", "u1", "")))
        .isEqualTo(
            new Response.StorageAddrs("group001", List.of(new HostPort("127.0.0.1", 23001))));
    assertThat(failure(() -> svc.addApp("no way"))).isEqualTo(ErrorCode.INVALID_NAME);
  }

  @Test
  void aDecommissionedNodeDrainsThenLeavesWhenItsPeerHasEverything() throws TrackerException {
    join("a", "group001", 23001);
    join("b", "group001", 23002);
    beat("a", "group001");
    beat("b", "group001");

    svc.decommission("a");
    assertThat(status("a")).isEqualTo(NodeStatus.DRAINING);
    assertThat(beat("a", "group001").flags()).isEqualTo(Response.Members.FLAG_DRAIN);
    assertThat(beat("b", "group001").flags()).isZero();
    assertThat(membership.decommissioned).containsExactly("node:a");
    for (int i = 0; i < 20; i++) { // never chosen for new files while draining
      Response r = svc.storageAddrs(new IdBlock("tnvideo", "user" + i, ""));
      if (r instanceof Response.StorageAddrs s && s.groupName().equals("group001")) {
        assertThat(s.addresses()).containsExactly(new HostPort("127.0.0.1", 23002));
      }
    }

    time.advance(Duration.ofSeconds(1));
    beat("b", "group001", new PeerLag("a", 3, 4096)); // still copying
    assertThat(status("a")).isEqualTo(NodeStatus.DRAINING);
    time.advance(Duration.ofSeconds(1));
    beat("b", "group001", new PeerLag("a", 0, 0)); // has everything
    assertThat(((Response.Nodes) svc.nodes()).nodes())
        .extracting(NodeInfo::nodeId)
        .containsExactly("b");
    assertThat(membership.left).containsExactly("node:a");
    assertThat(failure(() -> beat("a", "group001"))).isEqualTo(ErrorCode.UNKNOWN_NODE);
    assertThat(failure(() -> join("a", "group001", 23001))).isEqualTo(ErrorCode.UNKNOWN_NODE);
  }

  @Test
  void aLagReportFromBeforeTheDecommissionDoesNotCount() throws TrackerException {
    join("a", "group001", 23001);
    join("b", "group001", 23002);
    beat("a", "group001");
    beat("b", "group001", new PeerLag("a", 0, 0));
    svc.decommission("a");
    beat("a", "group001"); // the drained node's own beat settles nothing by itself
    assertThat(status("a")).isEqualTo(NodeStatus.DRAINING);
  }

  @Test
  void theOnlyMemberOfAGroupNeverLeaves() throws TrackerException {
    join("solo", "group002", 23005);
    beat("solo", "group002");
    svc.decommission("solo");
    time.advance(Duration.ofSeconds(1));
    beat("solo", "group002", new PeerLag("solo", 0, 0));
    assertThat(status("solo")).isEqualTo(NodeStatus.DRAINING);
    assertThat(failure(() -> svc.decommission("nobody"))).isEqualTo(ErrorCode.UNKNOWN_NODE);
  }

  @Test
  void aDecommissionRecordedByAnotherTrackerIsPickedUpOnTheNextBeat() throws TrackerException {
    join("a", "group001", 23001);
    beat("a", "group001");
    membership.decommissioned.add("node:a"); // another tracker's API call
    time.advance(Duration.ofSeconds(2)); // past the re-read interval
    assertThat(beat("a", "group001").flags()).isEqualTo(Response.Members.FLAG_DRAIN);
    assertThat(status("a")).isEqualTo(NodeStatus.DRAINING);
  }

  @Test
  void decommissionFailsCleanlyWhenTheDatabaseIsDown() throws TrackerException {
    join("a", "group001", 23001);
    membership.down = true;
    assertThatThrownBy(() -> svc.decommission("a"))
        .isInstanceOf(TrackerException.class)
        .extracting(e -> ((TrackerException) e).code())
        .isEqualTo(ErrorCode.UNAVAILABLE);
    membership.down = false;
    assertThat(status("a")).isEqualTo(NodeStatus.ONLINE);
  }

  @Test
  void onlyAnOfflineNodeIsForgottenAndThenItsGroupCanBeRemoved() throws TrackerException {
    svc.createGroup("group011");
    join("dead", "group011", 23011);
    beat("dead", "group011");
    assertThat(failure(() -> svc.forget("dead"))).isEqualTo(ErrorCode.CONFLICT);
    assertThat(failure(() -> svc.removeGroup("group011"))).isEqualTo(ErrorCode.CONFLICT);
    time.advance(Duration.ofSeconds(16)); // three missed 5 s beats
    assertThat(status("dead")).isEqualTo(NodeStatus.OFFLINE);
    svc.forget("dead");
    assertThat(((Response.Nodes) svc.nodes()).nodes()).isEmpty();
    assertThat(failure(() -> join("dead", "group011", 23011))).isEqualTo(ErrorCode.UNKNOWN_NODE);
    assertThat(failure(() -> svc.forget("dead"))).isEqualTo(ErrorCode.UNKNOWN_NODE);
    svc.removeGroup("group011");
    assertThat(svc.registeredGroups()).doesNotContain("group011");
  }
}
