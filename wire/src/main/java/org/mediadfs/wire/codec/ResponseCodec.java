package org.mediadfs.wire.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.mediadfs.wire.Command;
import org.mediadfs.wire.FrameHeader;
import org.mediadfs.wire.FrameTooLargeException;
import org.mediadfs.wire.MalformedFrameException;
import org.mediadfs.wire.Names;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.LogEntry;
import org.mediadfs.wire.message.Member;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * Reply bodies. Which layout a reply has depends on the request it answers:
 *
 * <pre>
 * error (status 0xFD) errno(2) text + NUL (just errno when the text is empty; text ≤ 1023 B)
 * 10, 11, 15, 70, 73, 77, 78, 82  empty
 * 12 SADDRS    group[17] "ip:port;ip:port;…;" NUL
 * 13 GROUPS    text NUL (seed-reference §4.4)
 * 14 HELLO     version(2) str serverId, proof[32]
 * 16 BEAT_EX   flags(4) members(count, each: str nodeId, str host, port(2) status(1))
 * 17 NODES     nodes(count, each: str group, str nodeId, str version, str hostname, str host,
 *              port(2) status(1) stime(8) jtime(8) btime(8) heartbeatSeconds(4) roots,
 *              connections(4) bytesIn/s(8) bytesOut/s(8) lags) — roots and lags as in BEAT_EX
 * 40 ID_GET    id(8)
 * 41 ID_RANGE  first(8) count(4): the IDs first … first + count − 1, 1 ≤ count ≤ the count asked
 * 71 FILESIZE  size(8)
 * 72 DOWNLOAD  the file bytes; body length = bytes sent
 * 74 UPLOAD_EX crc32c(8) createTime(8)
 * 75 STAT      meta
 * 76 LIST      files(count, each meta) str next
 * 80 REPL_LOG  oldestSeq(8) lastSeq(8) entries(count, each: seq(8) op(1) meta)
 * 81 REPL_FETCH metaLength(4) meta, then meta.size file bytes
 * meta = str fileId, str appId, str userId, size(8) crc32c(8) str contentType, status(1)
 *        str path, createTime(8) updateTime(8)
 * </pre>
 */
public final class ResponseCodec {
  /** Longest error text in bytes (the original's 1024-byte field holds 1023 and the NUL). */
  public static final int ERROR_TEXT_MAX = 1023;

  /** Size of the group-name field of the SADDRS reply. */
  public static final int GROUP_FIELD = 17;

  private ResponseCodec() {}

  /**
   * The header and fixed body of a reply. For {@link Response.Download} and {@link
   * Response.ReplFile} the body length includes the file bytes, which the caller writes next.
   *
   * @param replyCommand {@link Command#TRACKER_REPLY}, {@link Command#ID_REPLY} or {@link
   *     Command#STORAGE_REPLY}
   */
  public static byte[] encode(Command replyCommand, Response response) {
    if (!replyCommand.isReply()) {
      throw new IllegalArgumentException(replyCommand + " is not a reply command");
    }
    BodyWriter w = new BodyWriter(64);
    int status = FrameHeader.STATUS_OK;
    long extra = 0;
    switch (response) {
      case Response.Ok ok -> {}
      case Response.Error e -> {
        status = FrameHeader.STATUS_ERROR;
        w.i16(e.number());
        String text = truncate(beforeNul(e.text()), ERROR_TEXT_MAX);
        if (!text.isEmpty()) {
          w.cstr(text);
        }
      }
      case Response.StorageAddrs s -> {
        w.fixed(s.groupName(), GROUP_FIELD);
        StringBuilder list = new StringBuilder();
        for (HostPort a : s.addresses()) {
          list.append(a).append(';');
        }
        w.cstr(list.toString());
      }
      case Response.Groups g -> w.cstr(g.text());
      case Response.Hello h -> w.u16(h.protocolVersion()).str(h.serverId()).bytes(h.proof());
      case Response.Members m -> {
        w.i32(m.flags()).i32(m.members().size());
        for (Member x : m.members()) {
          w.str(x.nodeId()).str(x.host()).u16(x.port()).u8(x.status().code());
        }
      }
      case Response.Nodes n -> {
        w.i32(n.nodes().size());
        for (NodeInfo x : n.nodes()) {
          w.str(x.groupName())
              .str(x.nodeId())
              .str(x.version())
              .str(x.hostName())
              .str(x.host())
              .u16(x.port())
              .u8(x.status().code())
              .i64(x.startTime())
              .i64(x.joinTime())
              .i64(x.beatTime())
              .i32(x.heartbeatSeconds());
          Shapes.roots(w, x.roots());
          w.i32(x.load().connections())
              .i64(x.load().bytesInPerSecond())
              .i64(x.load().bytesOutPerSecond());
          Shapes.lags(w, x.lags());
        }
      }
      case Response.IdValue v -> w.i64(v.id());
      case Response.IdSpan v -> w.i64(v.first()).i32(v.count());
      case Response.FileSize f -> w.i64(f.size());
      case Response.Download d -> extra = d.length();
      case Response.Uploaded u -> w.i64(u.crc32c()).i64(u.createTime());
      case Response.Stat s -> Shapes.fileMeta(w, s.meta());
      case Response.FileList l -> {
        w.i32(l.files().size());
        for (FileMeta m : l.files()) {
          Shapes.fileMeta(w, m);
        }
        w.str(l.next());
      }
      case Response.ReplLog l -> {
        w.i64(l.oldestSeq()).i64(l.lastSeq()).i32(l.entries().size());
        for (LogEntry e : l.entries()) {
          Shapes.logEntry(w, e);
        }
      }
      case Response.ReplFile f -> {
        BodyWriter meta = new BodyWriter(256);
        Shapes.fileMeta(meta, f.meta());
        w.i32(meta.size()).bytes(meta.toArray());
        extra = f.meta().size();
      }
    }
    byte[] body = w.toArray();
    FrameHeader h = new FrameHeader(body.length + extra, replyCommand.code(), status);
    byte[] frame = new byte[FrameHeader.SIZE + body.length];
    System.arraycopy(h.toBytes(), 0, frame, 0, FrameHeader.SIZE);
    System.arraycopy(body, 0, frame, FrameHeader.SIZE, body.length);
    return frame;
  }

  /**
   * Reads the body of a reply to {@code answered} whose header was just read. An error status gives
   * {@link Response.Error}. For downloads and fetched files only the fixed part is read.
   */
  public static Response decode(Request answered, FrameHeader h, InputStream in, Limits limits)
      throws IOException {
    long len = h.bodyLength();
    if (len < 0) {
      throw new MalformedFrameException("invalid body length: " + len);
    }
    if (Command.find(h.command()).filter(Command::isReply).isEmpty()) {
      throw new MalformedFrameException("not a reply command: " + h.command());
    }
    if (h.isError()) {
      BodyReader r = control(in, h, limits);
      if (r.remaining() < 2) {
        return new Response.Error((short) -1, r.remaining() == 0 ? "" : "truncated error body");
      }
      return new Response.Error(r.i16(), r.cstrRestLenient());
    }
    return switch (answered) {
      case Request.Join x -> ok(in, h, limits);
      case Request.Beat x -> ok(in, h, limits);
      case Request.JoinEx x -> ok(in, h, limits);
      case Request.Upload x -> ok(in, h, limits);
      case Request.Delete x -> ok(in, h, limits);
      case Request.Restore x -> ok(in, h, limits);
      case Request.Purge x -> ok(in, h, limits);
      case Request.ReplNotify x -> ok(in, h, limits);
      case Request.StorageAddrs x -> {
        BodyReader r = control(in, h, limits);
        String group = r.fixed(GROUP_FIELD);
        List<HostPort> addrs = new ArrayList<>();
        for (String a : Names.split(r.cstrRest())) {
          try {
            addrs.add(HostPort.parse(a));
          } catch (IllegalArgumentException e) {
            throw new MalformedFrameException("bad address in storage list: " + Names.quote(a));
          }
        }
        yield new Response.StorageAddrs(group, addrs);
      }
      case Request.Groups x -> new Response.Groups(control(in, h, limits).cstrRest());
      case Request.Hello x -> {
        BodyReader r = control(in, h, limits);
        Response.Hello hello =
            new Response.Hello(r.u16(), r.str(), r.bytes(Request.Hello.PROOF_SIZE));
        r.expectEnd();
        yield hello;
      }
      case Request.BeatEx x -> {
        BodyReader r = control(in, h, limits);
        int flags = r.i32();
        int n = r.count(2 + 2 + 2 + 1);
        List<Member> members = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          members.add(new Member(r.str(), r.str(), r.u16(), Shapes.nodeStatus(r.u8())));
        }
        r.expectEnd();
        yield new Response.Members(flags, members);
      }
      case Request.Nodes x -> {
        BodyReader r = control(in, h, limits);
        int n = r.count(5 * 2 + 2 + 1 + 3 * 8 + 4 + 4 + 4 + 16 + 4);
        List<NodeInfo> nodes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          String group = r.str();
          String nodeId = r.str();
          String version = r.str();
          String hostName = r.str();
          String host = r.str();
          int port = r.u16();
          var status = Shapes.nodeStatus(r.u8());
          long stime = r.i64();
          long jtime = r.i64();
          long btime = r.i64();
          int hb = r.i32();
          var roots = Shapes.roots(r);
          var load = new org.mediadfs.wire.message.Load(r.i32(), r.i64(), r.i64());
          var lags = Shapes.lags(r);
          nodes.add(
              new NodeInfo(
                  group, nodeId, version, hostName, host, port, status, stime, jtime, btime, hb,
                  roots, load, lags));
        }
        r.expectEnd();
        yield new Response.Nodes(nodes);
      }
      case Request.IdGet x -> new Response.IdValue(exact(in, h, 8).i64());
      case Request.IdRange x -> {
        BodyReader r = exact(in, h, 12);
        Response.IdSpan span = new Response.IdSpan(r.i64(), r.i32());
        if (span.count() < 1
            || span.count() > x.count()
            || span.first() < 0
            || span.first() > Long.MAX_VALUE - span.count() + 1) {
          throw new MalformedFrameException(
              "ID span of "
                  + span.count()
                  + " from "
                  + span.first()
                  + " does not answer a request for "
                  + x.count());
        }
        yield span;
      }
      case Request.FileSize x -> new Response.FileSize(exact(in, h, 8).i64());
      case Request.Download x -> {
        if (len > limits.maxPayload()) {
          throw new FrameTooLargeException("download reply of " + len + " bytes exceeds the limit");
        }
        yield new Response.Download(len);
      }
      case Request.UploadEx x -> {
        BodyReader r = exact(in, h, 16);
        yield new Response.Uploaded(r.i64(), r.i64());
      }
      case Request.Stat x -> {
        BodyReader r = control(in, h, limits);
        FileMeta m = Shapes.fileMeta(r);
        r.expectEnd();
        yield new Response.Stat(m);
      }
      case Request.ListFiles x -> {
        BodyReader r = control(in, h, limits);
        int n = r.count(Shapes.FILE_META_MIN);
        List<FileMeta> files = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          files.add(Shapes.fileMeta(r));
        }
        String next = r.str();
        r.expectEnd();
        yield new Response.FileList(files, next);
      }
      case Request.ReplLog x -> {
        BodyReader r = control(in, h, limits);
        long oldest = r.i64();
        long last = r.i64();
        int n = r.count(9 + Shapes.FILE_META_MIN);
        List<LogEntry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          entries.add(Shapes.logEntry(r));
        }
        r.expectEnd();
        yield new Response.ReplLog(oldest, last, entries);
      }
      case Request.ReplFetch x -> {
        if (len < 4) {
          throw new MalformedFrameException("fetched-file reply shorter than 4 bytes");
        }
        if (len - 4 - limits.maxControlBody() > limits.maxPayload()) {
          throw new FrameTooLargeException(
              "fetched-file reply of " + len + " bytes exceeds the limits");
        }
        int metaLen = new BodyReader(IoUtil.readExactly(in, 4, "meta length")).i32();
        if (metaLen < Shapes.FILE_META_MIN
            || metaLen > limits.maxControlBody()
            || metaLen > len - 4) {
          throw new MalformedFrameException(
              "bad metadata length in fetched-file reply: " + metaLen);
        }
        BodyReader r = new BodyReader(IoUtil.readExactly(in, metaLen, "file metadata"));
        FileMeta meta = Shapes.fileMeta(r);
        r.expectEnd();
        long payload = len - 4 - metaLen;
        if (payload != meta.size()) {
          throw new MalformedFrameException(
              "fetched file carries " + payload + " bytes but its size is " + meta.size());
        }
        if (payload > limits.maxPayload()) {
          throw new FrameTooLargeException(
              "fetched file of " + payload + " bytes exceeds the limit");
        }
        yield new Response.ReplFile(meta);
      }
    };
  }

  private static Response ok(InputStream in, FrameHeader h, Limits limits) throws IOException {
    RequestCodec.checkControl(h, limits);
    IoUtil.skipExactly(in, h.bodyLength(), "reply body");
    return new Response.Ok();
  }

  private static BodyReader control(InputStream in, FrameHeader h, Limits limits)
      throws IOException {
    RequestCodec.checkControl(h, limits);
    return new BodyReader(IoUtil.readExactly(in, (int) h.bodyLength(), "reply body"));
  }

  private static BodyReader exact(InputStream in, FrameHeader h, int size) throws IOException {
    if (h.bodyLength() != size) {
      throw new MalformedFrameException(
          "reply body must be " + size + " bytes, not " + h.bodyLength());
    }
    return new BodyReader(IoUtil.readExactly(in, size, "reply body"));
  }

  /** The text before its first NUL: the error text is NUL-terminated on the wire. */
  static String beforeNul(String s) {
    int nul = s.indexOf('\0');
    return nul < 0 ? s : s.substring(0, nul);
  }

  /** Cuts text to at most {@code max} UTF-8 bytes without splitting a character. */
  static String truncate(String s, int max) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length <= max) {
      return s;
    }
    int end = max;
    while (end > 0 && (b[end] & 0xC0) == 0x80) {
      end--;
    }
    return new String(b, 0, end, StandardCharsets.UTF_8);
  }
}
