package org.mediadfs.web.security;

import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The sign-in form ({@code GET /login}) and its submission ({@code POST /login} with {@code
 * username}, {@code password}, {@code csrf}, {@code next}). A correct password puts the user name
 * into a new session (the session ID changes at sign-in, against fixation), which {@link
 * MediadfsAuthentication} reads on later requests; then the browser goes to {@code next} (a local
 * path only). A minimal page: the portal (issue 8) styles it.
 */
@WebServlet(urlPatterns = LoginServlet.PATH)
public class LoginServlet extends HttpServlet {
  private static final System.Logger LOG = System.getLogger(LoginServlet.class.getName());

  /** Where the form is. */
  public static final String PATH = "/login";

  /** The session attribute holding the form's CSRF token. */
  public static final String CSRF = "mediadfs.csrf";

  @Inject transient IdentityStoreHandler identities;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String next = Html.safeNext(req.getParameter("next"));
    String csrf = csrfToken(req.getSession(true));
    boolean failed = req.getParameter("error") != null;
    res.setContentType("text/html");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("X-Frame-Options", "DENY");
    PrintWriter w = res.getWriter();
    w.write(
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Sign in - mediadfs</title>
        """);
    // The portal's look (issue 8): its stylesheet and top bar.
    w.write(
        "<link rel=\"stylesheet\" href=\""
            + Html.escape(req.getContextPath())
            + "/static/portal.css\"></head>\n<body><header class=\"topbar\"><span class=\"brand\">"
            + "mediadfs</span></header>\n");
    w.write(
        """
        <main>
        <h1>Sign in</h1>
        """);
    if (failed) {
      w.write("<p role=\"alert\" class=\"error\">Wrong user name or password.</p>\n");
    }
    w.write(
        "<form method=\"post\" action=\""
            + Html.escape(req.getContextPath() + PATH)
            + "\">\n"
            + "<input type=\"hidden\" name=\"csrf\" value=\""
            + Html.escape(csrf)
            + "\">\n<input type=\"hidden\" name=\"next\" value=\""
            + Html.escape(next)
            + "\">\n"
            + "<label>User name <input name=\"username\" autocomplete=\"username\" required"
            + " autofocus></label>\n"
            + "<label>Password <input name=\"password\" type=\"password\""
            + " autocomplete=\"current-password\" required></label>\n"
            + "<button type=\"submit\">Sign in</button>\n</form>\n</main></body></html>\n");
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    req.setCharacterEncoding("UTF-8");
    String next = Html.safeNext(req.getParameter("next"));
    HttpSession session = req.getSession(false);
    String expected = session == null ? null : (String) session.getAttribute(CSRF);
    String given = req.getParameter("csrf");
    if (expected == null
        || given == null
        || !MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
      // A stale or forged form: show a fresh one.
      res.sendRedirect(res.encodeRedirectURL(formUrl(req, next, true)));
      return;
    }
    String user = req.getParameter("username");
    String password = req.getParameter("password");
    if (user == null || password == null || !Credentials.validUserName(user)) {
      res.sendRedirect(formUrl(req, next, true));
      return;
    }
    CredentialValidationResult r =
        identities.validate(new UsernamePasswordCredential(user, password));
    if (r.getStatus() != CredentialValidationResult.Status.VALID) {
      LOG.log(Level.INFO, () -> "failed sign-in of " + user + " from " + req.getRemoteAddr());
      res.sendRedirect(formUrl(req, next, true));
      return;
    }
    req.changeSessionId();
    HttpSession s = req.getSession();
    s.setAttribute(MediadfsAuthentication.SESSION_USER, r.getCallerPrincipal().getName());
    s.setAttribute(CSRF, newToken()); // a new token for the signed-in session
    LOG.log(Level.INFO, () -> "signed in: " + user + " from " + req.getRemoteAddr());
    res.sendRedirect(req.getContextPath() + next);
  }

  /** The session's CSRF token, created on first use. */
  public static String csrfToken(HttpSession session) {
    Object t = session.getAttribute(CSRF);
    if (t instanceof String s) {
      return s;
    }
    String s = newToken();
    session.setAttribute(CSRF, s);
    return s;
  }

  private static String newToken() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Credentials.randomBytes(24));
  }

  private static String formUrl(HttpServletRequest req, String next, boolean error) {
    return req.getContextPath()
        + PATH
        + "?next="
        + URLEncoder.encode(next, StandardCharsets.UTF_8)
        + (error ? "&error=1" : "");
  }
}
