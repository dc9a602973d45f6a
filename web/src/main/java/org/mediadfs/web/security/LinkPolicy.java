package org.mediadfs.web.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import org.mediadfs.web.config.WebConfig;

/**
 * Whether {@code /files/*} requires signed links. Starts from {@code mediadfs.web.signed-links}
 * (default false); an admin may switch it at run time through the API ({@code PUT
 * /api/links/policy}), for this instance, until the next restart.
 */
@ApplicationScoped
public class LinkPolicy {
  private static final System.Logger LOG = System.getLogger(LinkPolicy.class.getName());

  @Inject WebConfig config;

  private volatile boolean required;

  @PostConstruct
  void init() {
    required = config.signedLinks();
  }

  /** True when unsigned, expired or badly signed links are refused. */
  public boolean required() {
    return required;
  }

  /** Switches the requirement for this instance. */
  public void required(boolean on) {
    if (on != required) {
      LOG.log(Level.INFO, () -> "signed links " + (on ? "required" : "optional") + " from now on");
    }
    required = on;
  }
}
