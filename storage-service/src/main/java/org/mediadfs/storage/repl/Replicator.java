package org.mediadfs.storage.repl;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.mediadfs.storage.StorageConfig;
import org.mediadfs.storage.client.Handshake;
import org.mediadfs.storage.maint.RateLimiter;
import org.mediadfs.storage.meta.FileRow;
import org.mediadfs.storage.meta.MetaWriter;
import org.mediadfs.storage.meta.MetadataStore;
import org.mediadfs.storage.server.Replication;
import org.mediadfs.storage.server.StorageException;
import org.mediadfs.storage.tracker.GroupMembers;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.FileIds;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Member;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.PeerLag;
import org.mediadfs.wire.message.Request;

/**
 * Replication inside a group (architecture decision 5): this node's side of it. Peers come only
 * from the trackers' heartbeat replies ({@link GroupMembers}); for each one a {@link Puller} tails
 * its log and a {@link Notifier} tells it of this node's changes. On top of that:
 *
 * <ul>
 *   <li>read repair ({@link #repair}): a file this node lacks is fetched from a peer before the
 *       client is answered;
 *   <li>sync mode ({@link #awaitPeers}): an upload is acknowledged once every ACTIVE peer has read
 *       this node's log past it (a peer's REPL_LOG says how far it has applied), or after the sync
 *       timeout, the laggards logged;
 *   <li>repair of rows whose bytes are missing or corrupt (a wiped store root, a scrubber finding),
 *       after the start-up reconcile and every few minutes;
 *   <li>the node's state for the heartbeat: SYNCING until it has caught up with every reachable
 *       peer (and repaired a wiped store), ACTIVE after; per-peer lag for the heartbeat.
 * </ul>
 *
 * Copies made for peers' entries, resyncs and repairs share one bandwidth limit ({@code
 * replication.bandwidth}); read repair is not throttled, a client is waiting for it.
 */
public final class Replicator implements Replication, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Replicator.class.getName());
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration REFRESH = Duration.ofMillis(250);
  private static final Duration REPAIR_INTERVAL = Duration.ofMinutes(5);
  private static final int ATTEMPTS = 5;

  /**
   * Allowed difference between a client's clock (in the file ID, whole seconds) and this node's,
   * when deciding that a file was made after the peers went down.
   */
  static final Duration CLOCK_SLACK = Duration.ofSeconds(2);

  /** One peer and the threads working with it. */
  private final class Peer {
    final String id;
    volatile PeerClient client;
    volatile Member member;
    final Puller puller;
    final Notifier notifier;
    final List<Thread> threads = new ArrayList<>();

    Peer(Member m) {
      this.id = m.nodeId();
      this.member = m;
      this.client = newClient(m);
      this.puller =
          new Puller(
              id,
              () -> client,
              () -> alternates(id),
              applier,
              writer,
              limiter,
              this::stateMayHaveChanged);
      this.notifier = new Notifier(id, () -> client);
      threads.add(Thread.ofVirtual().name("repl-pull-" + id).start(puller));
      threads.add(Thread.ofVirtual().name("repl-notify-" + id).start(notifier));
    }

    void stateMayHaveChanged() {
      Replicator.this.stateMayHaveChanged();
    }
  }

  private final String selfId;
  private final GroupMembers members;
  private final Handshake handshake;
  private final MetaWriter writer;
  private final MetadataStore store;
  private final Applier applier;
  private final RateLimiter limiter;
  private final RateLimiter unlimited = new RateLimiter(0, 0, System::nanoTime, n -> {});
  private final boolean sync;
  private final Duration syncTimeout;
  private final Map<String, Peer> peers = new ConcurrentHashMap<>();
  private final Map<String, Long> acked = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> syncTimeouts = new ConcurrentHashMap<>();
  private final Object ackLock = new Object();
  private final Semaphore repairSignal = new Semaphore(0);
  private final AtomicLong repaired = new AtomicLong();
  private final AtomicLong readRepairs = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private volatile Runnable onStateChange = () -> {};
  private volatile NodeStatus lastState = NodeStatus.SYNCING;
  private volatile boolean repairPending;
  private int repairPasses;
  private volatile boolean closed;

  /**
   * @param wiped a store root was found empty while the database names files: the node stays
   *     SYNCING until a repair pass has fetched them again
   */
  public Replicator(
      String selfId,
      GroupMembers members,
      Handshake handshake,
      MetaWriter writer,
      MetadataStore store,
      Applier applier,
      StorageConfig.Replication settings,
      RateLimiter limiter,
      boolean wiped) {
    this.selfId = selfId;
    this.members = members;
    this.handshake = handshake;
    this.writer = writer;
    this.store = store;
    this.applier = applier;
    this.limiter = limiter;
    this.sync = settings.mode() == StorageConfig.ReplicationMode.SYNC;
    this.syncTimeout = settings.syncTimeout();
    this.repairPending = wiped;
  }

  /** Starts the supervisor (peers from the member list) and the repairer. */
  public void start() {
    threads.add(Thread.ofVirtual().name("repl-supervisor").start(this::supervise));
    threads.add(Thread.ofVirtual().name("repl-repair").start(this::repairLoop));
  }

  /** Called when the node's state changes (the tracker link beats at once). */
  public void onStateChange(Runnable r) {
    this.onStateChange = r;
  }

  /** A peer announced that its log grew: pull from it now. */
  public void notified(Request.ReplNotify n) {
    Peer p = peers.get(n.nodeId());
    if (p != null) {
      p.puller.wake();
    } else {
      LOG.log(System.Logger.Level.DEBUG, "notify from {0}, not (yet) a known peer", n.nodeId());
    }
  }

  /** Repair missing or corrupt files now (after the start-up reconcile found some). */
  public void requestRepair() {
    repairSignal.release();
  }

  // ---- state and lag ------------------------------------------------------------------------

  /**
   * SYNCING until the members are known and this node has caught up with every peer it can reach
   * (and repaired a wiped store); ACTIVE after. OFFLINE peers are not waited for.
   */
  public NodeStatus state() {
    if (!members.known() || repairPending) {
      return NodeStatus.SYNCING;
    }
    for (Member m : members.peers()) {
      if (m.status() == NodeStatus.OFFLINE) {
        continue;
      }
      Peer p = peers.get(m.nodeId());
      if (p == null || !p.puller.caughtUp()) {
        return NodeStatus.SYNCING;
      }
    }
    return NodeStatus.ACTIVE;
  }

  /** Entries and bytes this node is behind each peer, for the heartbeat. */
  public List<PeerLag> lags() {
    List<PeerLag> out = new ArrayList<>();
    for (Peer p : peers.values()) {
      out.add(new PeerLag(p.id, p.puller.entriesBehind(), p.puller.bytesBehind()));
    }
    out.sort(Comparator.comparing(PeerLag::peerNodeId));
    return out;
  }

  private void stateMayHaveChanged() {
    NodeStatus now = state();
    if (now != lastState) {
      LOG.log(System.Logger.Level.INFO, "node {0} is now {1} (was {2})", selfId, now, lastState);
      lastState = now;
      onStateChange.run();
    }
  }

  /** A JSON object for the health endpoint: state, per-peer progress, counters. */
  public String describeJson() {
    StringBuilder b = new StringBuilder();
    long[] a = applier.stats();
    b.append("{\"state\":\"")
        .append(state())
        .append("\",\"mode\":\"")
        .append(sync ? "sync" : "async")
        .append("\",\"bytesCopied\":")
        .append(a[0])
        .append(",\"filesCopied\":")
        .append(a[1])
        .append(",\"conflicts\":")
        .append(a[2])
        .append(",\"readRepairs\":")
        .append(readRepairs.get())
        .append(",\"repaired\":")
        .append(repaired.get())
        .append(",\"peers\":[");
    boolean first = true;
    for (Peer p : peers.values()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      b.append("{\"nodeId\":\"")
          .append(p.id)
          .append("\",\"address\":\"")
          .append(p.client.address())
          .append("\",\"cursor\":")
          .append(writer.cursor(p.id))
          .append(",\"entriesBehind\":")
          .append(p.puller.entriesBehind())
          .append(",\"bytesBehind\":")
          .append(p.puller.bytesBehind())
          .append(",\"caughtUp\":")
          .append(p.puller.caughtUp())
          .append(",\"reachable\":")
          .append(p.puller.reachable())
          .append(",\"fullResyncs\":")
          .append(p.puller.stats()[1])
          .append(",\"syncTimeouts\":")
          .append(syncTimeouts.getOrDefault(p.id, new AtomicLong()).get())
          .append('}');
    }
    return b.append("]}").toString();
  }

  /** Bytes and files copied from peers, conflicts resolved (tests, benchmarks). */
  public long[] copyStats() {
    return applier.stats();
  }

  /** Full resyncs done so far (a peer's log no longer held what this node needed). */
  public long fullResyncs() {
    return peers.values().stream().mapToLong(p -> p.puller.stats()[1]).sum();
  }

  /** The peers this node works with. */
  public java.util.Set<String> peerIds() {
    return java.util.Set.copyOf(peers.keySet());
  }

  /** Syncs with acknowledgements that timed out, per peer. */
  public Map<String, Long> syncTimeouts() {
    Map<String, Long> out = new java.util.TreeMap<>();
    syncTimeouts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  // ---- peers ----------------------------------------------------------------------------------

  private PeerClient newClient(Member m) {
    return new PeerClient(
        m.nodeId(),
        new HostPort(m.host(), m.port()),
        selfId,
        handshake,
        CONNECT_TIMEOUT,
        READ_TIMEOUT);
  }

  /** Every peer but {@code except}, ACTIVE ones first. */
  private List<PeerClient> alternates(String except) {
    return ordered().stream().filter(p -> !p.id.equals(except)).map(p -> p.client).toList();
  }

  /**
   * Known peers, ACTIVE first, then SYNCING and the rest; OFFLINE ones last. Meets the members the
   * trackers listed since the supervisor last looked: a node that has just joined serves requests
   * before the supervisor runs, and with no peer met yet a read repair took "no peer" for "nobody
   * has it" and answered NOT_FOUND for an acknowledged file (fault suite, kill -9 during upload).
   */
  private List<Peer> ordered() {
    refresh();
    List<Peer> out = new ArrayList<>(peers.values());
    out.sort(
        Comparator.comparingInt(
            (Peer p) ->
                switch (p.member.status()) {
                  case ACTIVE -> 0;
                  case SYNCING, DRAINING -> 1;
                  case ONLINE -> 2;
                  case OFFLINE -> 3;
                }));
    return out;
  }

  private void supervise() {
    while (!closed) {
      try {
        refresh();
        stateMayHaveChanged();
        Thread.sleep(REFRESH);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "replication supervisor of node " + selfId, e);
      }
    }
  }

  /**
   * Starts work for new peers and follows address changes. Peers are never dropped. Called by the
   * supervisor and by every request that needs the peers, hence synchronized.
   */
  private synchronized void refresh() {
    for (Member m : members.peers()) {
      Peer p = peers.get(m.nodeId());
      if (p == null) {
        if (closed) {
          return;
        }
        LOG.log(
            System.Logger.Level.INFO,
            "node {0}: peer {1} at {2}:{3} ({4})",
            selfId,
            m.nodeId(),
            m.host(),
            String.valueOf(m.port()),
            m.status());
        peers.put(m.nodeId(), new Peer(m));
        continue;
      }
      HostPort now = new HostPort(m.host(), m.port());
      if (!p.client.address().equals(now)) {
        PeerClient old = p.client;
        p.client = newClient(m);
        old.close();
        LOG.log(System.Logger.Level.INFO, "peer {0} moved to {1}", m.nodeId(), now);
      }
      p.member = m;
    }
  }

  // ---- Replication hooks -----------------------------------------------------------------------

  @Override
  public void committed(long seq) {
    for (Peer p : peers.values()) {
      p.notifier.logGrew(seq);
    }
  }

  @Override
  public void peerRead(String peerId, long afterSeq) {
    acked.put(peerId, afterSeq);
    synchronized (ackLock) {
      ackLock.notifyAll();
    }
  }

  @Override
  public void awaitPeers(long seq, String fileId) {
    if (!sync) {
      return;
    }
    long deadline = System.nanoTime() + syncTimeout.toNanos();
    List<String> late = new ArrayList<>();
    try {
      for (Member m : members.peers()) {
        if (m.status() != NodeStatus.ACTIVE) {
          continue;
        }
        synchronized (ackLock) {
          while (acked.getOrDefault(m.nodeId(), -1L) < seq) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              late.add(m.nodeId());
              break;
            }
            TimeUnit.NANOSECONDS.timedWait(ackLock, left);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    for (String peer : late) {
      syncTimeouts.computeIfAbsent(peer, k -> new AtomicLong()).incrementAndGet();
      LOG.log(
          System.Logger.Level.WARNING,
          "sync replication: peer {0} has not applied file {1} (seq {2}) within {3} ms;"
              + " acknowledged anyway, the peer catches up on its own",
          peer,
          fileId,
          seq,
          syncTimeout.toMillis());
    }
  }

  @Override
  public Found repair(IdBlock ids, Optional<FileRow> local) throws StorageException {
    readRepairs.incrementAndGet();
    return repairFrom(ids, local, unlimited);
  }

  @Override
  public Learned learn(IdBlock ids) {
    List<Member> known = members.peers();
    Learned r = learnOnce(ids);
    return r == Learned.ABSENT && membersChangedSince(known) ? learnOnce(ids) : r;
  }

  private Learned learnOnce(IdBlock ids) {
    List<Peer> order =
        ordered().stream().filter(p -> p.member.status() != NodeStatus.OFFLINE).toList();
    if (order.isEmpty()) {
      // As the read path: nobody to ask is "absent" only when that is certain (repairFrom).
      boolean certain =
          members.known() && (peers.isEmpty() || createdAfterEveryPeerWentDown(ids.fileId()));
      return certain ? Learned.ABSENT : Learned.UNKNOWN;
    }
    boolean unsure = false;
    for (Peer p : order) {
      try {
        Optional<FileMeta> m = p.client.stat(ids);
        if (m.isEmpty()) {
          continue;
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
          Applier.Result r;
          try {
            r =
                applier
                    .apply(m.get(), p.client, alternates(p.id), unlimited, Optional::empty, false)
                    .get();
          } catch (ExecutionException e) {
            throw new IOException("taking the state of " + ids.fileId() + " failed", e.getCause());
          }
          if (r.kind() != Applier.Kind.RETRY) {
            if (r.kind() == Applier.Kind.APPLIED || r.kind() == Applier.Kind.SKIPPED) {
              return Learned.TAKEN;
            }
            break;
          }
        }
        unsure = true; // the peer has it, its state could not be taken
      } catch (IOException | ErrorReplyException e) {
        unsure = true;
        LOG.log(
            System.Logger.Level.DEBUG,
            "learning file {0} from peer {1} failed: {2}",
            ids.fileId(),
            p.id,
            e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Learned.UNKNOWN;
      }
    }
    return unsure ? Learned.UNKNOWN : Learned.ABSENT;
  }

  /**
   * True when the file's ID was made after every peer stopped answering this node (plus {@link
   * #CLOCK_SLACK}): no peer can have acknowledged an upload of it, so NOT_FOUND is certain even
   * though they are all offline. A member that stays dead until an operator removes it would
   * otherwise turn every unknown file of its group into NOT_HERE_YET.
   */
  private boolean createdAfterEveryPeerWentDown(String fileId) {
    Optional<java.time.Instant> created = FileIds.createdAt(fileId);
    if (created.isEmpty()) {
      return false;
    }
    long latestDown = 0;
    for (Peer p : peers.values()) {
      long down = p.puller.unreachableSinceMillis();
      if (down == 0) {
        return false; // answering, or never reached since this node started: nothing known
      }
      latestDown = Math.max(latestDown, down);
    }
    return created.get().toEpochMilli() > latestDown + CLOCK_SLACK.toMillis();
  }

  /**
   * Asks the peers (ACTIVE first) for a file and stores it from the first that has it intact.
   * Before a final NOT_FOUND the member list is brought up to date (a member that joined since this
   * node's last beat may hold it).
   */
  private Found repairFrom(IdBlock ids, Optional<FileRow> local, RateLimiter pace)
      throws StorageException {
    List<Member> known = members.peers();
    try {
      return repairOnce(ids, local, pace);
    } catch (StorageException e) {
      if (e.code() == ErrorCode.NOT_FOUND && membersChangedSince(known)) {
        return repairOnce(ids, local, pace);
      }
      throw e;
    }
  }

  /**
   * Beats the trackers now and waits (at most {@link #MEMBERS_WAIT}) for a member list they give in
   * answer to a beat sent from now on. This node learns its group's members from its beats, so a
   * member that joined since the last one is unknown here, however recent that beat: right after
   * {@code bin/mediadfs up}, a file acknowledged by the member that joined second read as NOT_FOUND
   * on the first. Concurrent callers share the next beat (the tracker link beats at most every
   * {@link org.mediadfs.storage.tracker.TrackerClient#MIN_GAP}); after a wait that timed out (no
   * tracker answers) callers do not wait again for {@link #MEMBERS_WAIT}.
   *
   * @param known the peers the caller's first attempt was made with
   * @return true when the peers (their IDs or states) differ from {@code known}
   */
  private boolean membersChangedSince(List<Member> known) {
    if (!members.peers().equals(known)) {
      return true; // a beat answered meanwhile
    }
    long failed = listTimedOutAt.get();
    if (failed != Long.MIN_VALUE && System.nanoTime() - failed < MEMBERS_WAIT.toNanos()) {
      return false;
    }
    long asked = System.nanoTime();
    onStateChange.run(); // beats every tracker at once
    try {
      if (!members.awaitAskedSince(asked, MEMBERS_WAIT)) {
        listTimedOutAt.set(System.nanoTime());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return !members.peers().equals(known);
  }

  /** Longest wait for the trackers' answer to an early beat. */
  private static final Duration MEMBERS_WAIT = Duration.ofSeconds(1);

  /** When a wait for a fresh member list last timed out ({@link System#nanoTime}). */
  private final java.util.concurrent.atomic.AtomicLong listTimedOutAt =
      new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);

  private Found repairOnce(IdBlock ids, Optional<FileRow> local, RateLimiter pace)
      throws StorageException {
    List<Peer> order =
        ordered().stream().filter(p -> p.member.status() != NodeStatus.OFFLINE).toList();
    if (order.isEmpty()) {
      if (!members.known()) {
        // Just started: the group's members are not known yet, so "no such file" would be a guess.
        throw new StorageException(
            ErrorCode.NOT_HERE_YET,
            "file " + ids.fileId() + " is not on this node and its peers are not known yet");
      }
      if (!peers.isEmpty() && !createdAfterEveryPeerWentDown(ids.fileId())) {
        // Every peer is offline: one of them may hold it (an upload it acknowledged just before it
        // went down), so "no such file" would be a guess a client never retries (fault suite:
        // readRepairAnsweredNotFoundWhileThePeerWasOffline).
        throw new StorageException(
            ErrorCode.NOT_HERE_YET,
            "file " + ids.fileId() + " is not on this node and every peer is offline");
      }
      return Replication.NONE.repair(ids, local);
    }
    Exception failure = null;
    boolean notIntact = false;
    FileMeta gone = null;
    for (Peer p : order) {
      PeerClient c = p.client;
      try {
        Optional<FileMeta> m = c.stat(ids);
        if (m.isEmpty()) {
          continue;
        }
        FileMeta meta = m.get();
        if (meta.status() != FileStatus.ACTIVE) {
          gone = gone == null ? meta : gone;
          continue;
        }
        Optional<FileRow> row = applyNow(meta, c, pace);
        if (row.isPresent() && row.get().servable()) {
          LOG.log(
              System.Logger.Level.INFO,
              "read repair: file {0} (user {1}) fetched from peer {2}",
              meta.fileId(),
              meta.userId(),
              p.id);
          return new Found.Here(row.get());
        }
        notIntact = true;
      } catch (IOException | ErrorReplyException e) {
        failure = failure == null ? e : failure;
        LOG.log(
            System.Logger.Level.DEBUG,
            "read repair of {0}: peer {1} failed: {2}",
            ids.fileId(),
            p.id,
            e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageException(ErrorCode.UNAVAILABLE, "interrupted");
      }
    }
    if (gone != null && (local.isEmpty() || local.get().status() != FileStatus.ACTIVE)) {
      return new Found.Gone(gone);
    }
    if (failure == null && !notIntact && local.isEmpty()) {
      throw new StorageException(ErrorCode.NOT_FOUND, "no such file: " + ids.fileId());
    }
    throw new StorageException(
        ErrorCode.NOT_HERE_YET,
        "file "
            + ids.fileId()
            + " is not on this node yet and no peer could give it"
            + (failure != null ? " (a peer failed: " + failure.getMessage() + ")" : ""));
  }

  /**
   * Applies a peer's active file and waits; the row this node has afterwards, if it is this
   * version.
   */
  private Optional<FileRow> applyNow(FileMeta meta, PeerClient from, RateLimiter pace)
      throws IOException, InterruptedException {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Applier.Result r;
      try {
        r = applier.apply(meta, from, alternates(from.peerId()), pace, Optional::empty).get();
      } catch (ExecutionException e) {
        throw new IOException(
            "storing file " + meta.fileId() + " failed: " + e.getCause(), e.getCause());
      }
      switch (r.kind()) {
        case APPLIED, SKIPPED -> {
          return r.row().filter(row -> Versions.sameVersion(row.meta(), meta));
        }
        case STALE, UNAVAILABLE -> {
          return Optional.empty();
        }
        case RETRY -> {
          // the row changed meanwhile: decide again
        }
      }
    }
    return Optional.empty();
  }

  // ---- repair of flagged rows -----------------------------------------------------------------

  private void repairLoop() {
    while (!closed) {
      try {
        Duration wait = repairPending ? Duration.ofSeconds(10) : REPAIR_INTERVAL;
        if (repairSignal.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
          repairSignal.drainPermits();
        }
        while (!closed && !members.known()) {
          Thread.sleep(REFRESH);
        }
        Thread.sleep(REFRESH.multipliedBy(2)); // let the supervisor meet the peers first
        repairFlagged();
      } catch (InterruptedException e) {
        return;
      } catch (SQLException | RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "repair of missing files on node " + selfId, e);
      }
    }
  }

  /**
   * Fetches the bytes of every active row flagged missing or corrupt from a peer that has them.
   *
   * @return files repaired
   */
  public long repairFlagged() throws SQLException {
    long done = 0;
    long left = 0;
    for (String table : MetadataStore.TABLES) {
      String after = "";
      while (!closed) {
        List<FileRow> page = store.flaggedActive(table, after, 500);
        if (page.isEmpty()) {
          break;
        }
        for (FileRow row : page) {
          try {
            Found f =
                repairFrom(
                    new IdBlock(row.meta().appId(), row.userId(), row.fileId()),
                    Optional.of(row),
                    limiter);
            if (f instanceof Found.Here) {
              done++;
            }
          } catch (StorageException e) {
            left++;
          }
        }
        after = page.getLast().fileId();
      }
    }
    repaired.addAndGet(done);
    if (done > 0 || left > 0) {
      LOG.log(
          System.Logger.Level.INFO,
          "node {0}: {1} missing or corrupt file(s) fetched from peers, {2} still missing",
          selfId,
          done,
          left);
    }
    if (repairPending && (left == 0 || ++repairPasses >= 3)) {
      // Files no member can give are not waited for forever: they stay flagged (NOT_HERE_YET).
      repairPending = false;
      stateMayHaveChanged();
    }
    return done;
  }

  @Override
  public void close() {
    closed = true;
    for (Peer p : peers.values()) {
      p.puller.stop();
      p.notifier.stop();
    }
    List<Thread> all = new ArrayList<>(threads);
    for (Peer p : peers.values()) {
      all.addAll(p.threads);
    }
    for (Thread t : all) {
      t.interrupt();
    }
    for (Thread t : all) {
      try {
        t.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Peer p : peers.values()) {
      p.client.close();
    }
    applier.close();
  }
}
