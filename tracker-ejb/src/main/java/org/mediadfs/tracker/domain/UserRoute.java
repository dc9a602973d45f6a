package org.mediadfs.tracker.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * A user's sticky group ({@code t_router}). The user ID is the primary key, so two trackers (or two
 * concurrent first requests) can never store different groups for one user: the second insert fails
 * and its caller reads the winner's row (the original had no unique key: seed bug 13). A route
 * never changes once written, which is what makes caching it safe.
 */
@Entity
@Table(name = "t_router")
public class UserRoute {
  @Id
  @Column(name = "user_id", length = 255, nullable = false)
  private String userId;

  @Column(name = "app_id", length = 15, nullable = false)
  private String appId;

  @Column(name = "group_name", length = 16, nullable = false)
  private String groupName;

  @Column(name = "create_time", nullable = false)
  private Instant createTime;

  /** For JPA. */
  protected UserRoute() {}

  public UserRoute(String appId, String userId, String groupName, Instant now) {
    this.appId = Objects.requireNonNull(appId, "appId");
    this.userId = Objects.requireNonNull(userId, "userId");
    this.groupName = Objects.requireNonNull(groupName, "groupName");
    this.createTime = now;
  }

  public String userId() {
    return userId;
  }

  public String groupName() {
    return groupName;
  }
}
