package org.mediadfs.web.portal;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.mediadfs.web.api.Problem;

/**
 * The application's error page ({@code <error-page>} in web.xml) for errors the container answers
 * before or instead of the application: an address nothing serves, a method a page does not take, a
 * path the container refuses (such as {@code /api/files/..%2f..}), an uncaught exception. The
 * management API and the stream answer them as they answer their own errors, with a problem detail;
 * everything else gets the portal's error page. Either way the container's own report, with its
 * server name and styles, is not shown. (A path that climbs out of the application's context, as
 * {@code ..%2f..%2f} can when it is not deployed at the root, is the container's alone to answer.)
 */
@WebServlet(urlPatterns = ErrorPageServlet.PATH)
public class ErrorPageServlet extends HttpServlet {
  /** Where web.xml sends errors. */
  public static final String PATH = "/error";

  /**
   * Every method is answered alike: an error dispatch keeps the failed request's method (and a POST
   * that failed has no CSRF token to check here).
   */
  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res)
      throws ServletException, IOException {
    int status =
        req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer s && s >= 400
            ? s
            : HttpServletResponse.SC_NOT_FOUND; // /error asked for directly
    Object uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    String path = relative(req, uri instanceof String u ? u : req.getRequestURI());
    if (res.isCommitted()) {
      return;
    }
    res.resetBuffer();
    if (answersWithProblems(path)) {
      res.setStatus(status);
      res.setContentType(Problem.MEDIA_TYPE);
      res.setCharacterEncoding("UTF-8");
      res.setHeader("Cache-Control", "no-store");
      res.getWriter().write(Problem.of(status, detail(status)).toJson());
      return;
    }
    // Shown without the signed-in user's navigation: an error dispatch may come before the
    // container set up the request's security (Payara's role check then fails), and the error
    // page must not fail in turn.
    res.setStatus(status);
    req.setAttribute("status", status);
    req.setAttribute("message", message(status));
    PortalServlet.show(req, res, "error", "Error " + status);
  }

  /** True for the paths of the management API and the stream, whose errors are problem details. */
  static boolean answersWithProblems(String path) {
    return path.equals("/api")
        || path.startsWith("/api/")
        || path.equals("/files")
        || path.startsWith("/files/");
  }

  /** The failed request's path within the application. */
  private static String relative(HttpServletRequest req, String uri) {
    String context = req.getContextPath();
    return !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
  }

  /** The problem detail's text. */
  static String detail(int status) {
    return switch (status) {
      case 400 -> "the request is malformed";
      case 404 -> "nothing is at this address";
      case 405 -> "this address does not take this method";
      case 500 -> "the server failed; the failure is logged";
      default -> "the request failed";
    };
  }

  /** The error page's text. */
  static String message(int status) {
    return switch (status) {
      case 400 -> "The request could not be understood.";
      case 404 -> "There is no page at this address.";
      case 405 -> "This page cannot be used that way.";
      case 500 -> "Something went wrong on the server. The failure has been logged.";
      default -> "The request failed.";
    };
  }
}
