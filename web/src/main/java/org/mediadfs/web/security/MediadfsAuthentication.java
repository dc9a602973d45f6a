package org.mediadfs.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.DatabaseIdentityStoreDefinition;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.mediadfs.web.api.Problem;
import org.mediadfs.web.db.DatabaseDefinition;

/**
 * The application's one authentication mechanism (Jakarta Security), for API clients and browsers:
 *
 * <ul>
 *   <li>{@code Authorization: Basic} (RFC 7617) and {@code Authorization: Bearer} API tokens, on
 *       any path, without a session (stateless clients would otherwise leave a session per
 *       request);
 *   <li>a signed-in browser: the session created by {@link LoginServlet} (the form at {@code
 *       /login}); the user's roles are read again on every request, so a removed account or role
 *       stops working at once;
 *   <li>nothing: a protected API path answers 401 with a Basic challenge and a problem detail, a
 *       protected page redirects to {@code /login?next=...}, a public path ({@code /files/*},
 *       {@code /api/health}, the sign-in page) proceeds anonymously.
 * </ul>
 *
 * Passwords are checked by the database identity store over the application's datasource ({@code
 * t_web_users}, {@code t_web_user_roles}; PBKDF2 hashes).
 */
@ApplicationScoped
@DatabaseIdentityStoreDefinition(
    dataSourceLookup = DatabaseDefinition.JNDI,
    callerQuery = "SELECT password_hash FROM t_web_users WHERE username = ?",
    groupsQuery = "SELECT role_name FROM t_web_user_roles WHERE username = ?",
    hashAlgorithm = Pbkdf2PasswordHash.class,
    hashAlgorithmParameters = {
      "Pbkdf2PasswordHash.Algorithm=PBKDF2WithHmacSHA512",
      "Pbkdf2PasswordHash.Iterations=210000",
      "Pbkdf2PasswordHash.SaltSizeBytes=32",
      "Pbkdf2PasswordHash.KeySizeBytes=64"
    })
public class MediadfsAuthentication implements HttpAuthenticationMechanism {
  private static final System.Logger LOG = System.getLogger(MediadfsAuthentication.class.getName());

  /** The session attribute that holds the signed-in user's name. */
  public static final String SESSION_USER = "mediadfs.user";

  /** The realm of the Basic challenge. */
  static final String CHALLENGE = "Basic realm=\"mediadfs\", charset=\"UTF-8\"";

  @Inject IdentityStoreHandler identities;
  @Inject UserAccounts accounts;
  @Inject CredentialCache cache;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest req, HttpServletResponse res, HttpMessageContext ctx) {
    String header = req.getHeader("Authorization");
    if (header != null) {
      return switch (AuthHeaders.parse(header)) {
        case AuthHeaders.Parsed.Basic b -> basic(b, req, res, ctx);
        case AuthHeaders.Parsed.Bearer t -> bearer(t, req, res, ctx);
        case AuthHeaders.Parsed.Unusable u ->
            ctx.isProtected() ? challenge(res, u.why()) : ctx.doNothing();
      };
    }
    HttpSession session = req.getSession(false);
    if (session != null && session.getAttribute(SESSION_USER) instanceof String user) {
      Optional<Set<String>> roles = accounts.roles(user);
      if (roles.isPresent()) {
        return ctx.notifyContainerAboutLogin(user, roles.get());
      }
      session.invalidate(); // the account is gone
    }
    if (!ctx.isProtected()) {
      return ctx.doNothing();
    }
    if (isApi(req)) {
      return challenge(res, "authentication required");
    }
    return ctx.redirect(loginUrl(req));
  }

  private AuthenticationStatus basic(
      AuthHeaders.Parsed.Basic b,
      HttpServletRequest req,
      HttpServletResponse res,
      HttpMessageContext ctx) {
    Optional<CredentialCache.Caller> known = cache.get(b.user(), b.password());
    if (known.isPresent()) {
      return ctx.notifyContainerAboutLogin(known.get().name(), known.get().roles());
    }
    CredentialValidationResult r =
        identities.validate(new UsernamePasswordCredential(b.user(), b.password()));
    if (r.getStatus() != CredentialValidationResult.Status.VALID) {
      LOG.log(
          Level.INFO,
          () -> "failed Basic authentication of " + b.user() + " from " + req.getRemoteAddr());
      return challenge(res, "wrong user name or password");
    }
    String name = r.getCallerPrincipal().getName();
    cache.put(b.user(), b.password(), new CredentialCache.Caller(name, r.getCallerGroups()));
    return ctx.notifyContainerAboutLogin(name, r.getCallerGroups());
  }

  private AuthenticationStatus bearer(
      AuthHeaders.Parsed.Bearer t,
      HttpServletRequest req,
      HttpServletResponse res,
      HttpMessageContext ctx) {
    Optional<String> user = accounts.tokenUser(t.token());
    Optional<Set<String>> roles = user.flatMap(accounts::roles);
    if (roles.isEmpty()) {
      LOG.log(Level.INFO, () -> "unknown or expired bearer token from " + req.getRemoteAddr());
      return challenge(res, "unknown or expired token");
    }
    return ctx.notifyContainerAboutLogin(user.get(), roles.get());
  }

  /** 401 with a Basic challenge and a problem detail; the request goes no further. */
  static AuthenticationStatus challenge(HttpServletResponse res, String detail) {
    try {
      res.resetBuffer();
      res.setStatus(401);
      res.setHeader("WWW-Authenticate", CHALLENGE);
      res.setHeader("Cache-Control", "no-store");
      res.setContentType(Problem.MEDIA_TYPE);
      res.setCharacterEncoding("UTF-8");
      res.getWriter().write(Problem.of(401, detail).toJson());
      res.flushBuffer();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, () -> "client left before the 401 was sent: " + e);
    }
    return AuthenticationStatus.SEND_FAILURE;
  }

  /** True for the management API (answers 401, never a redirect to a form). */
  static boolean isApi(HttpServletRequest req) {
    String path = req.getRequestURI().substring(req.getContextPath().length());
    return path.equals("/api") || path.startsWith("/api/");
  }

  /** The sign-in page, with the page asked for as {@code next}. */
  static String loginUrl(HttpServletRequest req) {
    String path = req.getRequestURI().substring(req.getContextPath().length());
    String q = req.getQueryString();
    String next = q == null ? path : path + "?" + q;
    return req.getContextPath()
        + LoginServlet.PATH
        + "?next="
        + URLEncoder.encode(next, StandardCharsets.UTF_8);
  }
}
