package org.mediadfs.faults;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * Talks to one storage node directly (no tracker, no failover), to see what exactly that member
 * holds: the invariant checks must ask every member, not whichever node a client picks.
 */
final class NodeProbe implements AutoCloseable {
  private final WireConnection c;

  private NodeProbe(WireConnection c) {
    this.c = c;
  }

  static NodeProbe open(HostPort node) throws IOException {
    return new NodeProbe(
        WireConnection.open(node, Duration.ofSeconds(3), Duration.ofSeconds(60), Limits.DEFAULT));
  }

  HostPort address() {
    return c.address();
  }

  /** What a member said about a file: its bytes' digest, or an error code. */
  record Read(Content.Digest digest, ErrorCode error, String text) {
    boolean ok() {
      return error == null;
    }
  }

  /** Downloads {@code [offset, offset+length)} (length 0: to the end) and digests it. */
  Read download(IdBlock ids, long offset, long length) throws IOException {
    Request.Download d = new Request.Download(ids, offset, length);
    c.send(d);
    Response r = c.receive(d);
    if (r instanceof Response.Error e) {
      return new Read(null, e.code(), e.text());
    }
    Content.DigestStream out = new Content.DigestStream();
    try (InputStream in = c.payload()) {
      in.transferTo(out);
    }
    return new Read(out.digest(), null, null);
  }

  /** STAT: the meta, or an error code. */
  record Stat(FileMeta meta, ErrorCode error) {}

  Stat stat(IdBlock ids) throws IOException {
    Response r = c.call(new Request.Stat(ids));
    if (r instanceof Response.Error e) {
      return new Stat(null, e.code());
    }
    return new Stat(((Response.Stat) r).meta(), null);
  }

  /** FILE_SIZE: the size, or the error code as a negative number's stand-in. */
  Response fileSize(IdBlock ids) throws IOException {
    return c.call(new Request.FileSize(ids));
  }

  /** Any request without a payload. */
  Response call(Request r) throws IOException {
    return c.call(r);
  }

  /** Every row of the node (deleted ones included), page by page. */
  List<FileMeta> listAll() throws IOException, ErrorReplyException {
    List<FileMeta> all = new ArrayList<>();
    String after = "";
    while (true) {
      Response.FileList page =
          c.expect(new Request.ListFiles("", after, 1000, true), Response.FileList.class);
      all.addAll(page.files());
      if (page.next().isEmpty()) {
        return all;
      }
      after = page.next();
    }
  }

  /** The original upload (70) straight to this node. */
  Response upload(IdBlock ids, byte[] data) throws IOException {
    Request.Upload u = new Request.Upload(ids, data.length);
    c.send(u);
    c.out().write(data);
    c.flush();
    return c.receive(u);
  }

  @Override
  public void close() throws IOException {
    c.close();
  }
}
