package org.mediadfs.id.infrastructure;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.function.Function;
import org.mediadfs.id.application.IdAllocator;
import org.mediadfs.id.application.IdBlock;
import org.mediadfs.id.application.IdUnavailableException;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.HelloProof;
import org.mediadfs.wire.Names;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;
import org.mediadfs.wire.server.Session;

/**
 * One connection to the ID server. It answers ID_GET (40), ID_RANGE (41) and HELLO (14); every
 * other request is refused by the server before it gets here. A failure to reserve IDs is an error
 * reply with a meaningful code, never a number that a client could take for an ID (seed bug 14).
 */
public final class IdSession implements Session {
  private static final System.Logger LOG = System.getLogger(IdSession.class.getName());

  /** Longest key in UTF-8 bytes (the original's 65-byte field holds 64 and the NUL). */
  public static final int KEY_MAX = 64;

  private final IdAllocator allocator;
  private final byte[] secret;
  private final String serverId;
  private final InstantSource clock;
  private final InetSocketAddress peer;

  public IdSession(
      IdAllocator allocator,
      byte[] secret,
      String serverId,
      InstantSource clock,
      InetSocketAddress peer) {
    this.allocator = allocator;
    this.secret = secret.clone();
    this.serverId = serverId;
    this.clock = clock;
    this.peer = peer;
  }

  @Override
  public Response handle(Request request) {
    return switch (request) {
      case Request.IdGet g -> ids(g.key(), 1, run -> new Response.IdValue(run.start()));
      case Request.IdRange r ->
          ids(r.key(), r.count(), run -> new Response.IdSpan(run.start(), run.size()));
      case Request.Hello h -> hello(h);
      case Request.Join _,
          Request.Beat _,
          Request.StorageAddrs _,
          Request.Groups _,
          Request.JoinEx _,
          Request.BeatEx _,
          Request.Nodes _,
          Request.Upload _,
          Request.UploadEx _,
          Request.FileSize _,
          Request.Download _,
          Request.Delete _,
          Request.Stat _,
          Request.ListFiles _,
          Request.Restore _,
          Request.Purge _,
          Request.ReplLog _,
          Request.ReplFetch _,
          Request.ReplNotify _ ->
          new Response.Error(
              ErrorCode.UNKNOWN_COMMAND, request.command() + " is not served by the ID server");
    };
  }

  /**
   * ID_GET and ID_RANGE alike: a run of up to {@code count} IDs from the allocator, answered by
   * {@code reply}; an invalid key or a failed reservation is an error reply, never a number.
   */
  private Response ids(String key, int count, Function<IdBlock, Response> reply) {
    if (!validKey(key)) {
      return new Response.Error(ErrorCode.INVALID_NAME, "invalid ID key: " + Names.quote(key));
    }
    try {
      return reply.apply(allocator.nextRun(key, count));
    } catch (IdUnavailableException e) {
      LOG.log(Level.WARNING, () -> "no ID for key " + key + " (peer " + peer + "): " + e);
      return new Response.Error(e.code(), "get id fail, key: " + key + ": " + e.getMessage());
    }
  }

  /** A key: 1 to 64 bytes of UTF-8 without control characters. */
  static boolean validKey(String key) {
    if (key == null || key.isEmpty()) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      if (Character.isISOControl(key.charAt(i))) {
        return false;
      }
    }
    return key.getBytes(StandardCharsets.UTF_8).length <= KEY_MAX;
  }

  private Response hello(Request.Hello h) {
    if (secret.length > 0 && !HelloProof.verify(secret, h, clock.millis())) {
      LOG.log(Level.WARNING, () -> "HELLO from " + peer + " failed its proof");
      return new Response.Error(ErrorCode.AUTH, "HELLO proof does not match the cluster secret");
    }
    return HelloProof.reply(secret, serverId, h);
  }
}
