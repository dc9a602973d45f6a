package org.mediadfs.web.portal;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.client.MediadfsDeletedException;
import org.mediadfs.client.MediadfsNotFoundException;
import org.mediadfs.web.cluster.FileDirectory;
import org.mediadfs.web.config.WebConfig;
import org.mediadfs.web.security.LinkKeys;
import org.mediadfs.web.security.LinkPolicy;
import org.mediadfs.web.security.LinkSigner;
import org.mediadfs.web.security.Roles;
import org.mediadfs.wire.Names;
import org.mediadfs.wire.message.FileStatus;

/**
 * The watch page, {@code GET /watch/{fileId}}: an HTML5 {@code <video>} whose source is the file's
 * stream URL ({@code /files/{fileId}/{name}}, served with range requests, so the browser seeks by
 * asking for the bytes it needs), the file's details, and a share form. {@code POST
 * /watch/{fileId}/share} makes a link anyone can open until it expires, signed with the current
 * link key ({@link LinkKeys}); the page shows it ready to copy. Its expiry is enforced when signed
 * links are required ({@link LinkPolicy}); otherwise the page says that the link keeps working.
 *
 * <p>The page's own video source is signed too (with {@code mediadfs.web.link-ttl-seconds}), so it
 * keeps playing when an admin switches signed links on. Only the file's owner sees this page; for
 * anyone else the file does not exist (404, whether or not it does).
 */
@WebServlet(urlPatterns = "/watch/*")
@ServletSecurity(@HttpConstraint(rolesAllowed = {Roles.USER, Roles.ADMIN}))
public class WatchServlet extends PortalServlet {
  private static final System.Logger LOG = System.getLogger(WatchServlet.class.getName());

  @Inject transient Catalog catalog;
  @Inject transient LinkKeys keys;
  @Inject transient LinkPolicy policy;
  @Inject transient WebConfig web;
  @Inject transient MediadfsClient client;
  @Inject transient FileDirectory directory;

  /**
   * A signed link ready to show.
   *
   * @param url the absolute URL
   * @param expires when it stops working (UTC, for people)
   * @param lifetime how long it was made for
   */
  public record SharedLink(String url, String expires, String lifetime) {}

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res)
      throws ServletException, IOException {
    Optional<CatalogEntry> e = entry(req, false);
    if (e.isEmpty()) {
      refuse(req, res, 404, "There is no such video in your library.");
      return;
    }
    show(req, res, e.get(), null);
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res)
      throws ServletException, IOException {
    Optional<CatalogEntry> e = entry(req, true);
    if (e.isEmpty()) {
      refuse(req, res, 404, "There is no such video in your library.");
      return;
    }
    CatalogEntry entry = e.get();
    ShareLifetime lifetime = ShareLifetime.parse(req.getParameter("lifetime"));
    Instant expiry = Instant.now().plus(lifetime.duration());
    LinkSigner.Signature sig = keys.sign(entry.fileId(), expiry);
    String url =
        Urls.origin(req.getScheme(), req.getServerName(), req.getServerPort())
            + Urls.stream(req.getContextPath(), entry.fileId(), entry.originalName(), sig.query());
    LOG.log(
        Level.INFO,
        () ->
            "share: "
                + entry.owner()
                + " shared "
                + entry.fileId()
                + " until "
                + expiry
                + " (key "
                + sig.kid()
                + ")");
    show(
        req,
        res,
        entry,
        new SharedLink(url, Formats.dateTime(expiry, ZoneOffset.UTC) + " UTC", lifetime.label()));
  }

  private void show(
      HttpServletRequest req, HttpServletResponse res, CatalogEntry e, SharedLink shared)
      throws ServletException, IOException {
    if (e.deleted()) {
      refuse(
          req,
          res,
          410,
          "\u201c" + e.title() + "\u201d is in your deleted items; restore it to watch it.");
      return;
    }
    switch (inCluster(e)) {
      case DELETED -> {
        catalog.setDeleted(e.owner(), e.fileId(), true, Instant.now());
        refuse(
            req,
            res,
            410,
            "\u201c" + e.title() + "\u201d was deleted; it is in your deleted items now.");
        return;
      }
      case GONE -> {
        catalog.remove(e.owner(), e.fileId());
        directory.forget(e.fileId());
        refuse(req, res, 404, "\u201c" + e.title() + "\u201d was deleted for good.");
        return;
      }
      case PRESENT -> {
        // shown below
      }
    }
    Instant expiry = Instant.now().plus(web.linkTtl());
    String src =
        Urls.stream(
            req.getContextPath(),
            e.fileId(),
            e.originalName(),
            keys.sign(e.fileId(), expiry).query());
    req.setAttribute("item", LibraryItem.of(e, ZoneOffset.UTC));
    req.setAttribute("src", src);
    req.setAttribute("lifetimes", Arrays.asList(ShareLifetime.values()));
    req.setAttribute("shared", shared);
    // Without signed links required, /files/* serves any link: say so next to the expiry.
    req.setAttribute("expiryEnforced", policy.required());
    render(req, res, "watch", e.title());
  }

  private enum ClusterState {
    PRESENT,
    DELETED,
    GONE
  }

  /**
   * The file's state in the cluster. The management API and the command line change files without
   * the portal (the API moves them in the catalog too, the command line cannot): the catalog
   * follows here, before a player is shown for bytes that are no longer served. When the cluster
   * cannot be asked, the catalog's word stands and the stream tells.
   */
  private ClusterState inCluster(CatalogEntry e) {
    try {
      FileStatus s = client.stat(e.appId(), e.owner(), e.fileId()).status();
      return switch (s) {
        case ACTIVE -> ClusterState.PRESENT;
        case DELETED -> ClusterState.DELETED;
        case PURGED -> ClusterState.GONE;
      };
    } catch (MediadfsDeletedException deleted) {
      return ClusterState.DELETED;
    } catch (MediadfsNotFoundException gone) {
      return ClusterState.GONE;
    } catch (IOException ex) {
      LOG.log(Level.WARNING, () -> "cannot check file " + e.fileId() + " before showing it: " + ex);
      return ClusterState.PRESENT;
    }
  }

  /** The signed-in user's file named by the path ({@code /id}, or {@code /id/share} for a post). */
  private Optional<CatalogEntry> entry(HttpServletRequest req, boolean share) {
    String path = req.getPathInfo();
    if (path == null || !path.startsWith("/")) {
      return Optional.empty();
    }
    String rest = path.substring(1);
    String id;
    if (share) {
      if (!rest.endsWith("/share")) {
        return Optional.empty();
      }
      id = rest.substring(0, rest.length() - "/share".length());
    } else {
      id = rest;
    }
    if (!Names.validFileId(id)) {
      return Optional.empty();
    }
    String user = user(req);
    return catalog.find(id).filter(e -> e.owner().equals(user));
  }
}
