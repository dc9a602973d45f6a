package org.mediadfs.storage.it;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/** A test client over {@link WireConnection}: the original client's calls, nothing more. */
public final class Wire implements Closeable {
  public static final String APP = "tnvideo";

  private final WireConnection c;

  private Wire(WireConnection c) {
    this.c = c;
  }

  public static Wire open(HostPort address) throws IOException {
    return new Wire(
        WireConnection.open(
            address, Duration.ofSeconds(5), Duration.ofSeconds(60), Limits.DEFAULT));
  }

  /**
   * A connection that introduces itself with HELLO as a storage peer: the node then answers from
   * what it holds itself, without read repair (how the tests see whether replication delivered).
   */
  public static Wire openAsPeer(HostPort address) throws IOException {
    Wire w = open(address);
    try {
      w.expect(
          org.mediadfs.wire.HelloProof.hello(
              org.mediadfs.wire.HelloProof.secret(SharedPayara.SECRET),
              "test-observer",
              System.currentTimeMillis()),
          Response.Hello.class);
    } catch (ErrorReplyException e) {
      w.close();
      throw new IOException("HELLO refused: " + e, e);
    }
    return w;
  }

  public WireConnection connection() {
    return c;
  }

  public static IdBlock ids(String user, String file) {
    return new IdBlock(APP, user, file);
  }

  /** Original upload (70). */
  public Response upload(String user, String file, byte[] data) throws IOException {
    Request.Upload u = new Request.Upload(ids(user, file), data.length);
    c.send(u);
    c.out().write(data);
    c.flush();
    return c.receive(u);
  }

  /** Extended upload (74). */
  public Response uploadEx(String user, String file, byte[] data, String type, long crc)
      throws IOException {
    Request.UploadEx u = new Request.UploadEx(ids(user, file), data.length, type, crc);
    c.send(u);
    c.out().write(data);
    c.flush();
    return c.receive(u);
  }

  public Response call(Request r) throws IOException {
    return c.call(r);
  }

  public <R extends Response> R expect(Request r, Class<R> type)
      throws IOException, ErrorReplyException {
    return c.expect(r, type);
  }

  /** Download (72) of a range; returns the bytes or throws the error reply. */
  public byte[] download(String user, String file, long offset, long size)
      throws IOException, ErrorReplyException {
    Request.Download d = new Request.Download(ids(user, file), offset, size);
    c.send(d);
    Response r = c.receive(d);
    Response.Download dl = WireConnection.as(r, Response.Download.class);
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) dl.length());
    try (InputStream in = c.payload()) {
      in.transferTo(out);
    }
    return out.toByteArray();
  }

  @Override
  public void close() throws IOException {
    c.close();
  }
}
