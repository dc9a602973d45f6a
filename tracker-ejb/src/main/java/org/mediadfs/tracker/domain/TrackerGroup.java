package org.mediadfs.tracker.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.mediadfs.wire.Names;

/**
 * A registered group ({@code t_groups}, the original's {@code t_groups_info}): the set of legal
 * group names. Invariant: the name passes {@link Names#validGroupName} (alphanumeric, at most 16
 * bytes). Seeded from configuration; a join to a group not registered here is refused unless
 * auto-registration is on.
 */
@Entity
@Table(name = "t_groups")
public class TrackerGroup {
  @Id
  @Column(name = "group_name", length = 16, nullable = false)
  private String name;

  @Column(name = "create_time", nullable = false)
  private Instant createTime;

  @Column(name = "update_time", nullable = false)
  private Instant updateTime;

  /** For JPA. */
  protected TrackerGroup() {}

  public TrackerGroup(String name, Instant now) {
    if (!Names.validGroupName(name)) {
      throw new IllegalArgumentException("invalid group name: " + Names.quote(name));
    }
    this.name = name;
    this.createTime = now;
    this.updateTime = now;
  }

  public String name() {
    return name;
  }

  public Instant createTime() {
    return createTime;
  }
}
