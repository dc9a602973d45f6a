package org.mediadfs.wire.codec;

import java.util.ArrayList;
import java.util.List;
import org.mediadfs.wire.MalformedFrameException;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.LogEntry;
import org.mediadfs.wire.message.LogOp;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.PeerLag;
import org.mediadfs.wire.message.RootStat;

/** Encodings of the value types that several messages share. */
final class Shapes {
  private Shapes() {}

  static void idBlock(BodyWriter w, IdBlock ids) {
    w.fixed(ids.appId(), IdBlock.APP_ID_FIELD)
        .fixed(ids.userId(), IdBlock.USER_ID_FIELD)
        .fixed(ids.fileId(), IdBlock.FILE_ID_FIELD);
  }

  static IdBlock idBlock(BodyReader r) throws MalformedFrameException {
    return new IdBlock(
        r.fixed(IdBlock.APP_ID_FIELD),
        r.fixed(IdBlock.USER_ID_FIELD),
        r.fixed(IdBlock.FILE_ID_FIELD));
  }

  /** Smallest encoded FileMeta: five empty strings and the numbers. */
  static final int FILE_META_MIN = 5 * 2 + 8 * 4 + 1;

  static void fileMeta(BodyWriter w, FileMeta m) {
    if (m.size() < 0) {
      // the reader refuses it; failing here names the culprit instead of the peer
      throw new IllegalArgumentException("negative file size: " + m.size());
    }
    w.str(m.fileId())
        .str(m.appId())
        .str(m.userId())
        .i64(m.size())
        .i64(m.crc32c())
        .str(m.contentType())
        .u8(m.status().code())
        .str(m.path())
        .i64(m.createTime())
        .i64(m.updateTime());
  }

  static FileMeta fileMeta(BodyReader r) throws MalformedFrameException {
    String fileId = r.str();
    String appId = r.str();
    String userId = r.str();
    long size = r.i64();
    long crc = r.i64();
    String contentType = r.str();
    FileStatus status = fileStatus(r.u8());
    String path = r.str();
    long create = r.i64();
    long update = r.i64();
    if (size < 0) {
      throw new MalformedFrameException("negative file size: " + size);
    }
    return new FileMeta(
        fileId, appId, userId, size, crc, contentType, status, path, create, update);
  }

  static void logEntry(BodyWriter w, LogEntry e) {
    w.i64(e.seq()).u8(e.op().code());
    fileMeta(w, e.meta());
  }

  static LogEntry logEntry(BodyReader r) throws MalformedFrameException {
    long seq = r.i64();
    int op = r.u8();
    try {
      return new LogEntry(seq, LogOp.of(op), fileMeta(r));
    } catch (IllegalArgumentException e) {
      throw new MalformedFrameException(e.getMessage());
    }
  }

  static void roots(BodyWriter w, List<RootStat> roots) {
    w.i32(roots.size());
    for (RootStat s : roots) {
      w.str(s.storeId()).i64(s.totalBytes()).i64(s.freeBytes()).u8(s.readOnly() ? 1 : 0);
    }
  }

  static List<RootStat> roots(BodyReader r) throws MalformedFrameException {
    int n = r.count(2 + 8 + 8 + 1);
    List<RootStat> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new RootStat(r.str(), r.i64(), r.i64(), r.u8() != 0));
    }
    return out;
  }

  static void lags(BodyWriter w, List<PeerLag> lags) {
    w.i32(lags.size());
    for (PeerLag l : lags) {
      w.str(l.peerNodeId()).i64(l.entries()).i64(l.bytes());
    }
  }

  static List<PeerLag> lags(BodyReader r) throws MalformedFrameException {
    int n = r.count(2 + 8 + 8);
    List<PeerLag> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new PeerLag(r.str(), r.i64(), r.i64()));
    }
    return out;
  }

  static NodeStatus nodeStatus(int code) throws MalformedFrameException {
    try {
      return NodeStatus.of(code);
    } catch (IllegalArgumentException e) {
      throw new MalformedFrameException(e.getMessage());
    }
  }

  static FileStatus fileStatus(int code) throws MalformedFrameException {
    try {
      return FileStatus.of(code);
    } catch (IllegalArgumentException e) {
      throw new MalformedFrameException(e.getMessage());
    }
  }
}
