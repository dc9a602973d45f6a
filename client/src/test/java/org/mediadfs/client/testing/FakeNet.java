package org.mediadfs.client.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.mediadfs.client.transport.Connection;
import org.mediadfs.client.transport.Connector;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * A scripted network for unit tests: every address has a handler that answers requests; addresses
 * can be down (connect refused). Records every request as {@code "host:port COMMAND"}. No sockets.
 */
public final class FakeNet implements Connector {

  /** Answers one request; throwing an IOException simulates a socket failure after the send. */
  @FunctionalInterface
  public interface Handler {
    Reply handle(Request request, byte[] uploaded) throws IOException;
  }

  /**
   * A reply.
   *
   * @param response the reply
   * @param payload download bytes after it
   * @param failAfter fail the payload stream after this many bytes (-1: never)
   * @param refuseUploadAfter for uploads: the payload write fails after this many bytes and {@code
   *     response} is what the server sent before closing (-1: no refusal)
   */
  public record Reply(Response response, byte[] payload, int failAfter, int refuseUploadAfter) {
    public static Reply of(Response r) {
      return new Reply(r, new byte[0], -1, -1);
    }

    public static Reply error(ErrorCode code, String text) {
      return of(new Response.Error(code, text));
    }

    public static Reply download(byte[] bytes) {
      return new Reply(new Response.Download(bytes.length), bytes, -1, -1);
    }
  }

  private final Map<HostPort, Handler> handlers = new ConcurrentHashMap<>();
  private final Set<HostPort> down = ConcurrentHashMap.newKeySet();
  private final Map<HostPort, Reply> uploadRefusals = new ConcurrentHashMap<>();
  public final List<String> calls = new CopyOnWriteArrayList<>();
  public final List<FakeConnection> connections = new CopyOnWriteArrayList<>();
  public final AtomicInteger connects = new AtomicInteger();

  public FakeNet on(HostPort address, Handler h) {
    handlers.put(address, h);
    return this;
  }

  /** Uploads to {@code address} fail after {@code afterBytes} with this error reply. */
  public FakeNet refuseUploads(HostPort address, ErrorCode code, int afterBytes) {
    uploadRefusals.put(
        address, new Reply(new Response.Error(code, "refused"), new byte[0], -1, afterBytes));
    return this;
  }

  public FakeNet down(HostPort address) {
    down.add(address);
    return this;
  }

  public FakeNet up(HostPort address) {
    down.remove(address);
    return this;
  }

  /** Requests sent to an address. */
  public long callsTo(HostPort address) {
    return calls.stream().filter(c -> c.startsWith(address + " ")).count();
  }

  @Override
  public Connection connect(HostPort address) throws IOException {
    connects.incrementAndGet();
    if (down.contains(address) || !handlers.containsKey(address)) {
      throw new ConnectException("Connection refused: " + address);
    }
    FakeConnection c = new FakeConnection(address);
    connections.add(c);
    return c;
  }

  /** A connection whose server side is the address's handler. */
  public final class FakeConnection implements Connection {
    private final HostPort address;
    private final ByteArrayOutputStream uploaded = new ByteArrayOutputStream();
    private volatile boolean broken;
    private volatile boolean closed;
    public volatile boolean alive = true;
    public volatile int probes;
    private Reply refusal;
    private InputStream payload = InputStream.nullInputStream();
    private long payloadLeft;

    FakeConnection(HostPort address) {
      this.address = address;
    }

    @Override
    public HostPort address() {
      return address;
    }

    @Override
    public void send(Request request) throws IOException {
      if (broken) {
        throw new IOException("broken");
      }
      calls.add(address + " " + request.command());
      uploaded.reset();
      refusal = null;
      if (request.payloadLength() > 0) {
        refusal = uploadRefusals.get(address);
      }
    }

    @Override
    public OutputStream out() {
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          if (refusal != null && uploaded.size() + len > refusal.refuseUploadAfter()) {
            broken = true;
            throw new IOException("Broken pipe");
          }
          uploaded.write(b, off, len);
        }
      };
    }

    @Override
    public void flush() {}

    @Override
    public Response receive(Request request) throws IOException {
      if (broken) {
        throw new IOException("broken");
      }
      Reply r;
      try {
        r = handlers.get(address).handle(request, uploaded.toByteArray());
      } catch (IOException e) {
        broken = true;
        throw e;
      }
      byte[] p = r.payload();
      int failAfter = r.failAfter();
      payloadLeft = p.length;
      InputStream base = new ByteArrayInputStream(p);
      payload =
          new InputStream() {
            int read;

            @Override
            public int read() throws IOException {
              byte[] one = new byte[1];
              return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              if (payloadLeft == 0) {
                return -1;
              }
              if (failAfter >= 0 && read >= failAfter) {
                broken = true;
                throw new IOException("Connection reset");
              }
              int max = (int) Math.min(len, payloadLeft);
              if (failAfter >= 0) {
                max = Math.min(max, failAfter - read);
              }
              int n = base.read(b, off, max);
              read += n;
              payloadLeft -= n;
              return n;
            }
          };
      return r.response();
    }

    @Override
    public Optional<Response.Error> errorAfterFailedSend(Request request) {
      broken = true;
      return refusal != null && refusal.response() instanceof Response.Error e
          ? Optional.of(e)
          : Optional.empty();
    }

    @Override
    public InputStream payload() {
      return payload;
    }

    @Override
    public long payloadRemaining() {
      return payloadLeft;
    }

    @Override
    public boolean isBroken() {
      return broken || closed;
    }

    @Override
    public void markBroken() {
      broken = true;
    }

    @Override
    public boolean probe(Duration wait) {
      probes++;
      return alive && !broken;
    }

    @Override
    public void readTimeout(Duration timeout) {}

    /** Simulates the server closing this connection while it is idle in the pool. */
    public void serverClosed() {
      alive = false;
    }

    public boolean closed() {
      return closed;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
