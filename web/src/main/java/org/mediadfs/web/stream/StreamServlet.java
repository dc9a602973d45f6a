package org.mediadfs.web.stream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.client.RangeStream;
import org.mediadfs.web.api.Problem;
import org.mediadfs.web.api.ProblemMapping;
import org.mediadfs.web.cluster.FileDirectory;
import org.mediadfs.web.cluster.FileLocation;
import org.mediadfs.web.config.WebConfig;
import org.mediadfs.web.metrics.WebMetrics;
import org.mediadfs.web.security.LinkKeys;
import org.mediadfs.web.security.LinkPolicy;
import org.mediadfs.web.security.LinkSigner;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;

/**
 * Streams stored files over HTTP: {@code GET}/{@code HEAD /files/{fileId}} (the original's URL,
 * seed-reference §8) and {@code /files/{fileId}/{name}} (a friendly download name), with full RFC
 * 9110 semantics decided by {@link StreamPlan}: ranges (206, multipart/byteranges, 416), validators
 * and conditional requests (ETag from the stored CRC32C and size, Last-Modified from the upload
 * time; 304, 412, If-Range), HEAD, and a Content-Type browsers play inline.
 *
 * <p>Fixes of the original: exact Content-Length and Content-Range, inclusive ranges (it sent one
 * byte short), no 8 MiB re-reads through the tracker per slice, no hang at the end of a response.
 *
 * <p>Bytes go from the storage node's socket to the client through one fixed buffer ({@code
 * mediadfs.web.stream-buffer}): each requested slice is one range read ({@code openRange}), so a
 * seek in a 1 GiB file costs one round trip. The first range is opened before the status is set, so
 * a failure there still gets a proper error; after that, a storage failure closes the client's
 * connection (it sees a short body, never a wrong one), and a client that hangs up closes the
 * storage connection at once. Bodies are copied on virtual threads ({@link StreamWorkers}); the
 * request thread returns to the pool as soon as the headers are decided.
 *
 * <p>With signed links required ({@link LinkPolicy}), a link without a valid, unexpired signature
 * ({@code kid}, {@code exp}, {@code sig}) gets 403.
 */
@WebServlet(urlPatterns = "/files/*", asyncSupported = true)
public class StreamServlet extends HttpServlet {
  private static final System.Logger LOG = System.getLogger(StreamServlet.class.getName());

  @Inject transient FileDirectory directory;
  @Inject transient MediadfsClient client;
  @Inject transient WebConfig config;
  @Inject transient LinkPolicy policy;
  @Inject transient LinkKeys keys;
  @Inject transient WebMetrics metrics;
  @Inject transient StreamWorkers workers;

  /** Sniffed types of files uploaded without one (files never change). */
  private final transient Cache<String, String> sniffed =
      Caffeine.newBuilder().maximumSize(100_000).build();

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    serve(req, res, false);
  }

  @Override
  protected void doHead(HttpServletRequest req, HttpServletResponse res) throws IOException {
    serve(req, res, true);
  }

  private void serve(HttpServletRequest req, HttpServletResponse res, boolean head)
      throws IOException {
    FilePath path = FilePath.parseRaw(rawPathInfo(req)).orElse(null);
    if (path == null) {
      fail(res, Problem.of(404, "no such file"));
      return;
    }
    String fileId = path.fileId();
    boolean signed = policy.required();
    if (signed) {
      LinkSigner.Verdict v =
          keys.verify(
              fileId,
              req.getParameter("kid"),
              req.getParameter("exp"),
              req.getParameter("sig"),
              Instant.now());
      if (v != LinkSigner.Verdict.VALID) {
        fail(res, Problem.of(403, refusal(v)));
        return;
      }
    }
    FileDirectory.Located located;
    try {
      located = directory.stat(fileId);
    } catch (IOException e) {
      fail(res, ProblemMapping.of(e));
      return;
    }
    FileMeta m = located.meta();
    if (m.status() != FileStatus.ACTIVE) {
      fail(res, Problem.of(410, "file " + fileId + " was deleted").withCode("DELETED"));
      return;
    }
    FileLocation loc = located.location();
    StreamPlan.Facts facts =
        new StreamPlan.Facts(
            m.size(),
            Preconditions.etag(m.crc32c(), m.size()),
            Instant.ofEpochMilli(m.createTime()),
            contentType(loc, m),
            path.name());
    StreamPlan.Plan plan =
        StreamPlan.plan(facts, conditions(req), head, MultipartByteranges.randomBoundary());
    List<Slice> slices = StreamPlan.slices(plan.body());
    if (slices.isEmpty()) {
      apply(res, plan, signed);
      if (plan.status() == 412 || plan.status() == 416) {
        res.setContentLength(0);
      }
      metrics.streamRequest(plan.status());
      return;
    }
    RangeStream first;
    try {
      first = open(loc, fileId, slices.getFirst());
    } catch (IOException e) {
      directory.forget(fileId);
      fail(res, ProblemMapping.of(e));
      return;
    }
    apply(res, plan, signed);
    // One container buffer the size of ours: each chunk read from the node goes out in one write.
    res.setBufferSize(config.streamBuffer());
    metrics.streamRequest(plan.status());
    AsyncContext ac = req.startAsync();
    ac.setTimeout(0); // a film may take hours; a dead client fails the next write instead
    try {
      workers.execute(() -> copy(ac, loc, fileId, plan, first));
    } catch (RejectedExecutionException e) {
      first.close();
      problem(res, Problem.of(503, "the server is shutting down"));
      ac.complete();
    }
  }

  /**
   * The path after {@code /files}, still percent-encoded: the container decodes path info with its
   * own URI charset (ISO-8859-1 on Payara unless configured), which garbles UTF-8 names.
   */
  private static String rawPathInfo(HttpServletRequest req) {
    String uri = req.getRequestURI();
    String prefix = req.getContextPath() + req.getServletPath();
    if (!uri.startsWith(prefix)) {
      return req.getPathInfo();
    }
    String raw = uri.substring(prefix.length());
    int semi = raw.indexOf(';'); // path parameters (;jsessionid=...) are not part of the name
    return semi < 0 ? raw : raw.substring(0, semi);
  }

  private RangeStream open(FileLocation loc, String fileId, Slice s) throws IOException {
    return client.openRange(loc.appId(), loc.userId(), fileId, s.start(), s.length());
  }

  /** Copies the planned body; runs on a virtual thread. */
  private void copy(
      AsyncContext ac, FileLocation loc, String fileId, StreamPlan.Plan plan, RangeStream first) {
    HttpServletResponse res = (HttpServletResponse) ac.getResponse();
    Runnable done = metrics.streamStarted();
    List<Slice> slices = StreamPlan.slices(plan.body());
    MultipartByteranges parts =
        plan.body() instanceof StreamPlan.Body.Parts p ? p.multipart() : null;
    RangeStream in = first;
    byte[] buf = new byte[config.streamBuffer()];
    try {
      ServletOutputStream out = res.getOutputStream();
      boolean[] started = {false};
      for (int i = 0; i < slices.size(); i++) {
        if (in == null) {
          try {
            in = open(loc, fileId, slices.get(i));
          } catch (IOException e) {
            throw new StorageFailed(e, slices.get(i).start());
          }
        }
        if (parts != null) {
          write(out, parts.preamble(i));
        }
        pump(in, out, buf, started);
        in = null;
      }
      if (parts != null) {
        write(out, parts.epilogue());
      }
      try {
        out.flush();
      } catch (IOException e) {
        throw new ClientGone(e);
      }
    } catch (ClientGone e) {
      metrics.clientGone();
      LOG.log(
          Level.DEBUG,
          () -> "client " + ac.getRequest().getRemoteAddr() + " left the stream of " + fileId);
    } catch (StorageFailed e) {
      metrics.storageError();
      LOG.log(
          Level.WARNING,
          () ->
              "stream of "
                  + fileId
                  + " (user "
                  + loc.userId()
                  + ") broke at byte "
                  + e.position
                  + " after the headers were sent; closing the client connection: "
                  + e.getCause());
      ConnectionAbort.abort(res);
    } catch (IOException | RuntimeException e) {
      metrics.storageError();
      LOG.log(Level.WARNING, "stream of " + fileId + " failed", e);
      ConnectionAbort.abort(res);
    } finally {
      if (in != null) {
        in.close(); // closes the storage connection if the range was not read to the end
      }
      done.run();
      try {
        ac.complete();
      } catch (IllegalStateException e) {
        LOG.log(Level.DEBUG, () -> "stream of " + fileId + " was already completed: " + e);
      }
    }
  }

  /**
   * Copies one range to the client; the range stream is closed when this returns. The first chunk
   * of the response is flushed at once (a player waits for it after a seek); later ones leave when
   * the buffer is full.
   */
  private void pump(RangeStream in, ServletOutputStream out, byte[] buf, boolean[] started)
      throws ClientGone, StorageFailed {
    try (in) {
      while (true) {
        int n;
        try {
          n = in.read(buf, 0, buf.length);
        } catch (IOException e) {
          throw new StorageFailed(e, in.start() + in.position());
        }
        if (n < 0) {
          return;
        }
        try {
          out.write(buf, 0, n);
          if (!started[0]) {
            started[0] = true;
            out.flush();
          }
        } catch (IOException e) {
          throw new ClientGone(e);
        }
        metrics.bytesStreamed(n);
      }
    }
  }

  private static void write(ServletOutputStream out, byte[] b) throws ClientGone {
    try {
      out.write(b);
    } catch (IOException e) {
      throw new ClientGone(e);
    }
  }

  /** The client's side of the connection failed: it hung up. */
  private static final class ClientGone extends Exception {
    ClientGone(IOException cause) {
      super(cause);
    }
  }

  /** The storage side failed after the headers were sent. */
  private static final class StorageFailed extends Exception {
    final long position;

    StorageFailed(IOException cause, long position) {
      super(cause);
      this.position = position;
    }
  }

  /** The upload's content type; sniffed from the first bytes when it is empty or generic. */
  private String contentType(FileLocation loc, FileMeta m) {
    String t = m.contentType().strip();
    if (!t.isEmpty() && !t.equalsIgnoreCase(ContentTypes.OCTET_STREAM)) {
      return t;
    }
    if (m.size() == 0) {
      return ContentTypes.OCTET_STREAM;
    }
    String known = sniffed.getIfPresent(m.fileId());
    if (known != null) {
      return known;
    }
    int n = (int) Math.min(ContentTypes.SNIFF_BYTES, m.size());
    String type;
    try (RangeStream in = client.openRange(loc.appId(), loc.userId(), m.fileId(), 0, n)) {
      byte[] head = in.readNBytes(n);
      type = ContentTypes.sniff(head, head.length);
    } catch (IOException e) {
      LOG.log(Level.WARNING, () -> "cannot sniff the type of " + m.fileId() + ": " + e);
      return ContentTypes.OCTET_STREAM;
    }
    sniffed.put(m.fileId(), type);
    return type;
  }

  private static Preconditions.Headers conditions(HttpServletRequest req) {
    return new Preconditions.Headers(
        req.getHeader("If-Match"),
        req.getHeader("If-None-Match"),
        req.getHeader("If-Modified-Since"),
        req.getHeader("If-Unmodified-Since"),
        req.getHeader("If-Range"),
        req.getHeader("Range"));
  }

  private static void apply(HttpServletResponse res, StreamPlan.Plan plan, boolean signed) {
    res.setStatus(plan.status());
    plan.headers()
        .forEach(
            (k, v) -> {
              if (k.equals("Content-Length")) {
                res.setContentLengthLong(Long.parseLong(v));
              } else if (k.equals("Content-Type")) {
                res.setContentType(v);
              } else {
                res.setHeader(k, v);
              }
            });
    // Signed links are personal: shared caches must not keep them.
    res.setHeader(
        "Cache-Control", signed ? "private, max-age=0, must-revalidate" : "public, max-age=3600");
  }

  private static String refusal(LinkSigner.Verdict v) {
    return switch (v) {
      case MISSING -> "this link must be signed (kid, exp and sig parameters)";
      case EXPIRED -> "this link has expired";
      case UNKNOWN_KEY, BAD_SIGNATURE -> "this link's signature is not valid";
      case VALID -> "valid";
    };
  }

  private void fail(HttpServletResponse res, Problem p) throws IOException {
    metrics.streamRequest(p.status());
    problem(res, p);
  }

  /** Sends a problem detail, unless something was sent already. */
  static void problem(HttpServletResponse res, Problem p) throws IOException {
    if (res.isCommitted()) {
      return;
    }
    res.reset();
    res.setStatus(p.status());
    res.setContentType(Problem.MEDIA_TYPE);
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-store");
    byte[] body = p.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }
}
