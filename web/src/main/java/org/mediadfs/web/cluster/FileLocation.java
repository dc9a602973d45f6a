package org.mediadfs.web.cluster;

import java.util.Objects;

/**
 * Where a file lives: its owner (which the protocol needs to name it) and, when known, its group.
 * Files never change group, so a location can be cached for as long as the file exists.
 *
 * @param appId the app ID the file was uploaded under
 * @param userId the owner
 * @param group the group, or empty when the owner came from a {@link FileLocator}
 */
public record FileLocation(String appId, String userId, String group) {
  public FileLocation {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(group, "group");
  }
}
