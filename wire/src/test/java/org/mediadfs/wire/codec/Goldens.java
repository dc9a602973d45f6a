package org.mediadfs.wire.codec;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.mediadfs.wire.Command;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Load;
import org.mediadfs.wire.message.LogEntry;
import org.mediadfs.wire.message.LogOp;
import org.mediadfs.wire.message.Member;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.PeerLag;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;
import org.mediadfs.wire.message.RootStat;

/**
 * What each golden vector in {@code src/test/resources/golden} must decode to. The hex files were
 * written field by field from the byte tables (seed-reference §3, the layout comments of {@link
 * RequestCodec} and {@link ResponseCodec}, {@code docs/protocol.md}), not produced by the encoder;
 * the values here are typed independently of them.
 */
final class Goldens {
  private Goldens() {}

  /** A request vector; {@code encodes} is false for the original client's garbage-filled frames. */
  record RequestGolden(String file, Request request, byte[] payload, boolean encodes) {
    @Override
    public String toString() {
      return file;
    }
  }

  /** A reply vector and the request it answers. */
  record ResponseGolden(
      String file, Request answered, Command reply, Response response, byte[] payload) {
    @Override
    public String toString() {
      return file;
    }
  }

  static final String APP = "tnvideo";
  static final String USER = "tnv001";
  static final String FID = "649e782b035ee5136ad6ff2c8d2101000115";
  static final String NODE = "7d1c0f0e-2f6b-4c1a-9d2e-5b8f3a6c4e21";
  static final String NODE2 = "0b5e9a44-81c3-4f0d-a6e2-3c9d7f1b2a58";
  static final long STIME = 1795697979L; // Thu Nov 26 12:59:39 2026 UTC
  static final long BTIME = 1795697999L;
  static final long CRC_OF_HELLO = 0x9a71bb4cL; // CRC32C("hello")
  static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);
  static final byte[] NONE = new byte[0];
  static final IdBlock IDS = new IdBlock(APP, USER, FID);

  static final FileMeta META =
      new FileMeta(
          FID,
          APP,
          USER,
          5,
          CRC_OF_HELLO,
          "video/mp4",
          FileStatus.ACTIVE,
          "000/000/000/649E782B_000",
          1687058475000L,
          1687058475000L);

  static final FileMeta META_DELETED =
      new FileMeta(
          FID,
          APP,
          USER,
          5,
          CRC_OF_HELLO,
          "video/mp4",
          FileStatus.DELETED,
          "000/000/000/649E782B_000",
          1687058475000L,
          1795697979000L);

  /** The 406-byte GROUPS reply captured from the original (seed-reference §4.4), minus the NUL. */
  static final String GROUPS_SAMPLE =
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
          + "                  STATUS: ACTIVE";

  static byte[] range(int from, int to) {
    byte[] b = new byte[to - from];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (from + i);
    }
    return b;
  }

  static final Request.Join JOIN = new Request.Join("1.0", "group001", "vm", 23001, STIME, STIME);
  static final Request.Hello HELLO_REQUEST =
      new Request.Hello(1, NODE, 1795697979000L, range(0x00, 0x10), range(0x80, 0xa0));
  static final Request.BeatEx BEAT_EX =
      new Request.BeatEx(
          NODE,
          "group001",
          NodeStatus.ACTIVE,
          10,
          List.of(
              new RootStat("s-0001", 1_000_000_000_000L, 400_000_000_000L, false),
              new RootStat("s-0002", 500_000_000_000L, 0, true)),
          new Load(3, 1_048_576, 2_097_152),
          List.of(new PeerLag(NODE2, 5, 9_316_101)));
  static final Request.StorageAddrs SADDRS = new Request.StorageAddrs(new IdBlock(APP, USER, ""));
  static final Request.Upload UPLOAD = new Request.Upload(IDS, 5);
  static final Request.Download DOWNLOAD = new Request.Download(IDS, 1_048_576, 0);
  static final Request.IdGet ID_GET = new Request.IdGet("../data");
  static final Request.IdRange ID_RANGE = new Request.IdRange("group001", 64);

  static final List<RequestGolden> REQUESTS =
      List.of(
          new RequestGolden("join", JOIN, NONE, true),
          new RequestGolden("beat", new Request.Beat("group001", "vm"), NONE, true),
          new RequestGolden("storage-addrs", SADDRS, NONE, true),
          new RequestGolden("storage-addrs-garbage", SADDRS, NONE, false),
          new RequestGolden("groups", new Request.Groups(), NONE, true),
          new RequestGolden("hello", HELLO_REQUEST, NONE, true),
          new RequestGolden(
              "join-ex",
              new Request.JoinEx(
                  NODE, "0.1.0", "group001", "vm", "192.168.1.20", 23000, STIME, STIME, 10),
              NONE,
              true),
          new RequestGolden("beat-ex", BEAT_EX, NONE, true),
          new RequestGolden("nodes", new Request.Nodes(), NONE, true),
          new RequestGolden("id-get", ID_GET, NONE, true),
          new RequestGolden("id-range", ID_RANGE, NONE, true),
          new RequestGolden("upload", UPLOAD, HELLO, true),
          new RequestGolden("upload-garbage", UPLOAD, HELLO, false),
          new RequestGolden(
              "upload-ex", new Request.UploadEx(IDS, 5, "video/mp4", CRC_OF_HELLO), HELLO, true),
          new RequestGolden("file-size", new Request.FileSize(IDS), NONE, true),
          new RequestGolden("download", DOWNLOAD, NONE, true),
          new RequestGolden(
              "download-garbage", new Request.Download(IDS, 1_048_576, 8_388_608), NONE, false),
          new RequestGolden("delete", new Request.Delete(IDS), NONE, true),
          new RequestGolden("stat", new Request.Stat(IDS), NONE, true),
          new RequestGolden("list", new Request.ListFiles(USER, "", 100, true), NONE, true),
          new RequestGolden("restore", new Request.Restore(IDS), NONE, true),
          new RequestGolden("purge", new Request.Purge(IDS), NONE, true),
          new RequestGolden("repl-log", new Request.ReplLog(NODE2, 41, 500), NONE, true),
          new RequestGolden("repl-fetch", new Request.ReplFetch(NODE2, "用户", FID), NONE, true),
          new RequestGolden("repl-notify", new Request.ReplNotify(NODE, 42), NONE, true));

  static final List<ResponseGolden> RESPONSES =
      List.of(
          new ResponseGolden("ok-tracker", JOIN, Command.TRACKER_REPLY, new Response.Ok(), NONE),
          new ResponseGolden("ok-storage", UPLOAD, Command.STORAGE_REPLY, new Response.Ok(), NONE),
          new ResponseGolden(
              "error",
              new Request.FileSize(IDS),
              Command.STORAGE_REPLY,
              new Response.Error(ErrorCode.NOT_FOUND, "[vm] no such file: " + FID),
              NONE),
          new ResponseGolden(
              "error-original",
              SADDRS,
              Command.TRACKER_REPLY,
              new Response.Error((short) -1, "[vm] unknown appid"),
              NONE),
          new ResponseGolden(
              "error-empty", ID_GET, Command.ID_REPLY, new Response.Error((short) -1, ""), NONE),
          new ResponseGolden(
              "storage-addrs-reply",
              SADDRS,
              Command.TRACKER_REPLY,
              new Response.StorageAddrs(
                  "group001",
                  List.of(new HostPort("127.0.0.1", 23000), new HostPort("127.0.0.1", 23001))),
              NONE),
          new ResponseGolden(
              "groups-reply",
              new Request.Groups(),
              Command.TRACKER_REPLY,
              new Response.Groups(GROUPS_SAMPLE),
              NONE),
          new ResponseGolden(
              "hello-reply",
              HELLO_REQUEST,
              Command.TRACKER_REPLY,
              new Response.Hello(1, "tracker-1", range(0xa0, 0xc0)),
              NONE),
          new ResponseGolden(
              "members",
              BEAT_EX,
              Command.TRACKER_REPLY,
              new Response.Members(
                  0,
                  List.of(
                      new Member(NODE, "192.168.1.20", 23000, NodeStatus.ACTIVE),
                      new Member(NODE2, "192.168.1.21", 23001, NodeStatus.SYNCING))),
              NONE),
          new ResponseGolden(
              "nodes-reply",
              new Request.Nodes(),
              Command.TRACKER_REPLY,
              new Response.Nodes(
                  List.of(
                      new NodeInfo(
                          "group001",
                          NODE,
                          "0.1.0",
                          "vm",
                          "192.168.1.20",
                          23000,
                          NodeStatus.ACTIVE,
                          STIME,
                          STIME,
                          BTIME,
                          10,
                          List.of(
                              new RootStat("s-0001", 1_000_000_000_000L, 400_000_000_000L, false)),
                          new Load(3, 1_048_576, 2_097_152),
                          List.of(new PeerLag(NODE2, 0, 0))))),
              NONE),
          new ResponseGolden(
              "id-value", ID_GET, Command.ID_REPLY, new Response.IdValue(262_144), NONE),
          new ResponseGolden(
              "id-span", ID_RANGE, Command.ID_REPLY, new Response.IdSpan(1_048_577, 64), NONE),
          new ResponseGolden(
              "file-size-reply",
              new Request.FileSize(IDS),
              Command.STORAGE_REPLY,
              new Response.FileSize(9_316_101),
              NONE),
          new ResponseGolden(
              "download-reply", DOWNLOAD, Command.STORAGE_REPLY, new Response.Download(5), HELLO),
          new ResponseGolden(
              "uploaded",
              new Request.UploadEx(IDS, 5, "video/mp4", CRC_OF_HELLO),
              Command.STORAGE_REPLY,
              new Response.Uploaded(CRC_OF_HELLO, 1795697979123L),
              NONE),
          new ResponseGolden(
              "stat-reply",
              new Request.Stat(IDS),
              Command.STORAGE_REPLY,
              new Response.Stat(META),
              NONE),
          new ResponseGolden(
              "file-list",
              new Request.ListFiles(USER, "", 100, true),
              Command.STORAGE_REPLY,
              new Response.FileList(List.of(META), ""),
              NONE),
          new ResponseGolden(
              "repl-log-reply",
              new Request.ReplLog(NODE2, 41, 500),
              Command.STORAGE_REPLY,
              new Response.ReplLog(1, 42, List.of(new LogEntry(42, LogOp.DELETE, META_DELETED))),
              NONE),
          new ResponseGolden(
              "repl-file",
              new Request.ReplFetch(NODE2, USER, FID),
              Command.STORAGE_REPLY,
              new Response.ReplFile(META),
              HELLO));

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
