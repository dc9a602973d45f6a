package org.mediadfs.tracker.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.HelloProof;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * Checks HELLO (14) against the cluster secret (architecture decision 7), with {@link HelloProof}
 * of the wire module: the proof must match, the timestamp must be within five minutes of the
 * tracker's clock, and a nonce is accepted once (a recorded HELLO cannot be replayed while its
 * timestamp is still acceptable). Without a secret every HELLO passes and nothing is required.
 */
public final class HelloGuard {
  private final byte[] secret;
  private final String serverId;
  private final InstantSource clock;
  private final Cache<String, Boolean> seenNonces =
      Caffeine.newBuilder()
          .expireAfterWrite(Duration.ofMillis(2 * HelloProof.MAX_CLOCK_SKEW_MILLIS))
          .maximumSize(1_000_000)
          .build();

  public HelloGuard(String secret, String serverId, InstantSource clock) {
    this.secret = HelloProof.secret(secret);
    this.serverId = serverId;
    this.clock = clock;
  }

  /** True when nodes must pass HELLO before joining. */
  public boolean required() {
    return secret.length > 0;
  }

  /**
   * Verifies a HELLO and returns the reply.
   *
   * @throws TrackerException AUTH when the proof, the clock or the nonce is wrong
   */
  public Response.Hello check(Request.Hello hello) throws TrackerException {
    if (required()) {
      if (!HelloProof.verify(secret, hello, clock.millis())) {
        throw new TrackerException(
            ErrorCode.AUTH, "HELLO refused: wrong proof of the cluster secret, or clock skew");
      }
      String nonce = HexFormat.of().formatHex(hello.nonce());
      if (seenNonces.asMap().putIfAbsent(nonce, Boolean.TRUE) != null) {
        throw new TrackerException(ErrorCode.AUTH, "HELLO refused: nonce replayed");
      }
    }
    return HelloProof.reply(secret, serverId, hello);
  }
}
