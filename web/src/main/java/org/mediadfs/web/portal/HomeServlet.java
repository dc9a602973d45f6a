package org.mediadfs.web.portal;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.List;
import org.mediadfs.web.security.LoginServlet;

/**
 * The site's root: a visitor is sent to the sign-in form, a signed-in user sees "My library" (the
 * files they uploaded, newest first, a page at a time), or with {@code ?view=deleted} their deleted
 * items, which can be restored. Times are shown in UTC (the page says so).
 */
@WebServlet(urlPatterns = "")
public class HomeServlet extends PortalServlet {
  /** The deleted items' view parameter value. */
  static final String DELETED = "deleted";

  @Inject transient Catalog catalog;
  @Inject transient PortalConfig portal;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res)
      throws ServletException, IOException {
    String user = user(req);
    if (user == null) {
      res.sendRedirect(req.getContextPath() + LoginServlet.PATH);
      return;
    }
    boolean deleted = DELETED.equals(req.getParameter("view"));
    long total = catalog.count(user, deleted);
    Page page = Page.of(req.getParameter("page"), portal.settings().pageSize(), total);
    List<LibraryItem> items =
        catalog.list(user, deleted, page).stream()
            .map(e -> LibraryItem.of(e, ZoneOffset.UTC))
            .toList();
    req.setAttribute("items", items);
    req.setAttribute("page", page);
    req.setAttribute("deletedView", deleted);
    req.setAttribute("otherCount", catalog.count(user, !deleted));
    render(req, res, "library", deleted ? "Deleted items" : "My library");
  }
}
