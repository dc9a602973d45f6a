package org.mediadfs.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.zip.CRC32C;
import org.mediadfs.client.transport.Connection;
import org.mediadfs.client.transport.ConnectionPool;
import org.mediadfs.client.transport.Connector;
import org.mediadfs.client.transport.Sleeper;
import org.mediadfs.client.transport.SocketConnector;
import org.mediadfs.client.transport.Ticker;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.FileIds;
import org.mediadfs.wire.Names;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.codec.RequestCodec;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * The Java client of a mediadfs cluster — what the original's {@code client_c} did (seed-reference
 * §7) without its flaws: failover on retryable error replies as well as socket errors (seed bug
 * 17), bounded retries with backoff, streamed transfers (the original buffered whole downloads in
 * memory), pooled connections validated after idling, typed errors.
 *
 * <p>Thread-safe: one instance serves a whole application, from platform or virtual threads. Create
 * it once ({@link #create(ClientConfig)}), close it at shutdown. Every operation names the file by
 * app ID, user ID and file ID as the protocol does; the user ID selects the group (the tracker's
 * sticky route) and the node's table.
 *
 * <p>Errors: {@link MediadfsException} (an {@link IOException}) with the protocol's error code;
 * {@link MediadfsNotFoundException}, {@link MediadfsDeletedException} and {@link
 * MediadfsUnavailableException} for the cases callers usually branch on. Local file errors are
 * plain {@link IOException}s.
 */
public final class MediadfsClient implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(MediadfsClient.class.getName());
  private static final int CHUNK = 256 * 1024;
  private static final String GROUP_NAME_LABEL = "GROUPNAME:";

  /** Assumed slowest node write rate, to size the wait for an upload's reply (fsync included). */
  private static final long MIN_UPLOAD_BYTES_PER_SECOND = 16L << 20;

  /** Largest page LIST returns. */
  public static final int LIST_MAX = 1000;

  private final ClientConfig config;
  private final ConnectionPool trackerPool;
  private final ConnectionPool storagePool;
  private final Failover failover;

  MediadfsClient(
      ClientConfig config,
      Connector connector,
      Ticker ticker,
      Sleeper sleeper,
      RandomGenerator random) {
    this.config = Objects.requireNonNull(config, "config");
    this.trackerPool =
        new ConnectionPool(connector, poolSettings(config, config.trackerPoolSize()), ticker);
    this.storagePool =
        new ConnectionPool(connector, poolSettings(config, config.storagePoolSize()), ticker);
    this.failover =
        new Failover(
            config.trackers(),
            trackerPool,
            storagePool,
            config.retry(),
            config.routeCacheTtl(),
            ticker,
            sleeper,
            random);
  }

  private static ConnectionPool.Settings poolSettings(ClientConfig c, int max) {
    return new ConnectionPool.Settings(
        max, c.borrowTimeout(), c.validateAfterIdle(), c.maxIdle(), Duration.ofMillis(5));
  }

  /** A client with real sockets. */
  public static MediadfsClient create(ClientConfig config) {
    Connector connector =
        new SocketConnector(
            config.connectTimeout(),
            config.readTimeout(),
            Limits.DEFAULT,
            config.clusterSecret(),
            Clock.systemUTC());
    return new MediadfsClient(
        config, connector, Ticker.system(), Sleeper.system(), new SecureRandom());
  }

  /** The configuration. */
  public ClientConfig config() {
    return config;
  }

  // ---------------------------------------------------------------- uploads

  /** Uploads a file under the default app ID with a generated file ID; returns the file ID. */
  public String upload(String userId, Path file) throws IOException {
    return upload(config.appId(), userId, file, UploadOptions.DEFAULTS).fileId();
  }

  /** Uploads a file with a generated file ID; returns the file ID (the original's upload). */
  public String upload(String appId, String userId, Path file) throws IOException {
    return upload(appId, userId, file, UploadOptions.DEFAULTS).fileId();
  }

  /**
   * Uploads a file. Its CRC32C is computed first and sent along, so the node verifies the bytes
   * before it stores them; the content type, unless given, is guessed from the file name.
   */
  public UploadResult upload(String appId, String userId, Path file, UploadOptions options)
      throws IOException {
    UploadSource.FileSource src = UploadSource.FileSource.of(file);
    String type = options.contentType();
    if (type.isEmpty()) {
      type = guessContentType(file);
    }
    return upload(appId, userId, src, options.withContentType(type));
  }

  /** Uploads bytes the caller already holds (small files); the CRC32C is sent along. */
  public UploadResult upload(String appId, String userId, byte[] data, UploadOptions options)
      throws IOException {
    return upload(appId, userId, UploadSource.BytesSource.of(data), options);
  }

  /**
   * Uploads {@code length} bytes from a stream, which is read once: failover to another node is
   * possible only until its first byte was sent. Its CRC32C is computed on the way and compared
   * with the node's; a mismatch removes the stored file and fails the upload with
   * CHECKSUM_MISMATCH.
   */
  public UploadResult upload(
      String appId, String userId, InputStream in, long length, UploadOptions options)
      throws IOException {
    if (length < 0) {
      throw MediadfsException.local(ErrorCode.BAD_REQUEST, "negative upload length: " + length);
    }
    return upload(appId, userId, new UploadSource.StreamSource(in, length), options);
  }

  private UploadResult upload(String appId, String userId, UploadSource src, UploadOptions o)
      throws IOException {
    checkAppUser(appId, userId);
    String fileId = o.fileId().isEmpty() ? FileIds.generate(userId) : o.fileId();
    checkFileId(fileId);
    String type = o.contentType();
    if (type.indexOf('\0') >= 0
        || type.getBytes(StandardCharsets.UTF_8).length >= RequestCodec.CONTENT_TYPE_FIELD) {
      throw MediadfsException.local(
          ErrorCode.BAD_REQUEST, "content type too long or invalid: " + Names.quote(type));
    }
    IdBlock ids = new IdBlock(appId, userId, fileId);
    Request.UploadEx req = new Request.UploadEx(ids, src.size(), type, src.announcedCrc());
    Duration replyWait = config.readTimeout().plusSeconds(src.size() / MIN_UPLOAD_BYTES_PER_SECOND);
    try {
      return failover.storage(
          "upload of " + fileId,
          appId,
          userId,
          fileId,
          a -> uploadOnce(a, req, src, o.listener(), replyWait));
    } catch (AmbiguousConflict ac) {
      // An earlier attempt may have stored the file before its connection failed: the same size
      // and checksum under the same ID are our own upload, not a conflict.
      FileMeta m = stat(appId, userId, fileId);
      if (m.size() == src.size() && m.crc32c() == ac.sentCrc) {
        return new UploadResult(fileId, m.size(), m.crc32c(), m.createTime(), ac.group, ac.server);
      }
      throw MediadfsException.of(ac.reply, ac.server);
    }
  }

  /** CONFLICT on a retry after an attempt whose outcome is unknown. */
  private static final class AmbiguousConflict extends IOException {
    final ErrorReplyException reply;
    final HostPort server;
    final String group;
    final long sentCrc;

    AmbiguousConflict(ErrorReplyException reply, HostPort server, String group, long sentCrc) {
      super(reply.getMessage(), reply);
      this.reply = reply;
      this.server = server;
      this.group = group;
      this.sentCrc = sentCrc;
    }
  }

  private UploadResult uploadOnce(
      Failover.Attempt a,
      Request.UploadEx req,
      UploadSource src,
      TransferListener listener,
      Duration replyWait)
      throws IOException, ErrorReplyException {
    if (!src.canStart()) {
      throw new Failover.NotReplayableException(
          new IOException("the upload stream was consumed by a failed attempt; cannot resend"));
    }
    Connection c = a.connection();
    long sentCrc;
    try {
      c.send(req);
      sentCrc = src.writeTo(c.out(), listener);
      c.flush();
    } catch (Failover.LocalIoException e) {
      c.markBroken(); // the node sees a short upload and drops it
      throw e;
    } catch (IOException e) {
      var early = c.errorAfterFailedSend(req);
      if (early.isPresent()) {
        // The node refused before reading everything (TOO_LARGE, DISK_FULL, ...).
        throw new ErrorReplyException(early.get().number(), early.get().text());
      }
      throw e;
    }
    Response r;
    c.readTimeout(replyWait);
    try {
      r = c.receive(req);
    } finally {
      if (!c.isBroken()) {
        c.readTimeout(config.readTimeout());
      }
    }
    IdBlock ids = req.ids();
    Response.Uploaded u;
    try {
      u = WireConnection.as(r, Response.Uploaded.class);
    } catch (ErrorReplyException e) {
      // Whether the node read the rest of a refused upload is its business: do not reuse.
      c.markBroken();
      if (e.code() == ErrorCode.CONFLICT && a.ambiguousBefore()) {
        throw new Failover.FinalException(
            new AmbiguousConflict(e, a.address(), a.group(), sentCrc));
      }
      throw e;
    }
    if (u.crc32c() != sentCrc) {
      removeQuietly(c, ids);
      MediadfsException e =
          MediadfsException.create(
              ErrorCode.CHECKSUM_MISMATCH,
              ErrorCode.CHECKSUM_MISMATCH.number(),
              "node stored CRC32C "
                  + Long.toHexString(u.crc32c())
                  + " but the client sent "
                  + Long.toHexString(sentCrc)
                  + "; the file was removed",
              a.address(),
              null);
      // A stream cannot be sent again; bytes the node verified itself can go to the next node.
      throw src instanceof UploadSource.StreamSource ? new Failover.FinalException(e) : e;
    }
    return new UploadResult(
        ids.fileId(), src.size(), u.crc32c(), u.createTime(), a.group(), a.address());
  }

  /** Deletes and purges a file whose stored bytes are wrong; failures are only logged. */
  private void removeQuietly(Connection c, IdBlock ids) {
    try {
      WireConnection.as(c.call(new Request.Delete(ids)), Response.Ok.class);
      WireConnection.as(c.call(new Request.Purge(ids)), Response.Ok.class);
    } catch (IOException | ErrorReplyException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "could not remove corrupt upload {0} from {1}: {2}",
          ids.fileId(),
          c.address(),
          e.toString());
    }
  }

  private static String guessContentType(Path file) {
    String t = null;
    try {
      t = Files.probeContentType(file);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, () -> "cannot probe content type of " + file, e);
    }
    if (t == null) {
      t = URLConnection.guessContentTypeFromName(file.getFileName().toString());
    }
    return t == null ? "application/octet-stream" : t;
  }

  // ---------------------------------------------------------------- downloads

  /** {@link #openRange(String, String, String, long, long)} under the default app ID. */
  public RangeStream openRange(String userId, String fileId, long offset, long length)
      throws IOException {
    return openRange(config.appId(), userId, fileId, offset, length);
  }

  /**
   * Opens bytes {@code [offset, offset+length)} of a file as a stream read straight from a node's
   * socket ({@code length} 0: to the end of the file, as in the protocol). The caller must read it
   * to the end or close it; see {@link RangeStream}.
   *
   * @throws MediadfsException BAD_RANGE if the range lies outside the file
   */
  public RangeStream openRange(String appId, String userId, String fileId, long offset, long length)
      throws IOException {
    checkAppUser(appId, userId);
    checkFileId(fileId);
    if (offset < 0 || length < 0) {
      throw MediadfsException.local(
          ErrorCode.BAD_RANGE, "negative offset or length: " + offset + ", " + length);
    }
    IdBlock ids = new IdBlock(appId, userId, fileId);
    RangeStream.Reopener opener =
        (off, len, avoid) ->
            failover.storage(
                "download of " + fileId,
                appId,
                userId,
                fileId,
                avoid,
                a -> openOnce(a, ids, off, len));
    return new RangeStream(
        fileId, offset, opener.open(offset, length, null), config.rangeResumes(), opener);
  }

  private static RangeStream.Opened openOnce(Failover.Attempt a, IdBlock ids, long off, long len)
      throws IOException, ErrorReplyException {
    Connection c = a.connection();
    Response.Download d =
        WireConnection.as(c.call(new Request.Download(ids, off, len)), Response.Download.class);
    if (len != 0 && d.length() != len) {
      c.markBroken();
      throw new IOException(
          a.address() + " answered a download of " + len + " bytes with " + d.length());
    }
    a.keep();
    return new RangeStream.Opened(a.lease(), d.length());
  }

  /** Downloads a whole file to a stream; returns the number of bytes. */
  public long download(String appId, String userId, String fileId, OutputStream out)
      throws IOException {
    return download(appId, userId, fileId, 0, 0, out, TransferListener.NONE);
  }

  /**
   * Downloads a range ({@code length} 0: to the end) to a stream, chunk by chunk; returns the
   * number of bytes. A failure writing to {@code out} ends the download with that failure.
   */
  public long download(
      String appId,
      String userId,
      String fileId,
      long offset,
      long length,
      OutputStream out,
      TransferListener listener)
      throws IOException {
    try (RangeStream in = openRange(appId, userId, fileId, offset, length)) {
      return copy(in, out, listener, null);
    }
  }

  /**
   * Downloads a range ({@code length} 0: to the end) to a file, written under a temporary name next
   * to it and moved into place when complete, so a failed download never leaves a partial file. A
   * whole-file download is checked against the CRC32C the node reports (STAT).
   */
  public long download(
      String appId,
      String userId,
      String fileId,
      long offset,
      long length,
      Path target,
      TransferListener listener)
      throws IOException {
    boolean whole = offset == 0 && length == 0;
    FileMeta meta = whole ? stat(appId, userId, fileId) : null;
    Path tmp = partFile(target);
    try {
      long n;
      CRC32C crc = new CRC32C();
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE);
          RangeStream in = openRange(appId, userId, fileId, offset, length)) {
        n = copy(in, out, listener, whole ? crc : null);
      }
      if (meta != null && (n != meta.size() || crc.getValue() != meta.crc32c())) {
        throw MediadfsException.local(
            ErrorCode.CHECKSUM_MISMATCH,
            "downloaded "
                + n
                + " bytes with CRC32C "
                + Long.toHexString(crc.getValue())
                + " but the node records "
                + meta.size()
                + " bytes with "
                + Long.toHexString(meta.crc32c()));
      }
      keepMode(target, tmp); // after the writes: the mode may not allow writing
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return n;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * A new empty file next to {@code target} under a name no one else uses, made with the default
   * permissions (0666 less the umask, as {@code cp} or {@code curl -o} would make the target):
   * {@link Files#createTempFile} would make it 0600, and the move would give the download that
   * mode.
   */
  private static Path partFile(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    String prefix = "." + target.getFileName() + ".";
    for (int attempt = 0; ; attempt++) {
      Path tmp =
          dir.resolve(
              prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".part");
      try {
        Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return tmp;
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
  }

  /**
   * A download over an existing file keeps that file's permissions, as {@code cp} onto an existing
   * file does: the move replaces the file, and the part file has the default mode.
   */
  private static void keepMode(Path target, Path tmp) throws IOException {
    if (!Files.isRegularFile(target)
        || !target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    try {
      Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
    } catch (java.nio.file.NoSuchFileException e) {
      // removed meanwhile: the download makes a new file, with the default mode
    }
  }

  private static long copy(RangeStream in, OutputStream out, TransferListener listener, CRC32C crc)
      throws IOException {
    byte[] buf = new byte[CHUNK];
    long total = in.length();
    long done = 0;
    int n;
    while ((n = in.read(buf)) >= 0) {
      if (crc != null) {
        crc.update(buf, 0, n);
      }
      out.write(buf, 0, n);
      done += n;
      listener.progress(done, total);
    }
    return done;
  }

  // ---------------------------------------------------------------- metadata and lifecycle

  /** The size of a file under the default app ID. */
  public long fileSize(String userId, String fileId) throws IOException {
    return fileSize(config.appId(), userId, fileId);
  }

  /** The size of a file (the original's filesize). */
  public long fileSize(String appId, String userId, String fileId) throws IOException {
    IdBlock ids = ids(appId, userId, fileId);
    return failover.storage(
        "size of " + fileId,
        appId,
        userId,
        fileId,
        a ->
            WireConnection.as(
                    a.connection().call(new Request.FileSize(ids)), Response.FileSize.class)
                .size());
  }

  /** A file's metadata under the default app ID. */
  public FileMeta stat(String userId, String fileId) throws IOException {
    return stat(config.appId(), userId, fileId);
  }

  /** A file's metadata (size, CRC32C, content type, status, times). */
  public FileMeta stat(String appId, String userId, String fileId) throws IOException {
    IdBlock ids = ids(appId, userId, fileId);
    return failover.storage(
        "stat of " + fileId,
        appId,
        userId,
        fileId,
        a ->
            WireConnection.as(a.connection().call(new Request.Stat(ids)), Response.Stat.class)
                .meta());
  }

  /**
   * A file's metadata from one given node, without knowing its owner: STAT with an empty app and
   * user ID, which a node answers by searching all its tables. The web tier finds the group of a
   * file it knows only by ID this way (one node per group). Errors as for {@link #stat}: NOT_FOUND
   * when the node holds no such file.
   *
   * @param node the node to ask
   * @param group the node's group (for messages and failover bookkeeping)
   */
  public FileMeta statAnyOwner(HostPort node, String group, String fileId) throws IOException {
    checkFileId(fileId);
    IdBlock ids = new IdBlock("", "", fileId);
    return failover.nodes(
        "stat of " + fileId + " on " + node,
        List.of(node),
        group,
        a ->
            WireConnection.as(a.connection().call(new Request.Stat(ids)), Response.Stat.class)
                .meta());
  }

  /** Soft-deletes a file: no longer served, restorable until purged. */
  public void delete(String appId, String userId, String fileId) throws IOException {
    IdBlock ids = ids(appId, userId, fileId);
    failover.storage(
        "delete of " + fileId,
        appId,
        userId,
        fileId,
        a -> {
          try {
            return WireConnection.as(
                a.connection().call(new Request.Delete(ids)), Response.Ok.class);
          } catch (ErrorReplyException e) {
            if (e.code() == ErrorCode.DELETED && a.ambiguousBefore()) {
              return new Response.Ok(); // our earlier attempt did it before its socket failed
            }
            throw e;
          }
        });
  }

  /** Undoes a soft delete. */
  public void restore(String appId, String userId, String fileId) throws IOException {
    IdBlock ids = ids(appId, userId, fileId);
    failover.storage(
        "restore of " + fileId,
        appId,
        userId,
        fileId,
        a -> WireConnection.as(a.connection().call(new Request.Restore(ids)), Response.Ok.class));
  }

  /** Removes a file's bytes for good (a tombstone remains for replication). */
  public void purge(String appId, String userId, String fileId) throws IOException {
    IdBlock ids = ids(appId, userId, fileId);
    failover.storage(
        "purge of " + fileId,
        appId,
        userId,
        fileId,
        a -> WireConnection.as(a.connection().call(new Request.Purge(ids)), Response.Ok.class));
  }

  // ---------------------------------------------------------------- cluster views

  /** The tracker's text dump of every group (the original's GROUPS, seed-reference §4.4). */
  public String groups() throws IOException {
    return failover.tracker(
        "groups",
        a ->
            WireConnection.as(a.connection().call(new Request.Groups()), Response.Groups.class)
                .text());
  }

  /**
   * Every group registered with the tracker, in name order, those without nodes included: the
   * {@code GROUPNAME} lines of the groups text (NODES names only groups that have nodes).
   */
  public List<String> groupNames() throws IOException {
    List<String> names = new ArrayList<>();
    for (String line : groups().split("\n")) {
      String s = line.strip();
      if (s.startsWith(GROUP_NAME_LABEL)) {
        names.add(s.substring(GROUP_NAME_LABEL.length()).strip());
      }
    }
    return names;
  }

  /** Every storage node with its live state (NODES), ordered by group, then address. */
  public List<NodeInfo> nodes() throws IOException {
    List<NodeInfo> nodes =
        new ArrayList<>(
            failover.tracker(
                "nodes",
                a ->
                    WireConnection.as(
                            a.connection().call(new Request.Nodes()), Response.Nodes.class)
                        .nodes()));
    nodes.sort(
        Comparator.comparing(NodeInfo::groupName)
            .thenComparing(NodeInfo::host)
            .thenComparingInt(NodeInfo::port));
    return nodes;
  }

  /** The tracker's route for a user: group and up to three nodes (the original's saddrs). */
  public Route storageAddrs(String appId, String userId) throws IOException {
    checkAppUser(appId, userId);
    return failover.route(appId, userId);
  }

  /**
   * A page of one node's files, ordered by file ID.
   *
   * @param node the node to ask
   * @param userId only this user's files, or empty for every user
   * @param after the {@code next} of the previous page, or empty for the first
   * @param limit rows per page, 1 to {@value #LIST_MAX}
   * @param includeDeleted also list soft-deleted files
   */
  public FilePage list(
      HostPort node, String userId, String after, int limit, boolean includeDeleted)
      throws IOException {
    return listFrom(List.of(node), "", userId, after, limit, includeDeleted);
  }

  /**
   * A page of a group's files, from one of its nodes (ACTIVE ones first, the next on failure; every
   * member holds the same files once replicated).
   */
  public FilePage listGroup(
      String group, String userId, String after, int limit, boolean includeDeleted)
      throws IOException {
    List<HostPort> candidates =
        nodes().stream()
            .filter(n -> n.groupName().equals(group))
            .filter(n -> n.status() == NodeStatus.ACTIVE || n.status() == NodeStatus.SYNCING)
            .sorted(Comparator.comparing(n -> n.status() == NodeStatus.ACTIVE ? 0 : 1))
            .map(n -> new HostPort(n.host(), n.port()))
            .toList();
    if (candidates.isEmpty()) {
      throw MediadfsException.local(
          ErrorCode.NO_STORAGE, "group " + Names.quote(group) + " has no active node");
    }
    return listFrom(candidates, group, userId, after, limit, includeDeleted);
  }

  /** A page of one user's files, from a node of the user's group. */
  public FilePage listUser(
      String appId, String userId, String after, int limit, boolean includeDeleted)
      throws IOException {
    checkAppUser(appId, userId);
    Request.ListFiles req = listRequest(userId, after, limit, includeDeleted);
    return failover.storage("list of " + userId, appId, userId, "", a -> listOnce(a, req));
  }

  private FilePage listFrom(
      List<HostPort> nodes,
      String group,
      String userId,
      String after,
      int limit,
      boolean includeDeleted)
      throws IOException {
    Request.ListFiles req = listRequest(userId, after, limit, includeDeleted);
    return failover.nodes("list", nodes, group, a -> listOnce(a, req));
  }

  private static Request.ListFiles listRequest(
      String userId, String after, int limit, boolean includeDeleted) throws MediadfsException {
    if (limit < 1 || limit > LIST_MAX) {
      throw MediadfsException.local(
          ErrorCode.BAD_REQUEST, "limit must be 1 to " + LIST_MAX + ": " + limit);
    }
    if (!userId.isEmpty() && !Names.validUserId(userId)) {
      throw MediadfsException.local(
          ErrorCode.INVALID_NAME, "invalid user ID " + Names.quote(userId));
    }
    if (!after.isEmpty() && !Names.validFileId(after)) {
      throw MediadfsException.local(
          ErrorCode.INVALID_NAME, "invalid file ID " + Names.quote(after));
    }
    return new Request.ListFiles(userId, after, limit, includeDeleted);
  }

  private static FilePage listOnce(Failover.Attempt a, Request.ListFiles req)
      throws IOException, ErrorReplyException {
    Response.FileList l = WireConnection.as(a.connection().call(req), Response.FileList.class);
    return new FilePage(l.files(), l.next(), a.address());
  }

  // ---------------------------------------------------------------- helpers

  private static IdBlock ids(String appId, String userId, String fileId) throws MediadfsException {
    checkAppUser(appId, userId);
    checkFileId(fileId);
    return new IdBlock(appId, userId, fileId);
  }

  private static void checkAppUser(String appId, String userId) throws MediadfsException {
    if (!Names.validAppId(appId)) {
      throw MediadfsException.local(ErrorCode.UNKNOWN_APP, "invalid app ID " + Names.quote(appId));
    }
    if (!Names.validUserId(userId)) {
      throw MediadfsException.local(
          ErrorCode.INVALID_NAME, "invalid user ID " + Names.quote(userId));
    }
  }

  private static void checkFileId(String fileId) throws MediadfsException {
    if (!Names.validFileId(fileId)) {
      throw MediadfsException.local(
          ErrorCode.INVALID_NAME, "invalid file ID " + Names.quote(fileId));
    }
  }

  /** Pooled connections per tracker / node, for monitoring. */
  public String poolStats() {
    return "trackers: created "
        + trackerPool.createdCount()
        + ", discarded "
        + trackerPool.discardedCount()
        + "; storage: created "
        + storagePool.createdCount()
        + ", discarded "
        + storagePool.discardedCount()
        + ", failed probes "
        + storagePool.probeFailures();
  }

  /** Closes every pooled connection. Streams still open keep theirs until they end. */
  @Override
  public void close() {
    trackerPool.close();
    storagePool.close();
  }
}
