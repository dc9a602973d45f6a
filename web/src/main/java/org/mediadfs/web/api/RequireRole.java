package org.mediadfs.web.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The role a resource class or method needs; enforced by {@link RoleFilter} (403 as a problem
 * detail). Our own annotation rather than {@code @RolesAllowed}, which Payara also enforces on CDI
 * beans with an interceptor whose exception would bypass the problem mapping. A method's annotation
 * overrides its class's; {@link #value()} empty means any signed-in user.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequireRole {
  /** The role; empty: any authenticated caller. */
  String value();
}
