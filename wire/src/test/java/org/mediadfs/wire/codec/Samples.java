package org.mediadfs.wire.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.mediadfs.wire.Command;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Load;
import org.mediadfs.wire.message.LogEntry;
import org.mediadfs.wire.message.LogOp;
import org.mediadfs.wire.message.Member;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.PeerLag;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;
import org.mediadfs.wire.message.RootStat;

/**
 * Random messages from a seeded {@link Random}: every field within its limits, text fields mixing
 * 1- to 4-byte UTF-8 where the protocol allows any UTF-8, and the payload bytes a frame carries.
 */
final class Samples {
  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String FILE_ID_CHARS = ALNUM + "._-";

  private final Random rnd;

  Samples(long seed) {
    this.rnd = new Random(seed);
    this.requests = requestGenerators();
  }

  Random random() {
    return rnd;
  }

  /** A request with the payload it carries. */
  record RequestSample(Request request, byte[] payload) {}

  /** A reply, the request it answers, its reply command and payload. */
  record ResponseSample(Request answered, Command reply, Response response, byte[] payload) {}

  // ---------------------------------------------------------------- text

  /** Code points of 1, 2, 3 and 4 UTF-8 bytes, never NUL. */
  int codePoint() {
    return switch (rnd.nextInt(5)) {
      case 0, 1 -> 0x20 + rnd.nextInt(0x5F); // printable ASCII
      case 2 -> 0xA0 + rnd.nextInt(0x700 - 0xA0); // 2 bytes: Latin-1 .. Cyrillic
      case 3 -> 0x4E00 + rnd.nextInt(0x9FFF - 0x4E00); // 3 bytes: CJK
      default -> 0x1F300 + rnd.nextInt(0x1F64F - 0x1F300); // 4 bytes: emoji
    };
  }

  /** Any UTF-8 text (no NUL) of {@code min} to {@code maxBytes} bytes, whole characters only. */
  String utf8(int minBytes, int maxBytes) {
    int target = minBytes + rnd.nextInt(maxBytes - minBytes + 1);
    StringBuilder b = new StringBuilder();
    int bytes = 0;
    while (bytes < target) {
      int cp = codePoint();
      int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + n > maxBytes) {
        if (bytes >= minBytes) {
          break;
        }
        cp = 'a' + rnd.nextInt(26);
        n = 1;
      }
      b.appendCodePoint(cp);
      bytes += n;
    }
    return b.toString();
  }

  String from(String alphabet, int min, int max) {
    int n = min + rnd.nextInt(max - min + 1);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  String alnum(int min, int max) {
    return from(ALNUM, min, max);
  }

  String appId() {
    return alnum(1, 15);
  }

  String group() {
    return alnum(1, 16);
  }

  String userId() {
    return utf8(1, 255);
  }

  String fileId() {
    String s = from(FILE_ID_CHARS, 1, 127);
    return s.chars().allMatch(c -> c == '.') ? s + "x" : s;
  }

  /** A fixed-field text that is not a name (version, hostname, content type): any UTF-8. */
  String text(int maxBytes) {
    return rnd.nextInt(8) == 0 ? "" : utf8(0, maxBytes);
  }

  /** A length-prefixed string: any UTF-8, sometimes empty. */
  String str() {
    return rnd.nextInt(6) == 0 ? "" : utf8(0, 80);
  }

  IdBlock ids() {
    return new IdBlock(
        rnd.nextInt(10) == 0 ? "" : appId(), userId(), rnd.nextInt(10) == 0 ? "" : fileId());
  }

  // ---------------------------------------------------------------- numbers

  int u16() {
    return rnd.nextInt(0x10000);
  }

  int port() {
    return 1 + rnd.nextInt(0xFFFF);
  }

  long anyLong() {
    return switch (rnd.nextInt(4)) {
      case 0 -> 0;
      case 1 -> rnd.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
      default -> rnd.nextLong();
    };
  }

  long nonNegative() {
    return rnd.nextInt(4) == 0 ? rnd.nextInt(100) : rnd.nextLong() & Long.MAX_VALUE;
  }

  long crc() {
    return rnd.nextLong() & 0xFFFFFFFFL;
  }

  byte[] bytes(int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  byte[] payload() {
    return bytes(rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(300));
  }

  <T> T pick(T[] values) {
    return values[rnd.nextInt(values.length)];
  }

  <T> List<T> list(int max, Supplier<T> item) {
    int n = rnd.nextInt(max + 1);
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(item.get());
    }
    return out;
  }

  // ---------------------------------------------------------------- values

  RootStat root() {
    return new RootStat(str(), anyLong(), anyLong(), rnd.nextBoolean());
  }

  PeerLag lag() {
    return new PeerLag(str(), anyLong(), anyLong());
  }

  Load load() {
    return new Load(rnd.nextInt(), anyLong(), anyLong());
  }

  FileMeta meta(long size) {
    return new FileMeta(
        fileId(),
        appId(),
        userId(),
        size,
        crc(),
        str(),
        pick(FileStatus.values()),
        str(),
        anyLong(),
        anyLong());
  }

  HostPort hostPort() {
    String host =
        switch (rnd.nextInt(3)) {
          case 0 -> rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + ".1";
          case 1 -> "::1";
          default -> alnum(1, 20) + ".example";
        };
    return new HostPort(host, port());
  }

  NodeInfo node() {
    return new NodeInfo(
        str(),
        str(),
        str(),
        str(),
        str(),
        u16(),
        pick(NodeStatus.values()),
        anyLong(),
        anyLong(),
        anyLong(),
        rnd.nextInt(),
        list(3, this::root),
        load(),
        list(3, this::lag));
  }

  // ---------------------------------------------------------------- messages

  /** One generator per request type; a test checks that it covers the sealed set. */
  private final Map<Class<? extends Request>, Supplier<RequestSample>> requests;

  private Map<Class<? extends Request>, Supplier<RequestSample>> requestGenerators() {
    return Map.ofEntries(
        req(
            Request.Join.class,
            () -> new Request.Join(text(6), group(), text(128), u16(), anyLong(), anyLong())),
        req(Request.Beat.class, () -> new Request.Beat(group(), text(128))),
        req(Request.StorageAddrs.class, () -> new Request.StorageAddrs(ids())),
        req(Request.Groups.class, Request.Groups::new),
        req(
            Request.Hello.class,
            () -> new Request.Hello(u16(), str(), anyLong(), bytes(16), bytes(32))),
        req(
            Request.JoinEx.class,
            () ->
                new Request.JoinEx(
                    str(), str(), str(), str(), str(), u16(), anyLong(), anyLong(), rnd.nextInt())),
        req(
            Request.BeatEx.class,
            () ->
                new Request.BeatEx(
                    str(),
                    str(),
                    pick(NodeStatus.values()),
                    rnd.nextInt(),
                    list(4, this::root),
                    load(),
                    list(4, this::lag))),
        req(Request.Nodes.class, Request.Nodes::new),
        req(Request.IdGet.class, () -> new Request.IdGet(utf8(1, 64))),
        req(
            Request.IdRange.class,
            () -> new Request.IdRange(utf8(1, 64), 1 + rnd.nextInt(Request.IdRange.MAX_COUNT))),
        req(Request.FileSize.class, () -> new Request.FileSize(ids())),
        req(Request.Download.class, () -> new Request.Download(ids(), anyLong(), anyLong())),
        req(Request.Delete.class, () -> new Request.Delete(ids())),
        req(Request.Stat.class, () -> new Request.Stat(ids())),
        req(
            Request.ListFiles.class,
            () -> new Request.ListFiles(str(), str(), rnd.nextInt(), rnd.nextBoolean())),
        req(Request.Restore.class, () -> new Request.Restore(ids())),
        req(Request.Purge.class, () -> new Request.Purge(ids())),
        req(Request.ReplLog.class, () -> new Request.ReplLog(str(), anyLong(), rnd.nextInt())),
        req(Request.ReplFetch.class, () -> new Request.ReplFetch(str(), str(), str())),
        req(Request.ReplNotify.class, () -> new Request.ReplNotify(str(), anyLong())));
  }

  private Map.Entry<Class<? extends Request>, Supplier<RequestSample>> req(
      Class<? extends Request> type, Supplier<Request> make) {
    return Map.entry(type, () -> new RequestSample(make.get(), new byte[0]));
  }

  /** Requests that carry a payload are made here, with their bytes. */
  RequestSample request(Class<? extends Request> type) {
    if (type == Request.Upload.class) {
      byte[] p = payload();
      return new RequestSample(new Request.Upload(ids(), p.length), p);
    }
    if (type == Request.UploadEx.class) {
      byte[] p = payload();
      long crc = rnd.nextInt(5) == 0 ? Request.UploadEx.NO_CHECKSUM : crc();
      return new RequestSample(new Request.UploadEx(ids(), p.length, text(127), crc), p);
    }
    Supplier<RequestSample> s = requests.get(type);
    if (s == null) {
      throw new IllegalArgumentException("no generator for " + type);
    }
    return s.get();
  }

  @SuppressWarnings("unchecked")
  RequestSample anyRequest() {
    Class<?>[] types = Request.class.getPermittedSubclasses();
    return request((Class<? extends Request>) types[rnd.nextInt(types.length)]);
  }

  /** A reply of {@code type} with a request it can answer. */
  ResponseSample response(Class<? extends Response> type) {
    if (type == Response.Ok.class) {
      Class<?>[] okFor = {
        Request.Join.class,
        Request.Beat.class,
        Request.JoinEx.class,
        Request.Upload.class,
        Request.Delete.class,
        Request.Restore.class,
        Request.Purge.class,
        Request.ReplNotify.class
      };
      @SuppressWarnings("unchecked")
      Request answered = request((Class<? extends Request>) pick(okFor)).request();
      return sample(answered, new Response.Ok(), new byte[0]);
    }
    if (type == Response.Error.class) {
      Request answered = anyRequest().request();
      short number = rnd.nextBoolean() ? pick(ErrorCode.values()).number() : (short) rnd.nextInt();
      return sample(answered, new Response.Error(number, text(1023)), new byte[0]);
    }
    if (type == Response.Download.class) {
      byte[] p = payload();
      return sample(request(Request.Download.class).request(), new Response.Download(p.length), p);
    }
    if (type == Response.ReplFile.class) {
      byte[] p = payload();
      return sample(
          request(Request.ReplFetch.class).request(), new Response.ReplFile(meta(p.length)), p);
    }
    Request answered;
    Response r;
    if (type == Response.StorageAddrs.class) {
      answered = request(Request.StorageAddrs.class).request();
      r = new Response.StorageAddrs(group(), list(3, this::hostPort));
    } else if (type == Response.Groups.class) {
      answered = new Request.Groups();
      r = new Response.Groups(rnd.nextInt(5) == 0 ? "" : utf8(1, 2000));
    } else if (type == Response.Hello.class) {
      answered = request(Request.Hello.class).request();
      r = new Response.Hello(u16(), str(), bytes(32));
    } else if (type == Response.Members.class) {
      answered = request(Request.BeatEx.class).request();
      r =
          new Response.Members(
              rnd.nextInt(),
              list(5, () -> new Member(str(), str(), u16(), pick(NodeStatus.values()))));
    } else if (type == Response.Nodes.class) {
      answered = new Request.Nodes();
      r = new Response.Nodes(list(3, this::node));
    } else if (type == Response.IdValue.class) {
      answered = request(Request.IdGet.class).request();
      r = new Response.IdValue(anyLong());
    } else if (type == Response.IdSpan.class) {
      Request.IdRange asked = (Request.IdRange) request(Request.IdRange.class).request();
      answered = asked;
      r =
          new Response.IdSpan(
              rnd.nextLong(0, Long.MAX_VALUE - Request.IdRange.MAX_COUNT),
              1 + rnd.nextInt(asked.count()));
    } else if (type == Response.FileSize.class) {
      answered = request(Request.FileSize.class).request();
      r = new Response.FileSize(anyLong());
    } else if (type == Response.Uploaded.class) {
      answered = request(Request.UploadEx.class).request();
      r = new Response.Uploaded(anyLong(), anyLong());
    } else if (type == Response.Stat.class) {
      answered = request(Request.Stat.class).request();
      r = new Response.Stat(meta(nonNegative()));
    } else if (type == Response.FileList.class) {
      answered = request(Request.ListFiles.class).request();
      r = new Response.FileList(list(4, () -> meta(nonNegative())), str());
    } else if (type == Response.ReplLog.class) {
      answered = request(Request.ReplLog.class).request();
      r =
          new Response.ReplLog(
              anyLong(),
              anyLong(),
              list(4, () -> new LogEntry(anyLong(), pick(LogOp.values()), meta(nonNegative()))));
    } else {
      throw new IllegalArgumentException("no generator for " + type);
    }
    return sample(answered, r, new byte[0]);
  }

  private ResponseSample sample(Request answered, Response r, byte[] payload) {
    return new ResponseSample(answered, Frames.replyTo(answered), r, payload);
  }
}
