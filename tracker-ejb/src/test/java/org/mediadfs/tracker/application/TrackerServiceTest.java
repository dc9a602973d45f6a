package org.mediadfs.tracker.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
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
import org.mediadfs.wire.HelloProof;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Load;
import org.mediadfs.wire.message.Member;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;
import org.mediadfs.wire.message.RootStat;

class TrackerServiceTest {
  private static final Instant T0 = Instant.parse("2026-11-26T12:59:39Z");

  private final FakeTime time = new FakeTime(T0);
  private final Fakes.MemoryMembership membership = new Fakes.MemoryMembership();
  private final Fakes.MemoryRoutes routes = new Fakes.MemoryRoutes();
  private final NodeRegistry registry = new NodeRegistry(time, time, 3);

  private TrackerService service(boolean autoRegister) {
    membership.seed(List.of("tnvideo"), List.of("group001", "group002"));
    return new TrackerService(
        registry,
        membership,
        new Router(routes, new CaffeineRouteCache(Duration.ofMinutes(1), 100)),
        new SplittableRandom(7),
        new GroupsText(ZoneId.of("UTC")),
        autoRegister);
  }

  private final java.util.Map<String, HelloGuard> guards = new java.util.HashMap<>();

  /** A connection; connections of one test share the tracker's HELLO guard, as in production. */
  private TrackerSession session(TrackerService s, String secret, String ip) {
    HelloGuard guard = guards.computeIfAbsent(secret, k -> new HelloGuard(k, "tracker-test", time));
    return new TrackerSession(s, guard, new InetSocketAddress(ip, 40000));
  }

  private static Request.Join join(String group, String host, int port) {
    long t = T0.getEpochSecond();
    return new Request.Join("1.0", group, host, port, t, t);
  }

  private static Request.JoinEx joinEx(String id, String group, int port) {
    long t = T0.getEpochSecond();
    return new Request.JoinEx(id, "2.0", group, "h-" + id, "192.0.2.1", port, t, t, 5);
  }

  private static Request.BeatEx beatEx(
      String id, String group, NodeStatus s, int conns, long free) {
    return new Request.BeatEx(
        id,
        group,
        s,
        5,
        List.of(new RootStat("r", 1L << 40, free, false)),
        new Load(conns, 0, 0),
        List.of());
  }

  private static Response saddrs(TrackerSession s, String app, String user) {
    return s.handle(new Request.StorageAddrs(new IdBlock(app, user, "")));
  }

  private static ErrorCode code(Response r) {
    assertThat(r).isInstanceOf(Response.Error.class);
    return ((Response.Error) r).code();
  }

  @Test
  void twoOriginalNodesOnOneHostAreTwoNodesBecauseThePortCounts() {
    TrackerSession s = session(service(false), "", "127.0.0.1");
    assertThat(s.handle(join("group001", "vm", 23001))).isEqualTo(new Response.Ok());
    assertThat(s.handle(join("group001", "vm", 23002))).isEqualTo(new Response.Ok());
    assertThat(registry.all()).hasSize(2);
    assertThat(membership.joins).hasSize(2);
  }

  @Test
  void anOriginalBeatMarksTheNodeJoinedOnItsConnectionActive() {
    TrackerService svc = service(false);
    TrackerSession a = session(svc, "", "127.0.0.1");
    TrackerSession b = session(svc, "", "127.0.0.1");
    a.handle(join("group001", "vm", 23001));
    b.handle(join("group001", "vm", 23002));

    assertThat(a.handle(new Request.Beat("group001", "vm"))).isEqualTo(new Response.Ok());

    assertThat(registry.statuses())
        .containsEntry("legacy:group001/vm/127.0.0.1:23001", NodeStatus.ACTIVE)
        .containsEntry("legacy:group001/vm/127.0.0.1:23002", NodeStatus.ONLINE);
  }

  @Test
  void aBeatFromAConnectionThatNeverJoinedNeedsAnUnambiguousNode() {
    TrackerService svc = service(false);
    session(svc, "", "127.0.0.1").handle(join("group001", "vm", 23001));
    TrackerSession other = session(svc, "", "127.0.0.1");
    assertThat(other.handle(new Request.Beat("group001", "vm"))).isEqualTo(new Response.Ok());

    session(svc, "", "127.0.0.1").handle(join("group001", "vm", 23002));
    assertThat(code(other.handle(new Request.Beat("group001", "vm"))))
        .isEqualTo(ErrorCode.UNKNOWN_NODE);
    assertThat(code(other.handle(new Request.Beat("group001", "nobody"))))
        .isEqualTo(ErrorCode.UNKNOWN_NODE);
  }

  @Test
  void joiningAnUnregisteredGroupIsRefusedUnlessAutoRegistrationIsOn() {
    TrackerSession strict = session(service(false), "", "127.0.0.1");
    assertThat(code(strict.handle(join("group999", "vm", 1)))).isEqualTo(ErrorCode.UNKNOWN_GROUP);
    assertThat(code(strict.handle(join("bad-name", "vm", 1)))).isEqualTo(ErrorCode.INVALID_NAME);
    assertThat(code(strict.handle(join("group001", "vm", 0)))).isEqualTo(ErrorCode.BAD_REQUEST);

    TrackerSession lax = session(service(true), "", "127.0.0.1");
    assertThat(lax.handle(join("group999", "vm", 1))).isEqualTo(new Response.Ok());
    assertThat(membership.groups).contains("group999");
  }

  /** A line break in what a node reports would add a group or node of its making to the dump. */
  @Test
  void whatANodeSaysOfItselfMayNotCarryControlCharacters() {
    TrackerSession s = session(service(false), "", "127.0.0.1");
    long t = T0.getEpochSecond();
    assertThat(code(s.handle(join("group001", "vm\nGROUPNAME: group666", 23001))))
        .isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(code(s.handle(new Request.Join("1.0\r", "group001", "vm", 23001, t, t))))
        .isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(
            code(
                s.handle(
                    new Request.JoinEx(
                        "n1", "2.0", "group001", "h", "192.0.2.1\nx", 23001, t, t, 5))))
        .isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(
            code(
                s.handle(
                    new Request.JoinEx("n1", "2.0\u007f", "group001", "h", "", 23001, t, t, 5))))
        .isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(registry.all()).isEmpty();
    assertThat(s.handle(join("group001", "vm \u00e9t\u00e9", 23001))).isEqualTo(new Response.Ok());
  }

  @Test
  void aGroupRegisteredByAnotherTrackerIsFoundWithoutARestart() {
    TrackerSession s = session(service(false), "", "127.0.0.1");
    assertThat(code(s.handle(join("group003", "vm", 1)))).isEqualTo(ErrorCode.UNKNOWN_GROUP);
    membership.groups.add("group003");
    time.advance(Duration.ofSeconds(2));
    assertThat(s.handle(join("group003", "vm", 1))).isEqualTo(new Response.Ok());
  }

  @Test
  void storageAddressesValidateTheAppAndRouteStickily() {
    TrackerService svc = service(false);
    TrackerSession s = session(svc, "", "127.0.0.1");
    assertThat(code(saddrs(s, "nope", "u"))).isEqualTo(ErrorCode.UNKNOWN_APP);
    assertThat(code(saddrs(s, "bad app", "u"))).isEqualTo(ErrorCode.UNKNOWN_APP);
    assertThat(code(saddrs(s, "tnvideo", "u"))).isEqualTo(ErrorCode.NO_GROUP);

    s.handle(join("group001", "vm", 23001));
    assertThat(code(saddrs(s, "tnvideo", "u")))
        .as("a joined node without a beat is not ACTIVE")
        .isEqualTo(ErrorCode.NO_GROUP);
    s.handle(new Request.Beat("group001", "vm"));

    Response r = saddrs(s, "tnvideo", "tnv001");
    assertThat(r)
        .isEqualTo(
            new Response.StorageAddrs("group001", List.of(new HostPort("127.0.0.1", 23001))));
    assertThat(routes.routes).containsEntry("tnv001", "group001");

    time.advance(Duration.ofSeconds(31)); // the node goes silent
    assertThat(code(saddrs(s, "tnvideo", "tnv001"))).isEqualTo(ErrorCode.NO_STORAGE);
  }

  @Test
  void newUsersGoToTheActiveGroupWithTheMostFreeSpace() {
    TrackerService svc = service(false);
    TrackerSession s = session(svc, "", "10.1.1.1");
    s.handle(joinEx("a", "group001", 23001));
    s.handle(joinEx("b", "group002", 23002));
    s.handle(beatEx("a", "group001", NodeStatus.ACTIVE, 0, 100));
    s.handle(beatEx("b", "group002", NodeStatus.ACTIVE, 0, 5000));

    for (int i = 0; i < 10; i++) {
      Response r = saddrs(s, "tnvideo", "user" + i);
      assertThat(((Response.StorageAddrs) r).groupName()).isEqualTo("group002");
      assertThat(((Response.StorageAddrs) r).addresses())
          .containsExactly(new HostPort("192.0.2.1", 23002));
    }
  }

  @Test
  void extendedHeartbeatRepliesWithTheGroupsMembersAndNeedsAJoin() {
    TrackerService svc = service(false);
    TrackerSession s = session(svc, "", "10.1.1.1");
    assertThat(code(s.handle(beatEx("a", "group001", NodeStatus.ACTIVE, 0, 1))))
        .isEqualTo(ErrorCode.UNKNOWN_NODE);
    s.handle(joinEx("a", "group001", 23001));
    s.handle(joinEx("b", "group001", 23002));
    s.handle(joinEx("c", "group002", 23003));

    Response r = s.handle(beatEx("a", "group001", NodeStatus.SYNCING, 3, 1));

    assertThat(r)
        .isEqualTo(
            new Response.Members(
                0,
                List.of(
                    new Member("a", "192.0.2.1", 23001, NodeStatus.SYNCING),
                    new Member("b", "192.0.2.1", 23002, NodeStatus.ONLINE))));

    registry.drain(new org.mediadfs.tracker.domain.NodeKey.ById("group001", "a"), true);
    Response drained = s.handle(beatEx("a", "group001", NodeStatus.ACTIVE, 3, 1));
    assertThat(((Response.Members) drained).flags()).isEqualTo(Response.Members.FLAG_DRAIN);
  }

  @Test
  void withASecretJoinAndBeatNeedAValidHelloOnTheConnection() {
    TrackerService svc = service(false);
    byte[] secret = HelloProof.secret("s3cret");
    TrackerSession s = session(svc, "s3cret", "10.1.1.1");

    assertThat(code(s.handle(joinEx("a", "group001", 23001)))).isEqualTo(ErrorCode.AUTH);
    assertThat(code(s.handle(join("group001", "vm", 23001)))).isEqualTo(ErrorCode.AUTH);

    Request.Hello wrong = HelloProof.hello(HelloProof.secret("other"), "a", time.millis());
    assertThat(code(s.handle(wrong))).isEqualTo(ErrorCode.AUTH);
    Request.Hello stale = HelloProof.hello(secret, "a", time.millis() - 600_000);
    assertThat(code(s.handle(stale))).isEqualTo(ErrorCode.AUTH);

    Request.Hello good = HelloProof.hello(secret, "a", time.millis());
    Response reply = s.handle(good);
    assertThat(reply).isInstanceOf(Response.Hello.class);
    assertThat(HelloProof.verifyReply(secret, (Response.Hello) reply, good.nonce())).isTrue();
    assertThat(s.handle(joinEx("a", "group001", 23001))).isEqualTo(new Response.Ok());

    TrackerSession replay = session(svc, "s3cret", "10.1.1.1");
    assertThat(code(replay.handle(good))).as("a nonce is accepted once").isEqualTo(ErrorCode.AUTH);
    assertThat(registry.all()).hasSize(1);
  }

  @Test
  void clientRequestsNeedNoHelloEvenWithASecret() {
    TrackerSession s = session(service(false), "s3cret", "10.1.1.1");
    assertThat(s.handle(new Request.Groups())).isInstanceOf(Response.Groups.class);
    assertThat(code(saddrs(s, "tnvideo", "u"))).isEqualTo(ErrorCode.NO_GROUP);
  }

  @Test
  void requestsForOtherServersAreUnknownCommands() {
    TrackerSession s = session(service(false), "", "10.1.1.1");
    assertThat(code(s.handle(new Request.IdGet("k")))).isEqualTo(ErrorCode.UNKNOWN_COMMAND);
  }

  @Test
  void aDatabaseFailureOnJoinIsUnavailableAndLeavesNoLiveNode() {
    TrackerService svc = service(false);
    svc.groups(); // loads the registered groups
    membership.down = true;
    TrackerSession s = session(svc, "", "10.1.1.1");
    assertThat(code(s.handle(join("group001", "vm", 23001)))).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(registry.all()).isEmpty();
  }

  @Test
  void groupsTextListsRegisteredGroupsAndLiveNodes() {
    TrackerSession s = session(service(false), "", "127.0.0.1");
    s.handle(join("group001", "vm", 23001));
    time.advance(Duration.ofSeconds(20));
    s.handle(new Request.Beat("group001", "vm"));

    String text = ((Response.Groups) s.handle(new Request.Groups())).text();

    assertThat(text)
        .isEqualTo(
            "         COUNT OF GROUPS: 2\n"
                + "               GROUPNAME: group001\n"
                + "       COUNT OF STORAGES: 1\n"
                + "COUNT OF ACTIVE STORAGES: 1\n"
                + "                 VERSION: 1.0\n"
                + "                HOSTNAME: vm\n"
                + "                 ADDRESS: 127.0.0.1:23001\n"
                + "            STARTUP TIME: Thu Nov 26 12:59:39 2026\n"
                + "               JOIN TIME: Thu Nov 26 12:59:39 2026\n"
                + "               BEAT TIME: Thu Nov 26 12:59:59 2026\n"
                + "                  STATUS: ACTIVE\n"
                + "               GROUPNAME: group002\n"
                + "       COUNT OF STORAGES: 0\n"
                + "COUNT OF ACTIVE STORAGES: 0");
  }
}
