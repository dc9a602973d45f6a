package org.mediadfs.wire.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.mediadfs.wire.Command;
import org.mediadfs.wire.FrameHeader;
import org.mediadfs.wire.FrameTooLargeException;
import org.mediadfs.wire.MalformedFrameException;
import org.mediadfs.wire.UnknownCommandException;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Load;
import org.mediadfs.wire.message.Request;

/**
 * Request bodies. The original's layouts (all integers big-endian, fixed text fields NUL-padded):
 *
 * <pre>
 * 10 JOIN      171 B: version[7] group[17] hostname[129] port(2) stime(8) jtime(8)
 * 11 BEAT      146 B: group[17] hostname[129]
 * 12 SADDRS    400 B: ID block (appid[16] userid[256] fileid[128])
 * 13 GROUPS      0 B (any body is skipped)
 * 40 ID_GET  ≤ 65 B: key (1–64 bytes) + NUL
 * 70 UPLOAD  ≥ 408 B: ID block, filesize(8) = body length - 408, then the file bytes
 * 71 FILESIZE  400 B: ID block
 * 72 DOWNLOAD  416 B: ID block, offset(8), size(8) (0 = to the end)
 * 73 DELETE    400 B: ID block
 * </pre>
 *
 * Extensions use a 2-byte length before each UTF-8 string ({@code str}) and a 4-byte count before
 * each list:
 *
 * <pre>
 * 14 HELLO      version(2) str nodeId, timestamp(8) nonce[16] proof[32]
 * 15 JOIN_EX    str nodeId, str version, str group, str hostname, str host, port(2) stime(8)
 *               jtime(8) heartbeatSeconds(4)
 * 16 BEAT_EX    str nodeId, str group, state(1) heartbeatSeconds(4) roots(count, each: str
 *               storeId, total(8) free(8) readOnly(1)) connections(4) bytesIn/s(8) bytesOut/s(8)
 *               lags(count, each: str peer, entries(8) bytes(8))
 * 17 NODES      0 B
 * 41 ID_RANGE   str key (1–64 bytes), count(4) (1–65,536)
 * 74 UPLOAD_EX ≥ 544 B: ID block, filesize(8), crc32c(8; -1 = none), contentType[128], bytes
 * 75 STAT       400 B: ID block
 * 76 LIST       str userId, str after, limit(4) includeDeleted(1)
 * 77 RESTORE    400 B: ID block
 * 78 PURGE      400 B: ID block
 * 80 REPL_LOG   str nodeId, afterSeq(8) maxEntries(4)
 * 81 REPL_FETCH str nodeId, str userId, str fileId
 * 82 REPL_NOTIFY str nodeId, seq(8)
 * </pre>
 */
public final class RequestCodec {
  /** Body size of the original join. */
  public static final int JOIN_SIZE = 7 + 17 + 129 + 2 + 8 + 8;

  /** Body size of the original heartbeat. */
  public static final int BEAT_SIZE = 17 + 129;

  /** Fixed part of an original upload. */
  public static final int UPLOAD_PREFIX = IdBlock.SIZE + 8;

  /** Fixed part of an extended upload. */
  public static final int UPLOAD_EX_PREFIX = IdBlock.SIZE + 8 + 8 + 128;

  /** Body size of an original download. */
  public static final int DOWNLOAD_SIZE = IdBlock.SIZE + 16;

  /** Size of the content-type field of the extended upload. */
  public static final int CONTENT_TYPE_FIELD = 128;

  /** Size of the ID key field (64 bytes and the NUL). */
  public static final int ID_KEY_FIELD = 65;

  private RequestCodec() {}

  /**
   * The header and fixed body of a request. For uploads the body length includes the payload, which
   * the caller writes next.
   */
  public static byte[] encode(Request request) {
    BodyWriter w = new BodyWriter(512);
    switch (request) {
      case Request.Join j ->
          w.fixed(j.version(), 7)
              .fixed(j.groupName(), 17)
              .fixed(j.hostName(), 129)
              .u16(j.port())
              .i64(j.startTime())
              .i64(j.joinTime());
      case Request.Beat b -> w.fixed(b.groupName(), 17).fixed(b.hostName(), 129);
      case Request.StorageAddrs s -> Shapes.idBlock(w, s.ids());
      case Request.Groups g -> {}
      case Request.Hello h ->
          w.u16(h.protocolVersion())
              .str(h.nodeId())
              .i64(h.timestamp())
              .bytes(h.nonce())
              .bytes(h.proof());
      case Request.JoinEx j ->
          w.str(j.nodeId())
              .str(j.version())
              .str(j.groupName())
              .str(j.hostName())
              .str(j.host())
              .u16(j.port())
              .i64(j.startTime())
              .i64(j.joinTime())
              .i32(j.heartbeatSeconds());
      case Request.BeatEx b -> {
        w.str(b.nodeId()).str(b.groupName()).u8(b.state().code()).i32(b.heartbeatSeconds());
        Shapes.roots(w, b.roots());
        w.i32(b.load().connections())
            .i64(b.load().bytesInPerSecond())
            .i64(b.load().bytesOutPerSecond());
        Shapes.lags(w, b.lags());
      }
      case Request.Nodes n -> {}
      case Request.IdGet g -> {
        int n = g.key().getBytes(StandardCharsets.UTF_8).length;
        if (n == 0 || n >= ID_KEY_FIELD) {
          throw new IllegalArgumentException("ID key must be 1 to 64 bytes: " + g.key());
        }
        w.fixed(g.key(), n + 1);
      }
      case Request.IdRange g -> {
        String problem = idRangeProblem(g.key(), g.count());
        if (problem != null) {
          throw new IllegalArgumentException(problem);
        }
        w.str(g.key()).i32(g.count());
      }
      case Request.Upload u -> {
        Shapes.idBlock(w, u.ids());
        w.i64(u.fileSize());
      }
      case Request.UploadEx u -> {
        if (u.crc32c() < -1 || u.crc32c() > 0xFFFFFFFFL) {
          throw new IllegalArgumentException("crc32c is not an unsigned 32-bit value or -1");
        }
        Shapes.idBlock(w, u.ids());
        w.i64(u.fileSize()).i64(u.crc32c()).fixed(u.contentType(), CONTENT_TYPE_FIELD);
      }
      case Request.FileSize f -> Shapes.idBlock(w, f.ids());
      case Request.Download d -> {
        Shapes.idBlock(w, d.ids());
        w.i64(d.offset()).i64(d.size());
      }
      case Request.Delete d -> Shapes.idBlock(w, d.ids());
      case Request.Stat s -> Shapes.idBlock(w, s.ids());
      case Request.ListFiles l ->
          w.str(l.userId()).str(l.after()).i32(l.limit()).u8(l.includeDeleted() ? 1 : 0);
      case Request.Restore r -> Shapes.idBlock(w, r.ids());
      case Request.Purge p -> Shapes.idBlock(w, p.ids());
      case Request.ReplLog l -> w.str(l.nodeId()).i64(l.afterSeq()).i32(l.maxEntries());
      case Request.ReplFetch f -> w.str(f.nodeId()).str(f.userId()).str(f.fileId());
      case Request.ReplNotify n -> w.str(n.nodeId()).i64(n.seq());
    }
    if (request.payloadLength() < 0) {
      throw new IllegalArgumentException("negative payload length");
    }
    byte[] body = w.toArray();
    FrameHeader h =
        new FrameHeader(
            body.length + request.payloadLength(), request.command().code(), FrameHeader.STATUS_OK);
    byte[] frame = new byte[FrameHeader.SIZE + body.length];
    System.arraycopy(h.toBytes(), 0, frame, 0, FrameHeader.SIZE);
    System.arraycopy(body, 0, frame, FrameHeader.SIZE, body.length);
    return frame;
  }

  /** What is wrong with an ID_RANGE's key or count, or null when both are valid. */
  private static String idRangeProblem(String key, int count) {
    int n = key.getBytes(StandardCharsets.UTF_8).length;
    if (n == 0 || n >= ID_KEY_FIELD || key.indexOf('\0') >= 0) {
      return "ID key must be 1 to 64 bytes without NUL, was " + n + " bytes";
    }
    if (count < 1 || count > Request.IdRange.MAX_COUNT) {
      return "ID count must be 1 to " + Request.IdRange.MAX_COUNT + ", was " + count;
    }
    return null;
  }

  /**
   * Reads the body of a request whose header was just read. The header is checked before any
   * allocation; for uploads only the fixed part is read and the file bytes stay on the stream.
   *
   * @throws UnknownCommandException for a code that is not a request
   * @throws MalformedFrameException for a wrong length or field
   * @throws FrameTooLargeException for a body above the limits
   */
  public static Request decode(FrameHeader h, InputStream in, Limits limits) throws IOException {
    Command command = Command.of(h.command());
    if (command.isReply()) {
      throw new UnknownCommandException(h.command());
    }
    long len = h.bodyLength();
    if (len < 0) {
      throw new MalformedFrameException("invalid body length: " + len);
    }
    return switch (command) {
      case JOIN -> {
        BodyReader r = exact(in, h, JOIN_SIZE);
        yield new Request.Join(r.fixed(7), r.fixed(17), r.fixed(129), r.u16(), r.i64(), r.i64());
      }
      case BEAT -> {
        BodyReader r = exact(in, h, BEAT_SIZE);
        yield new Request.Beat(r.fixed(17), r.fixed(129));
      }
      case STORAGE_ADDRS -> new Request.StorageAddrs(Shapes.idBlock(exact(in, h, IdBlock.SIZE)));
      case GROUPS -> {
        skipControl(in, h, limits);
        yield new Request.Groups();
      }
      case NODES -> {
        skipControl(in, h, limits);
        yield new Request.Nodes();
      }
      case HELLO -> {
        BodyReader r = control(in, h, limits);
        Request.Hello hello =
            new Request.Hello(
                r.u16(),
                r.str(),
                r.i64(),
                r.bytes(Request.Hello.NONCE_SIZE),
                r.bytes(Request.Hello.PROOF_SIZE));
        r.expectEnd();
        yield hello;
      }
      case JOIN_EX -> {
        BodyReader r = control(in, h, limits);
        Request.JoinEx j =
            new Request.JoinEx(
                r.str(), r.str(), r.str(), r.str(), r.str(), r.u16(), r.i64(), r.i64(), r.i32());
        r.expectEnd();
        yield j;
      }
      case BEAT_EX -> {
        BodyReader r = control(in, h, limits);
        String nodeId = r.str();
        String group = r.str();
        var state = Shapes.nodeStatus(r.u8());
        int hb = r.i32();
        var roots = Shapes.roots(r);
        Load load = new Load(r.i32(), r.i64(), r.i64());
        var lags = Shapes.lags(r);
        r.expectEnd();
        yield new Request.BeatEx(nodeId, group, state, hb, roots, load, lags);
      }
      case ID_GET -> {
        if (len > ID_KEY_FIELD || len == 0) {
          throw new MalformedFrameException(
              "ID key body must be 1 to " + ID_KEY_FIELD + " bytes, was " + len);
        }
        BodyReader r = new BodyReader(IoUtil.readExactly(in, (int) len, "ID key"));
        String key = r.cstrRest();
        int n = key.getBytes(StandardCharsets.UTF_8).length;
        if (n == 0 || n >= ID_KEY_FIELD) {
          throw new MalformedFrameException("ID key must be 1 to 64 bytes, was " + n);
        }
        yield new Request.IdGet(key);
      }
      case ID_RANGE -> {
        BodyReader r = control(in, h, limits);
        String key = r.str();
        int count = r.i32();
        r.expectEnd();
        String problem = idRangeProblem(key, count);
        if (problem != null) {
          throw new MalformedFrameException(problem);
        }
        yield new Request.IdRange(key, count);
      }
      case UPLOAD -> {
        checkPayloadFrame(h, UPLOAD_PREFIX, limits);
        BodyReader r = new BodyReader(IoUtil.readExactly(in, UPLOAD_PREFIX, "upload header"));
        IdBlock ids = Shapes.idBlock(r);
        long size = r.i64();
        checkDeclaredSize(size, len - UPLOAD_PREFIX);
        yield new Request.Upload(ids, size);
      }
      case UPLOAD_EX -> {
        checkPayloadFrame(h, UPLOAD_EX_PREFIX, limits);
        BodyReader r =
            new BodyReader(IoUtil.readExactly(in, UPLOAD_EX_PREFIX, "extended upload header"));
        IdBlock ids = Shapes.idBlock(r);
        long size = r.i64();
        long crc = r.i64();
        String type = r.fixed(CONTENT_TYPE_FIELD);
        checkDeclaredSize(size, len - UPLOAD_EX_PREFIX);
        if (crc < -1 || crc > 0xFFFFFFFFL) {
          throw new MalformedFrameException("crc32c out of range: " + crc);
        }
        yield new Request.UploadEx(ids, size, type, crc);
      }
      case FILE_SIZE -> new Request.FileSize(Shapes.idBlock(exact(in, h, IdBlock.SIZE)));
      case DOWNLOAD -> {
        BodyReader r = exact(in, h, DOWNLOAD_SIZE);
        yield new Request.Download(Shapes.idBlock(r), r.i64(), r.i64());
      }
      case DELETE -> new Request.Delete(Shapes.idBlock(exact(in, h, IdBlock.SIZE)));
      case STAT -> new Request.Stat(Shapes.idBlock(exact(in, h, IdBlock.SIZE)));
      case RESTORE -> new Request.Restore(Shapes.idBlock(exact(in, h, IdBlock.SIZE)));
      case PURGE -> new Request.Purge(Shapes.idBlock(exact(in, h, IdBlock.SIZE)));
      case LIST -> {
        BodyReader r = control(in, h, limits);
        Request.ListFiles l = new Request.ListFiles(r.str(), r.str(), r.i32(), r.u8() != 0);
        r.expectEnd();
        yield l;
      }
      case REPL_LOG -> {
        BodyReader r = control(in, h, limits);
        Request.ReplLog l = new Request.ReplLog(r.str(), r.i64(), r.i32());
        r.expectEnd();
        yield l;
      }
      case REPL_FETCH -> {
        BodyReader r = control(in, h, limits);
        Request.ReplFetch f = new Request.ReplFetch(r.str(), r.str(), r.str());
        r.expectEnd();
        yield f;
      }
      case REPL_NOTIFY -> {
        BodyReader r = control(in, h, limits);
        Request.ReplNotify n = new Request.ReplNotify(r.str(), r.i64());
        r.expectEnd();
        yield n;
      }
      case TRACKER_REPLY, ID_REPLY, STORAGE_REPLY -> throw new UnknownCommandException(h.command());
    };
  }

  private static BodyReader exact(InputStream in, FrameHeader h, int size) throws IOException {
    if (h.bodyLength() != size) {
      throw new MalformedFrameException(
          "command "
              + h.command()
              + " needs a body of exactly "
              + size
              + " bytes, not "
              + h.bodyLength());
    }
    return new BodyReader(IoUtil.readExactly(in, size, "body of command " + h.command()));
  }

  private static BodyReader control(InputStream in, FrameHeader h, Limits limits)
      throws IOException {
    checkControl(h, limits);
    return new BodyReader(
        IoUtil.readExactly(in, (int) h.bodyLength(), "body of command " + h.command()));
  }

  private static void skipControl(InputStream in, FrameHeader h, Limits limits) throws IOException {
    checkControl(h, limits);
    IoUtil.skipExactly(in, h.bodyLength(), "body of command " + h.command());
  }

  static void checkControl(FrameHeader h, Limits limits) throws FrameTooLargeException {
    if (h.bodyLength() > limits.maxControlBody()) {
      throw new FrameTooLargeException(
          "body of "
              + h.bodyLength()
              + " bytes exceeds the limit of "
              + limits.maxControlBody()
              + " for command "
              + h.command());
    }
  }

  private static void checkPayloadFrame(FrameHeader h, int prefix, Limits limits)
      throws org.mediadfs.wire.WireException {
    if (h.bodyLength() < prefix) {
      throw new MalformedFrameException(
          "upload body must be at least " + prefix + " bytes, not " + h.bodyLength());
    }
    if (h.bodyLength() - prefix > limits.maxPayload()) {
      throw new FrameTooLargeException(
          "file of "
              + (h.bodyLength() - prefix)
              + " bytes exceeds the upload limit of "
              + limits.maxPayload()
              + " bytes");
    }
  }

  private static void checkDeclaredSize(long declared, long actual) throws MalformedFrameException {
    if (declared != actual) {
      throw new MalformedFrameException(
          "file size " + declared + " does not match the body length (" + actual + " bytes)");
    }
  }
}
