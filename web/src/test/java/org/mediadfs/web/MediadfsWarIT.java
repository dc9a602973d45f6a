package org.mediadfs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediadfs.web.it.ApiSpec;
import org.mediadfs.web.it.StreamingSpec;
import org.mediadfs.web.portal.PortalSpec;
import org.mediadfs.wire.Command;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.FrameHeader;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.codec.RequestCodec;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Load;
import org.mediadfs.wire.message.Member;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;
import org.mediadfs.wire.message.RootStat;

/**
 * The WAR that {@code bin/mediadfs up} runs (the built file itself, not a hand-picked archive) on a
 * managed Payara Micro with the default embedded H2 database, exercised over real sockets: the
 * original's join, beat, storage addresses and groups (the text checked byte for byte), the
 * extended join and heartbeat, 1,000 IDs, and bad frames that must not disturb other clients. One
 * container start serves every test of the module.
 *
 * <p>The streaming and management API specs ({@link StreamingSpec}, {@link ApiSpec}; issue 7) run
 * in this same container start, with storage nodes of their own, and so does the portal's ({@link
 * PortalSpec}; issue 8: HTTP sessions and a headless Chromium). The tracker story runs first
 * ({@code @Order(1)}): it checks the groups text byte for byte, which the specs' nodes and groups
 * would change.
 */
@ExtendWith({ItEnvironment.class, ArquillianExtension.class})
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MediadfsWarIT implements StreamingSpec, ApiSpec, PortalSpec {
  private static final int TRACKER_PORT = ItEnvironment.trackerPort();
  private static final int ID_PORT = ItEnvironment.idPort();

  @ArquillianResource private URL base;

  @Override
  public URI webBase() {
    return URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
  }

  @Deployment(testable = false)
  static WebArchive war() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("mediadfs.it.war")));
  }

  private static WireConnection connect(int port) throws IOException {
    return WireConnection.open(
        new HostPort("127.0.0.1", port),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Limits.DEFAULT);
  }

  private static String ctime(long epochSeconds) {
    return DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
            .format(Instant.ofEpochSecond(epochSeconds).atZone(ZoneId.systemDefault()))
        + "\n";
  }

  /**
   * The whole tracker story in one method, because it is the only test that changes the tracker's
   * state (the others only read it): the original's join, beat and storage addresses; an extended
   * join and heartbeat whose reply lists the group's members; the groups text byte for byte; and
   * per-node offline detection by the container's scheduled executor.
   */
  @Test
  @Order(1)
  void trackerJoinBeatStorageAddressesGroupsAndOfflineDetection() throws Exception {
    long stime = 1_795_000_000L;
    long jtime = 1_795_000_100L;
    try (WireConnection c = connect(TRACKER_PORT)) {
      assertThat(c.call(new Request.Join("1.0", "group001", "itnode", 23999, stime, jtime)))
          .isEqualTo(new Response.Ok());
      long beat1From = Instant.now().getEpochSecond();
      assertThat(c.call(new Request.Beat("group001", "itnode"))).isEqualTo(new Response.Ok());
      long beat1To = Instant.now().getEpochSecond();

      Response addrs = c.call(new Request.StorageAddrs(new IdBlock("tnvideo", "tnv001", "")));
      assertThat(addrs)
          .isEqualTo(
              new Response.StorageAddrs("group001", List.of(new HostPort("127.0.0.1", 23999))));
      assertThat(c.call(new Request.StorageAddrs(new IdBlock("tnvideo", "tnv001", ""))))
          .as("sticky")
          .isEqualTo(addrs);
      Response unknownApp = c.call(new Request.StorageAddrs(new IdBlock("nope", "u", "")));
      assertThat(((Response.Error) unknownApp).code()).isEqualTo(ErrorCode.UNKNOWN_APP);

      // An extended node in group002 that is catching up (SYNCING: never chosen for new users
      // while an ACTIVE group exists), beating every second.
      long now = Instant.now().getEpochSecond();
      assertThat(
              c.call(
                  new Request.JoinEx(
                      "node-it-1", "0.1.0", "group002", "box", "127.0.0.2", 24001, now, now, 1)))
          .isEqualTo(new Response.Ok());
      long beat2From = Instant.now().getEpochSecond();
      Response members =
          c.call(
              new Request.BeatEx(
                  "node-it-1",
                  "group002",
                  NodeStatus.SYNCING,
                  1,
                  List.of(new RootStat("store-1", 1L << 40, 1L << 39, false)),
                  new Load(3, 10, 20),
                  List.of()));
      long beat2To = Instant.now().getEpochSecond();
      assertThat(members)
          .isEqualTo(
              new Response.Members(
                  0, List.of(new Member("node-it-1", "127.0.0.2", 24001, NodeStatus.SYNCING))));
      Response unknownGroup =
          c.call(new Request.JoinEx("node-it-2", "0.1.0", "group777", "box", "", 1, now, now, 5));
      assertThat(((Response.Error) unknownGroup).code()).isEqualTo(ErrorCode.UNKNOWN_GROUP);

      // The groups reply, read as raw bytes: the text of seed-reference §4.4 and a NUL.
      byte[] body;
      try (RawFrames raw = new RawFrames(TRACKER_PORT)) {
        raw.send(RequestCodec.encode(new Request.Groups()));
        RawFrames.Reply r = raw.read();
        assertThat(r.header())
            .isEqualTo(new FrameHeader(r.body().length, Command.TRACKER_REPLY.code(), 0));
        body = r.body();
      }
      List<String> candidates = new ArrayList<>();
      for (long beat1 = beat1From; beat1 <= beat1To; beat1++) {
        for (long beat2 = beat2From; beat2 <= beat2To; beat2++) {
          candidates.add(
              "         COUNT OF GROUPS: 2\n"
                  + "               GROUPNAME: group001\n"
                  + "       COUNT OF STORAGES: 1\n"
                  + "COUNT OF ACTIVE STORAGES: 1\n"
                  + "                 VERSION: 1.0\n"
                  + "                HOSTNAME: itnode\n"
                  + "                 ADDRESS: 127.0.0.1:23999\n"
                  + "            STARTUP TIME: "
                  + ctime(stime)
                  + "               JOIN TIME: "
                  + ctime(jtime)
                  + "               BEAT TIME: "
                  + ctime(beat1)
                  + "                  STATUS: ACTIVE\n"
                  + "               GROUPNAME: group002\n"
                  + "       COUNT OF STORAGES: 1\n"
                  + "COUNT OF ACTIVE STORAGES: 0\n"
                  + "                 VERSION: 0.1.0\n"
                  + "                HOSTNAME: box\n"
                  + "                 ADDRESS: 127.0.0.2:24001\n"
                  + "            STARTUP TIME: "
                  + ctime(now)
                  + "               JOIN TIME: "
                  + ctime(now)
                  + "               BEAT TIME: "
                  + ctime(beat2)
                  + "                  STATUS: SYNCING\0");
        }
      }
      assertThat(new String(body, StandardCharsets.UTF_8)).isIn(candidates);
      assertThat(body.length)
          .isEqualTo(candidates.getFirst().getBytes(StandardCharsets.UTF_8).length);

      NodeInfo info = node(c, "node-it-1");
      assertThat(info.freeBytes()).isEqualTo(1L << 39);
      assertThat(info.heartbeatSeconds()).isEqualTo(1);
      assertThat(info.load()).isEqualTo(new Load(3, 10, 20));

      // Three missed one-second intervals later, the node is OFFLINE, measured by the tracker.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> node(c, "node-it-1").status() == NodeStatus.OFFLINE);
      Response stillServed = c.call(new Request.StorageAddrs(new IdBlock("tnvideo", "tnv001", "")));
      assertThat(stillServed).as("group001 is unaffected").isEqualTo(addrs);
    }
  }

  private static NodeInfo node(WireConnection c, String nodeId) throws IOException {
    Response nodes = c.call(new Request.Nodes());
    return ((Response.Nodes) nodes)
        .nodes().stream().filter(n -> n.nodeId().equals(nodeId)).findFirst().orElseThrow();
  }

  @Test
  void aThousandIdsOnOneConnectionAndOnFreshConnectionsNeverRepeat() throws Exception {
    Set<Long> seen = new HashSet<>();
    try (WireConnection c = connect(ID_PORT)) {
      long last = -1;
      for (int i = 0; i < 1000; i++) {
        long id = c.expect(new Request.IdGet("group001"), Response.IdValue.class).id();
        assertThat(id).isGreaterThan(last);
        assertThat(seen.add(id)).isTrue();
        last = id;
      }
    }
    for (int i = 0; i < 100; i++) {
      try (WireConnection c = connect(ID_PORT)) {
        long id = c.expect(new Request.IdGet("group001"), Response.IdValue.class).id();
        assertThat(seen.add(id)).isTrue();
      }
    }
    assertThat(seen).hasSize(1100);
    try (WireConnection c = connect(ID_PORT)) {
      Response bad = c.call(new Request.IdGet("\u0001"));
      assertThat(((Response.Error) bad).code()).isEqualTo(ErrorCode.INVALID_NAME);
    }
  }

  @Test
  void badFramesGetErrorRepliesAndOtherClientsKeepBeingServed() throws Exception {
    for (int port : List.of(TRACKER_PORT, ID_PORT)) {
      int reply = port == TRACKER_PORT ? 100 : 101;
      try (WireConnection good = connect(port)) {
        Request probe = port == TRACKER_PORT ? new Request.Groups() : new Request.IdGet("probe");
        assertThat(good.call(probe)).isNotInstanceOf(Response.Error.class);

        // Garbage: a negative body length.
        try (RawFrames raw = new RawFrames(port)) {
          raw.send(new byte[] {(byte) 0xFF, 1, 2, 3, 4, 5, 6, 7, 42, 0});
          RawFrames.Reply r = raw.read();
          assertThat(r.header().command()).isEqualTo(reply);
          assertThat(r.header().status()).isEqualTo(FrameHeader.STATUS_ERROR);
          assertThat(r.errorNumber()).isEqualTo(ErrorCode.BAD_REQUEST.number());
          assertThat(raw.closedByServer()).isTrue();
        }
        // Oversized: a groups/ID request announcing 64 MiB.
        try (RawFrames raw = new RawFrames(port)) {
          int cmd = port == TRACKER_PORT ? 13 : 40;
          raw.send(RawFrames.frame(64L << 20, cmd, new byte[0]));
          RawFrames.Reply r = raw.read();
          assertThat(r.header().status()).isEqualTo(FrameHeader.STATUS_ERROR);
          ErrorCode expected = port == TRACKER_PORT ? ErrorCode.TOO_LARGE : ErrorCode.BAD_REQUEST;
          assertThat(r.errorNumber()).isEqualTo(expected.number());
          assertThat(raw.closedByServer()).isTrue();
        }
        // Unknown command with a small body: an error reply, and the connection goes on.
        try (RawFrames raw = new RawFrames(port)) {
          raw.send(RawFrames.frame(3, 99, new byte[] {1, 2, 3}));
          RawFrames.Reply r = raw.read();
          assertThat(r.errorNumber()).isEqualTo(ErrorCode.UNKNOWN_COMMAND.number());
          assertThat(r.text(2)).contains("99");
          raw.send(RequestCodec.encode(probe));
          assertThat(raw.read().header().status()).isEqualTo(FrameHeader.STATUS_OK);
        }
        // A command of another server (an upload to the tracker or the ID server).
        try (RawFrames raw = new RawFrames(port)) {
          raw.send(RawFrames.frame(408 + 5, 70, new byte[408 + 5]));
          RawFrames.Reply r = raw.read();
          assertThat(r.errorNumber()).isEqualTo(ErrorCode.UNKNOWN_COMMAND.number());
        }
        // A wrong fixed length (the original's join is exactly 171 bytes).
        if (port == TRACKER_PORT) {
          try (RawFrames raw = new RawFrames(port)) {
            raw.send(RawFrames.frame(170, 10, new byte[170]));
            assertThat(raw.read().errorNumber()).isEqualTo(ErrorCode.BAD_REQUEST.number());
          }
        }
        // A client that sends half a header and leaves.
        try (RawFrames raw = new RawFrames(port)) {
          raw.send(new byte[] {0, 0, 0});
        }
        assertThat(good.call(probe)).isNotInstanceOf(Response.Error.class);
      }
    }
  }
}
