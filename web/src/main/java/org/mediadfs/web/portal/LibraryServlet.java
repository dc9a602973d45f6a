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
import java.util.Optional;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.client.MediadfsDeletedException;
import org.mediadfs.client.MediadfsNotFoundException;
import org.mediadfs.web.cluster.FileDirectory;
import org.mediadfs.web.security.Roles;

/**
 * The library's actions, each a form {@code POST} with the file ID (and the CSRF token): {@code
 * /library/delete} (soft: the cluster stops serving it, it moves to the deleted items), {@code
 * /library/restore}, and {@code /library/purge} (for good, from the deleted items). The cluster is
 * changed first and the catalog after, so the catalog never shows a file in a state the cluster did
 * not reach. Then back to the list (post/redirect/get) with a message.
 */
@WebServlet(urlPatterns = "/library/*")
@ServletSecurity(@HttpConstraint(rolesAllowed = {Roles.USER, Roles.ADMIN}))
public class LibraryServlet extends PortalServlet {
  private static final System.Logger LOG = System.getLogger(LibraryServlet.class.getName());

  @Inject transient Catalog catalog;
  @Inject transient MediadfsClient client;
  @Inject transient FileDirectory directory;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) {
    seeOther(req, res, "/");
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res)
      throws IOException, ServletException {
    String user = user(req);
    String action = req.getPathInfo() == null ? "" : req.getPathInfo();
    String fileId = req.getParameter("fileId");
    Optional<CatalogEntry> found =
        fileId == null
            ? Optional.empty()
            : catalog.find(fileId).filter(e -> e.owner().equals(user));
    if (found.isEmpty()) {
      refuse(req, res, 404, "You have no such file.");
      return;
    }
    CatalogEntry e = found.get();
    String back = back(req, e.deleted());
    try {
      switch (action) {
        case "/delete" -> delete(req, e);
        case "/restore" -> restore(req, e);
        case "/purge" -> purge(req, e);
        default -> {
          refuse(req, res, 404, "No such action.");
          return;
        }
      }
    } catch (IOException ex) {
      LOG.log(
          Level.WARNING,
          () -> action + " of file " + e.fileId() + " for " + user + " failed: " + ex);
      flash(req, true, "Could not change \u201c" + e.title() + "\u201d: " + ex.getMessage());
    }
    seeOther(req, res, back);
  }

  private void delete(HttpServletRequest req, CatalogEntry e) throws IOException {
    if (e.deleted()) {
      flash(req, false, "\u201c" + e.title() + "\u201d is already in the deleted items.");
      return;
    }
    try {
      client.delete(e.appId(), e.owner(), e.fileId());
    } catch (MediadfsDeletedException already) {
      // Deleted through the API or the command line: the catalog catches up.
      LOG.log(Level.DEBUG, () -> "file " + e.fileId() + " was already deleted in the cluster");
    }
    catalog.setDeleted(e.owner(), e.fileId(), true, Instant.now());
    flash(req, false, "\u201c" + e.title() + "\u201d moved to the deleted items.");
  }

  private void restore(HttpServletRequest req, CatalogEntry e) throws IOException {
    if (!e.deleted()) {
      flash(req, false, "\u201c" + e.title() + "\u201d is in your library.");
      return;
    }
    try {
      client.restore(e.appId(), e.owner(), e.fileId());
    } catch (MediadfsNotFoundException gone) {
      // Purged after the retention period: nothing left to restore.
      catalog.remove(e.owner(), e.fileId());
      flash(req, true, "\u201c" + e.title() + "\u201d was purged and cannot be restored.");
      return;
    }
    catalog.setDeleted(e.owner(), e.fileId(), false, Instant.now());
    flash(req, false, "\u201c" + e.title() + "\u201d is back in your library.");
  }

  private void purge(HttpServletRequest req, CatalogEntry e) throws IOException {
    if (!e.deleted()) {
      flash(req, true, "Delete \u201c" + e.title() + "\u201d first; then it can be purged.");
      return;
    }
    try {
      client.purge(e.appId(), e.owner(), e.fileId());
    } catch (MediadfsNotFoundException gone) {
      LOG.log(Level.DEBUG, () -> "file " + e.fileId() + " was already purged");
    }
    catalog.remove(e.owner(), e.fileId());
    directory.forget(e.fileId());
    flash(req, false, "\u201c" + e.title() + "\u201d was deleted for good.");
  }

  /** The list the form was on, with its page. */
  private static String back(HttpServletRequest req, boolean deletedView) {
    String page = req.getParameter("page");
    String q = deletedView ? "?view=" + HomeServlet.DELETED : "";
    if (page != null && page.matches("[0-9]{1,9}")) {
      q += (q.isEmpty() ? "?" : "&") + "page=" + page;
    }
    return "/" + q;
  }
}
