package org.mediadfs.web.portal;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.Instant;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.client.MediadfsException;
import org.mediadfs.client.UploadOptions;
import org.mediadfs.client.UploadResult;
import org.mediadfs.web.config.WebConfig;
import org.mediadfs.web.security.Roles;
import org.mediadfs.wire.ErrorCode;

/**
 * The upload page ({@code GET /upload}) and the upload itself: {@code PUT /upload} whose raw body
 * is the file (the page's script sends it with {@code XMLHttpRequest}, which reports progress),
 * with {@code Content-Length}, {@code X-File-Name} (URL-encoded), {@code Content-Type} and the CSRF
 * token in {@code X-CSRF-Token}.
 *
 * <p>The body goes from the request's input stream straight into the cluster ({@link
 * MediadfsClient#upload(String, String, java.io.InputStream, long, UploadOptions)}): nothing is
 * held in memory beyond the client's copy buffer, nothing is spooled to disk. Everything that can
 * be refused is refused from the headers, before a byte of the body is read: no length (411), too
 * large for {@code mediadfs.web.max-upload} (413, with {@code Connection: close} so the container
 * does not read the rest), no name (400). The file is entered in the catalog only after the cluster
 * acknowledged it; if that fails, the stored file is deleted again and the upload fails.
 *
 * <p>Answers are JSON: {@code 201} with {@code fileId}, {@code title} and {@code watch} (the watch
 * page), or an error status with {@code message}.
 */
@WebServlet(urlPatterns = UploadServlet.PATH)
@ServletSecurity(@HttpConstraint(rolesAllowed = {Roles.USER, Roles.ADMIN}))
public class UploadServlet extends PortalServlet {
  private static final System.Logger LOG = System.getLogger(UploadServlet.class.getName());

  /** Where the page and the upload are. */
  public static final String PATH = "/upload";

  @Inject transient MediadfsClient client;
  @Inject transient WebConfig web;
  @Inject transient PortalConfig portal;
  @Inject transient Catalog catalog;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res)
      throws ServletException, IOException {
    long max = portal.settings().maxUpload();
    req.setAttribute("maxUpload", max);
    req.setAttribute("maxUploadText", Formats.size(max));
    render(req, res, "upload", "Upload");
  }

  @Override
  protected void doPut(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String user = user(req);
    UploadRequest checked =
        UploadRequest.check(
            req.getHeader(UploadRequest.FILE_NAME_HEADER),
            req.getContentType(),
            req.getContentLengthLong(),
            req.getHeader("Transfer-Encoding"),
            portal.settings().maxUpload());
    UploadRequest.Accepted up =
        switch (checked) {
          case UploadRequest.Refused r -> {
            // The body stays unread: do not let the container drain gigabytes to keep the socket.
            res.setHeader("Connection", "close");
            json(res, r.status(), error(r.message()));
            yield null;
          }
          case UploadRequest.Accepted a -> a;
        };
    if (up == null) {
      return;
    }
    String appId = web.appId();
    UploadResult stored;
    try (InputStream body = req.getInputStream()) {
      stored =
          client.upload(
              appId,
              user,
              body,
              up.length(),
              UploadOptions.DEFAULTS.withContentType(up.contentType()));
    } catch (MediadfsException e) {
      LOG.log(
          Level.WARNING,
          () ->
              "upload of "
                  + up.originalName()
                  + " ("
                  + up.length()
                  + " bytes) by "
                  + user
                  + " failed: "
                  + e);
      int status = statusOf(e.code());
      json(res, status, error("The cluster did not store the file: " + e.getMessage()));
      return;
    } catch (IOException e) {
      // Most often the browser went away mid-upload; the node drops the partial file.
      LOG.log(
          Level.INFO,
          () -> "upload of " + up.originalName() + " by " + user + " did not complete: " + e);
      res.setHeader("Connection", "close");
      json(res, 400, error("The upload did not complete: " + e.getMessage()));
      return;
    }
    Instant now = Instant.now();
    CatalogEntry entry =
        new CatalogEntry(
            stored.fileId(),
            appId,
            user,
            up.title(),
            up.originalName(),
            up.contentType(),
            stored.size(),
            now,
            now,
            false,
            null);
    try {
      catalog.add(entry);
    } catch (RuntimeException e) {
      LOG.log(
          Level.ERROR,
          () ->
              "file " + stored.fileId() + " of " + user + " stored but not catalogued; deleting it",
          e);
      try {
        client.delete(appId, user, stored.fileId());
      } catch (IOException d) {
        LOG.log(Level.ERROR, () -> "could not delete uncatalogued file " + stored.fileId(), d);
      }
      json(res, 500, error("The file was stored but could not be added to your library."));
      return;
    }
    LOG.log(
        Level.INFO,
        () ->
            "upload: "
                + user
                + " stored "
                + stored.fileId()
                + " ("
                + stored.size()
                + " bytes, "
                + up.contentType()
                + ") in "
                + stored.groupName());
    String watch = Urls.watch(req.getContextPath(), stored.fileId());
    res.setHeader("Location", watch);
    json(
        res,
        201,
        Json.createObjectBuilder()
            .add("fileId", stored.fileId())
            .add("title", up.title())
            .add("size", stored.size())
            .add("watch", watch)
            .build());
  }

  /** The HTTP status for a cluster error. */
  static int statusOf(ErrorCode code) {
    return switch (code) {
      case TOO_LARGE -> 413;
      case DISK_FULL -> 507;
      case BAD_REQUEST, INVALID_NAME -> 400;
      case CHECKSUM_MISMATCH -> 502;
      default -> code.retryable() ? 503 : 502;
    };
  }

  private static JsonObject error(String message) {
    return Json.createObjectBuilder().add("message", message).build();
  }

  private static void json(HttpServletResponse res, int status, JsonObject body)
      throws IOException {
    res.setStatus(status);
    res.setHeader("Cache-Control", "no-store");
    res.setContentType("application/json");
    res.setCharacterEncoding("UTF-8");
    res.getWriter().write(body.toString());
  }
}
