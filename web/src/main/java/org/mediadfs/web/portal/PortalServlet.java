package org.mediadfs.web.portal;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.lang.System.Logger.Level;
import org.mediadfs.web.security.LoginServlet;
import org.mediadfs.web.security.Roles;

/**
 * What every portal page has in common. Before any handler runs, a request that can change
 * something must carry the session's CSRF token ({@link Csrf}); a request without it gets 403
 * before its body is read. Pages are rendered by JSPs under {@code /WEB-INF/jsp} (never reachable
 * directly), which get the signed-in user, whether they are an admin, the CSRF token and a one-time
 * message as request attributes.
 */
public abstract class PortalServlet extends HttpServlet {
  private static final System.Logger LOG = System.getLogger(PortalServlet.class.getName());

  /** Session attribute holding a message for the next page (after a redirect). */
  static final String FLASH = "mediadfs.flash";

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res)
      throws ServletException, IOException {
    req.setCharacterEncoding("UTF-8");
    if (Csrf.needsToken(req.getMethod())) {
      HttpSession s = req.getSession(false);
      Object expected = s == null ? null : s.getAttribute(LoginServlet.CSRF);
      String presented =
          Csrf.presented(
              req.getHeader(Csrf.HEADER),
              // Only a form post has the token in its body; never parse a PUT's body.
              "POST".equals(req.getMethod()) ? req.getParameter(Csrf.FORM_FIELD) : null);
      if (!Csrf.matches(expected instanceof String e ? e : null, presented)) {
        LOG.log(
            Level.INFO,
            () ->
                "refused "
                    + req.getMethod()
                    + " "
                    + req.getRequestURI()
                    + " without a valid CSRF token from "
                    + req.getRemoteAddr());
        refuse(
            req,
            res,
            403,
            "This form has expired or did not come from this site. Reload the page and try again.");
        return;
      }
    }
    super.service(req, res);
  }

  /**
   * Answers with an error: a page for browsers, or (for script requests) a short text the page's
   * script shows.
   */
  protected void refuse(HttpServletRequest req, HttpServletResponse res, int status, String message)
      throws IOException, ServletException {
    res.setStatus(status);
    res.setHeader("Cache-Control", "no-store");
    if (req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null) {
      // The body stays unread: do not let the container read it all to keep the connection.
      res.setHeader("Connection", "close");
    }
    if (!"GET".equals(req.getMethod()) && !"POST".equals(req.getMethod())) {
      res.setContentType("text/plain");
      res.setCharacterEncoding("UTF-8");
      res.getWriter().write(message);
      return;
    }
    req.setAttribute("status", status);
    req.setAttribute("message", message);
    render(req, res, "error", "Error " + status);
  }

  /** The signed-in user's name, or null for a visitor. */
  protected static String user(HttpServletRequest req) {
    return req.getUserPrincipal() == null ? null : req.getUserPrincipal().getName();
  }

  /** Renders {@code /WEB-INF/jsp/<view>.jsp} with the common attributes. */
  protected void render(HttpServletRequest req, HttpServletResponse res, String view, String title)
      throws ServletException, IOException {
    String user = user(req);
    req.setAttribute("user", user);
    req.setAttribute("admin", user != null && req.isUserInRole(Roles.ADMIN));
    if (user != null) {
      HttpSession s = req.getSession(true);
      req.setAttribute("csrf", LoginServlet.csrfToken(s));
      Object flash = s.getAttribute(FLASH);
      if (flash instanceof Flash f) {
        s.removeAttribute(FLASH);
        req.setAttribute("flash", f);
      }
    }
    show(req, res, view, title);
  }

  /**
   * Renders {@code /WEB-INF/jsp/<view>.jsp} with only its title, as a visitor would see it (no
   * navigation, no session touched).
   */
  protected static void show(
      HttpServletRequest req, HttpServletResponse res, String view, String title)
      throws ServletException, IOException {
    req.setAttribute("pageTitle", title);
    res.setContentType("text/html");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-store");
    req.getRequestDispatcher("/WEB-INF/jsp/" + view + ".jsp").forward(req, res);
  }

  /** Keeps a message for the next page the user sees. */
  protected static void flash(HttpServletRequest req, boolean error, String text) {
    req.getSession(true).setAttribute(FLASH, new Flash(error, text));
  }

  /** Redirects within the application (303: the next request is a GET). */
  protected static void seeOther(HttpServletRequest req, HttpServletResponse res, String path) {
    res.setStatus(HttpServletResponse.SC_SEE_OTHER);
    res.setHeader("Location", req.getContextPath() + path);
  }

  /**
   * A message shown once at the top of the next page.
   *
   * @param error true for a failure (shown as an alert)
   * @param text the message (escaped when shown)
   */
  public record Flash(boolean error, String text) implements java.io.Serializable {}
}
