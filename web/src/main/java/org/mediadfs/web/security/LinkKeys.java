package org.mediadfs.web.security;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.mediadfs.web.api.ApiException;
import org.mediadfs.web.config.WebConfig;
import org.mediadfs.web.db.DatabaseDefinition;
import org.mediadfs.web.db.WebSchema;

/**
 * The key ring of signed stream links ({@link LinkSigner}), shared by every web instance.
 *
 * <p>Two sources. With {@code mediadfs.web.link-keys} set, the ring is that value ({@code
 * kid:base64;kid2:base64}, the first signs) and is rotated by changing the configuration: put the
 * new key first and keep the old one until the links it signed have expired. Otherwise the keys
 * live in {@code t_web_link_keys}: the first start creates one, {@link #rotate()} adds a new one
 * that becomes current (the newest signs), old ones keep verifying until {@link #remove}d. Each
 * instance re-reads the table every {@value #RELOAD_SECONDS} s, and at once (at most once a second)
 * when a link names a key it does not know yet, so a rotation on one instance never breaks links on
 * another.
 */
@ApplicationScoped
public class LinkKeys {
  private static final System.Logger LOG = System.getLogger(LinkKeys.class.getName());

  /** Seconds between two reads of the key table. */
  static final long RELOAD_SECONDS = 30;

  /** Bytes of a generated key. */
  static final int KEY_BYTES = 32;

  @Inject WebConfig config;

  @Resource(lookup = DatabaseDefinition.JNDI)
  DataSource ds;

  private volatile LinkSigner signer;
  private volatile List<KeyInfo> infos = List.of();
  private volatile long loadedAtNanos;

  /**
   * A key as the API shows it (never the secret).
   *
   * @param kid its ID
   * @param created when it was made (null for configured keys)
   * @param current true for the key new links are signed with
   */
  public record KeyInfo(String kid, Instant created, boolean current) {}

  @PostConstruct
  void init() {
    if (fromConfig()) {
      signer = LinkSigner.parse(config.linkKeys());
      List<KeyInfo> list = new ArrayList<>();
      for (String e : config.linkKeys().split(";")) {
        String kid = e.strip();
        if (!kid.isEmpty()) {
          kid = kid.substring(0, kid.indexOf(':'));
          list.add(new KeyInfo(kid, null, kid.equals(signer.currentKeyId())));
        }
      }
      infos = List.copyOf(list);
      LOG.log(Level.INFO, () -> "signed links: " + infos.size() + " configured key(s)");
    } else {
      ensureKey();
      reload();
    }
  }

  /** True when the keys come from configuration (the API cannot rotate them). */
  public boolean fromConfig() {
    return !config.linkKeys().isEmpty();
  }

  /** Signs a link to a file, valid until {@code expiry}, with the current key. */
  public LinkSigner.Signature sign(String fileId, Instant expiry) {
    return current().sign(fileId, expiry);
  }

  /** Checks a link's parameters (any may be null). */
  public LinkSigner.Verdict verify(String fileId, String kid, String exp, String sig, Instant now) {
    LinkSigner.Verdict v = current().verify(fileId, kid, exp, sig, now);
    if (v == LinkSigner.Verdict.UNKNOWN_KEY
        && !fromConfig()
        && System.nanoTime() - loadedAtNanos > Duration.ofSeconds(1).toNanos()) {
      // Maybe another instance has just rotated.
      reload();
      v = signer.verify(fileId, kid, exp, sig, now);
    }
    return v;
  }

  /** The keys, newest first. */
  public List<KeyInfo> keys() {
    current();
    return infos;
  }

  /** Adds a new key that signs from now on; the old ones keep verifying. */
  public KeyInfo rotate() {
    if (fromConfig()) {
      throw ApiException.conflict(
          "link keys come from " + WebConfig.LINK_KEYS + "; rotate them in the configuration");
    }
    KeyInfo k = insertKey();
    reload();
    LOG.log(Level.INFO, () -> "signed links: new current key " + k.kid());
    return k;
  }

  /** Removes an old key (links it signed stop working); the current key cannot be removed. */
  public boolean remove(String kid) {
    if (fromConfig()) {
      throw ApiException.conflict("link keys come from " + WebConfig.LINK_KEYS);
    }
    if (kid.equals(current().currentKeyId())) {
      throw ApiException.conflict("key " + kid + " is the current key; rotate first");
    }
    try (Connection c = ds.getConnection();
        PreparedStatement p = c.prepareStatement("DELETE FROM t_web_link_keys WHERE key_id = ?")) {
      p.setString(1, kid);
      boolean removed = p.executeUpdate() > 0;
      reload();
      return removed;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot remove link key " + kid + ": " + e.getMessage(), e);
    }
  }

  private LinkSigner current() {
    if (!fromConfig()
        && System.nanoTime() - loadedAtNanos > Duration.ofSeconds(RELOAD_SECONDS).toNanos()) {
      try {
        reload();
      } catch (RuntimeException e) {
        // Keep serving with the keys we have; the database may be back next time.
        LOG.log(Level.WARNING, () -> "cannot re-read link keys: " + e.getMessage());
        loadedAtNanos = System.nanoTime();
      }
    }
    return signer;
  }

  private void ensureKey() {
    try (Connection c = ds.getConnection();
        PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM t_web_link_keys");
        ResultSet r = p.executeQuery()) {
      r.next();
      if (r.getLong(1) > 0) {
        return;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read link keys: " + e.getMessage(), e);
    }
    KeyInfo k = insertKey();
    LOG.log(Level.INFO, () -> "signed links: created the first key " + k.kid());
  }

  private KeyInfo insertKey() {
    Instant now = WebSchema.stored(Instant.now());
    String kid =
        "k"
            + Long.toString(now.getEpochSecond(), 36)
            + HexFormat.of().formatHex(Credentials.randomBytes(3));
    byte[] secret = Credentials.randomBytes(KEY_BYTES);
    try (Connection c = ds.getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO t_web_link_keys (key_id, secret, create_time) VALUES (?, ?, ?)")) {
      p.setString(1, kid);
      p.setString(2, Base64.getEncoder().encodeToString(secret));
      p.setTimestamp(3, Timestamp.from(now));
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store a link key: " + e.getMessage(), e);
    }
    return new KeyInfo(kid, now, true);
  }

  private synchronized void reload() {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    List<KeyInfo> list = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "SELECT key_id, secret, create_time FROM t_web_link_keys"
                    + " ORDER BY create_time DESC, key_id DESC");
        ResultSet r = p.executeQuery()) {
      while (r.next()) {
        String kid = r.getString(1);
        keys.put(kid, Base64.getDecoder().decode(r.getString(2)));
        list.add(new KeyInfo(kid, r.getTimestamp(3).toInstant(), list.isEmpty()));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read link keys: " + e.getMessage(), e);
    }
    if (keys.isEmpty()) {
      throw new IllegalStateException("no link keys in t_web_link_keys");
    }
    signer = new LinkSigner(keys, list.getFirst().kid());
    infos = List.copyOf(list);
    loadedAtNanos = System.nanoTime();
  }
}
