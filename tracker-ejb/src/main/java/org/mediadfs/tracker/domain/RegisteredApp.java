package org.mediadfs.tracker.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.mediadfs.wire.Names;

/**
 * An app ID allowed to ask for storage addresses ({@code t_apps}; the original kept the list in its
 * configuration, {@code tnv_apps_id}). Invariant: the ID passes {@link Names#validAppId}.
 */
@Entity
@Table(name = "t_apps")
public class RegisteredApp {
  @Id
  @Column(name = "app_id", length = 15, nullable = false)
  private String appId;

  @Column(name = "create_time", nullable = false)
  private Instant createTime;

  /** For JPA. */
  protected RegisteredApp() {}

  public RegisteredApp(String appId, Instant now) {
    if (!Names.validAppId(appId)) {
      throw new IllegalArgumentException("invalid app ID: " + Names.quote(appId));
    }
    this.appId = appId;
    this.createTime = now;
  }

  public String appId() {
    return appId;
  }
}
