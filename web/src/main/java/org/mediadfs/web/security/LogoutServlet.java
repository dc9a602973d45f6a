package org.mediadfs.web.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Signs out ({@code POST /logout} with the session's {@code csrf} token): ends the session and goes
 * back to the sign-in form. POST only, so that a link or an image on another site cannot sign a
 * user out.
 */
@WebServlet(urlPatterns = "/logout")
public class LogoutServlet extends HttpServlet {
  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res)
      throws IOException, ServletException {
    HttpSession s = req.getSession(false);
    if (s != null) {
      Object expected = s.getAttribute(LoginServlet.CSRF);
      String given = req.getParameter("csrf");
      if (!(expected instanceof String e)
          || given == null
          || !MessageDigest.isEqual(
              e.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
        res.sendError(HttpServletResponse.SC_FORBIDDEN);
        return;
      }
      s.invalidate();
    }
    req.logout();
    res.sendRedirect(req.getContextPath() + LoginServlet.PATH);
  }
}
