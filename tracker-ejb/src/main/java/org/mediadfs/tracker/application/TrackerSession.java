package org.mediadfs.tracker.application;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.mediadfs.tracker.domain.NodeKey;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;
import org.mediadfs.wire.server.Session;

/**
 * One connection to the tracker. Per-connection state: whether HELLO passed (required before join
 * and heartbeats when a cluster secret is set) and which original-protocol nodes joined on it
 * (their heartbeats carry no port). Every {@link TrackerException} becomes an error reply with its
 * code here, and only here.
 */
public final class TrackerSession implements Session {
  private static final System.Logger LOG = System.getLogger(TrackerSession.class.getName());

  private final TrackerService service;
  private final HelloGuard hello;
  private final String peerIp;
  private final List<NodeKey> joinedHere = new ArrayList<>(1);
  private boolean helloPassed;

  public TrackerSession(TrackerService service, HelloGuard hello, InetSocketAddress peer) {
    this.service = service;
    this.hello = hello;
    this.peerIp = peer.getAddress().getHostAddress();
  }

  @Override
  public Response handle(Request request) {
    try {
      return switch (request) {
        case Request.Hello h -> {
          Response r = hello.check(h);
          helloPassed = true;
          yield r;
        }
        case Request.Join j -> {
          requireHello();
          Response r = service.join(j, peerIp);
          NodeKey k = new NodeKey.Legacy(j.groupName(), j.hostName(), peerIp, j.port());
          joinedHere.remove(k);
          joinedHere.add(k);
          yield r;
        }
        case Request.JoinEx j -> {
          requireHello();
          yield service.joinEx(j, peerIp);
        }
        case Request.Beat b -> {
          requireHello();
          yield service.beat(b, peerIp, joinedHere);
        }
        case Request.BeatEx b -> {
          requireHello();
          yield service.beatEx(b);
        }
        case Request.StorageAddrs s -> service.storageAddrs(s.ids());
        case Request.Groups _ -> service.groups();
        case Request.Nodes _ -> service.nodes();
        case Request.IdGet _,
            Request.IdRange _,
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
            throw new TrackerException(
                ErrorCode.UNKNOWN_COMMAND, request.command() + " is not served by the tracker");
      };
    } catch (TrackerException e) {
      LOG.log(
          e.code().retryable() ? Level.WARNING : Level.DEBUG,
          () -> request.command() + " from " + peerIp + " refused: " + e.getMessage());
      return new Response.Error(e.code(), e.getMessage());
    }
  }

  private void requireHello() throws TrackerException {
    if (hello.required() && !helloPassed) {
      throw new TrackerException(
          ErrorCode.AUTH, "the cluster has a secret: send HELLO before joining or beating");
    }
  }
}
