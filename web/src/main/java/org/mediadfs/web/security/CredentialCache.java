package org.mediadfs.web.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Remembers recently verified Basic credentials for a few minutes. PBKDF2 with 210,000 iterations
 * costs ~100 ms of CPU per check by design; an API client sending Basic on every request would
 * otherwise pay it every time. The key is a SHA-256 of user name and password (the password is not
 * kept); every account change clears the whole cache.
 */
@ApplicationScoped
public class CredentialCache {
  /** How long a verified password is trusted without a new PBKDF2 check. */
  static final Duration TTL = Duration.ofMinutes(5);

  private final Cache<String, Caller> verified =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(TTL).build();

  /**
   * A verified caller.
   *
   * @param name the user name
   * @param roles its roles
   */
  public record Caller(String name, Set<String> roles) {
    public Caller {
      roles = Set.copyOf(roles);
    }
  }

  /** The caller these credentials were verified as, if they were recently. */
  public Optional<Caller> get(String user, String password) {
    return Optional.ofNullable(verified.getIfPresent(key(user, password)));
  }

  /** Remembers a successful check. */
  public void put(String user, String password, Caller caller) {
    verified.put(key(user, password), caller);
  }

  /** Forgets everything (an account, password or role changed). */
  public void clear() {
    verified.invalidateAll();
  }

  private static String key(String user, String password) {
    return Credentials.sha256(user + "\u0000" + password);
  }
}
