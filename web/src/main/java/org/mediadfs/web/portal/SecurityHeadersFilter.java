package org.mediadfs.web.portal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * Adds {@link SecurityHeaders} to every response of the application, before the servlet writes (so
 * they are there even when a servlet commits the response early, as streams do), and again after a
 * servlet resets the response to send an error instead. Session cookies are made {@code HttpOnly}
 * by {@code web.xml} and {@code SameSite=Lax} by {@code payara-web.xml}.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class SecurityHeadersFilter extends HttpFilter {
  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String path = req.getRequestURI().substring(req.getContextPath().length());
    String policy = SecurityHeaders.policy(SecurityHeaders.kindOf(path));
    apply(res, policy);
    chain.doFilter(req, new Headed(res, policy));
  }

  static void apply(HttpServletResponse res, String policy) {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "SAMEORIGIN");
    res.setHeader("Content-Security-Policy", policy);
  }

  /** Puts the headers back when a servlet resets the response. */
  private static final class Headed extends HttpServletResponseWrapper {
    private final String policy;

    Headed(HttpServletResponse res, String policy) {
      super(res);
      this.policy = policy;
    }

    @Override
    public void reset() {
      super.reset();
      apply((HttpServletResponse) getResponse(), policy);
    }
  }
}
