package org.mediadfs.web.security;

import java.util.Set;

/**
 * The application's roles. A user's roles are the group names the identity store returns ({@code
 * t_web_user_roles}), which Payara maps to roles of the same name (default principal-to-role
 * mapping).
 */
public final class Roles {
  /** Manages the cluster: the whole management API. */
  public static final String ADMIN = "admin";

  /** Uses the portal: own files, own API tokens. */
  public static final String USER = "user";

  /** Every role. */
  public static final Set<String> ALL = Set.of(ADMIN, USER);

  private Roles() {}
}
