package org.mediadfs.web.portal;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;

/** Holds the portal's {@link PortalSettings}, read when the application starts. */
@ApplicationScoped
public class PortalConfig {
  private PortalSettings settings;

  @PostConstruct
  void init() {
    settings = PortalSettings.from(ConfigProvider.getConfig(PortalConfig.class.getClassLoader()));
  }

  /** The settings. */
  public PortalSettings settings() {
    return settings;
  }
}
