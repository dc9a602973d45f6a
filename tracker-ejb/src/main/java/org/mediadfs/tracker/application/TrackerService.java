package org.mediadfs.tracker.application;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.mediadfs.tracker.domain.GroupChooser;
import org.mediadfs.tracker.domain.GroupsText;
import org.mediadfs.tracker.domain.LiveNode;
import org.mediadfs.tracker.domain.NodeKey;
import org.mediadfs.tracker.domain.NodeRegistry;
import org.mediadfs.tracker.domain.NodeSelector;
import org.mediadfs.tracker.domain.StorageNode;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.Names;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Load;
import org.mediadfs.wire.message.Member;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.PeerLag;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * The tracker's use cases, one method per command, free of Jakarta EE (its collaborators are
 * interfaces) so that they are unit-tested with fakes. Thread-safe: it keeps no per-request state;
 * the registry and the caches are concurrent.
 *
 * <p>Registered groups and apps are read from the database at start and kept in memory; a name not
 * in memory is looked up in the database again (at most once per {@link #REFRESH} interval), so
 * groups and apps registered by another tracker or the admin API are found without a restart.
 */
public final class TrackerService {
  private static final System.Logger LOG = System.getLogger(TrackerService.class.getName());

  /** Shortest interval between two re-reads of the registered groups or apps. */
  static final Duration REFRESH = Duration.ofSeconds(1);

  /** Longest version string of JOIN_EX (the original's field holds 6 bytes). */
  static final int VERSION_MAX = 32;

  /** Longest host name (the original's field holds 128 bytes). */
  static final int HOST_NAME_MAX = 128;

  /** Longest node ID. */
  static final int NODE_ID_MAX = 64;

  /**
   * Nodes a tracker keeps live state for. Nodes are never forgotten (an OFFLINE node comes back
   * with its next beat), so joins of new nodes beyond this are refused rather than letting invented
   * identities grow the registry without bound.
   */
  static final int MAX_NODES = 10_000;

  /** Longest heartbeat interval a node may report. */
  static final int HEARTBEAT_MAX_SECONDS = 3600;

  private final NodeRegistry registry;
  private final Membership membership;
  private final Router router;
  private final NodeSelector selector;
  private final GroupChooser chooser;
  private final GroupsText groupsText;
  private final boolean autoRegisterGroups;
  private final Known groups;
  private final Known apps;

  /** Nodes asked to drain (durable, shared by every tracker), re-read at most once a second. */
  private final Known decommissioning;

  /** When each draining node was asked to drain on this tracker (peers must beat after it). */
  private final Map<String, Instant> drainSince = new ConcurrentHashMap<>();

  public TrackerService(
      NodeRegistry registry,
      Membership membership,
      Router router,
      RandomGenerator random,
      GroupsText groupsText,
      boolean autoRegisterGroups) {
    this.registry = registry;
    this.membership = membership;
    this.router = router;
    this.selector = new NodeSelector(random);
    this.chooser = new GroupChooser(random);
    this.groupsText = groupsText;
    this.autoRegisterGroups = autoRegisterGroups;
    this.groups = new Known(membership::groupNames);
    this.apps = new Known(membership::appIds);
    this.decommissioning = new Known(membership::decommissioning);
  }

  /** The live registry. */
  public NodeRegistry registry() {
    return registry;
  }

  /** Original join (10): identity = group + host name + peer IP + port (seed bug 10 fixed). */
  public Response join(Request.Join j, String peerIp) throws TrackerException {
    checkGroupName(j.groupName());
    checkHostName(j.hostName());
    checkPrintable("version", j.version());
    if (j.port() <= 0 || j.port() > 65535) {
      throw new TrackerException(ErrorCode.BAD_REQUEST, "invalid port: " + j.port());
    }
    requireGroup(j.groupName());
    NodeKey key = new NodeKey.Legacy(j.groupName(), j.hostName(), peerIp, j.port());
    accept(
        key,
        "",
        j.version(),
        j.hostName(),
        peerIp,
        j.port(),
        j.startTime(),
        j.joinTime(),
        NodeRegistry.DEFAULT_HEARTBEAT);
    return new Response.Ok();
  }

  /** Extended join (15): identity = node ID; the advertised address is used as given. */
  public Response joinEx(Request.JoinEx j, String peerIp) throws TrackerException {
    checkNodeId(j.nodeId());
    checkGroupName(j.groupName());
    checkHostName(j.hostName());
    if (j.version().length() > VERSION_MAX) {
      throw new TrackerException(ErrorCode.BAD_REQUEST, "version longer than " + VERSION_MAX);
    }
    checkPrintable("version", j.version());
    String host = j.host().isBlank() ? peerIp : j.host().strip();
    if (host.length() > 255) {
      throw new TrackerException(ErrorCode.BAD_REQUEST, "advertised host too long");
    }
    checkPrintable("advertised host", host);
    if (j.port() <= 0 || j.port() > 65535) {
      throw new TrackerException(ErrorCode.BAD_REQUEST, "invalid port: " + j.port());
    }
    Duration hb = heartbeat(j.heartbeatSeconds());
    requireGroup(j.groupName());
    NodeKey key = new NodeKey.ById(j.groupName(), j.nodeId());
    registry
        .find(key)
        .filter(n -> !n.groupName().equals(j.groupName()))
        .ifPresent(
            n ->
                LOG.log(
                    Level.WARNING,
                    () ->
                        "node "
                            + j.nodeId()
                            + " moved from "
                            + n.groupName()
                            + " to "
                            + j.groupName()));
    accept(
        key,
        j.nodeId(),
        j.version(),
        j.hostName(),
        host,
        j.port(),
        j.startTime(),
        j.joinTime(),
        hb);
    return new Response.Ok();
  }

  private void accept(
      NodeKey key,
      String nodeId,
      String version,
      String hostName,
      String host,
      int port,
      long startTime,
      long joinTime,
      Duration heartbeat)
      throws TrackerException {
    if (registry.size() >= MAX_NODES && registry.find(key).isEmpty()) {
      throw new TrackerException(
          ErrorCode.BUSY, "the tracker knows " + MAX_NODES + " nodes already; join refused");
    }
    Instant now = registry.clock().instant();
    boolean left;
    try {
      left = membership.hasLeft(key);
    } catch (RuntimeException e) {
      throw new TrackerException(ErrorCode.UNAVAILABLE, "cannot check the node " + key.value(), e);
    }
    if (left) {
      throw new TrackerException(
          ErrorCode.UNKNOWN_NODE,
          "node "
              + key.value()
              + " was decommissioned and left the cluster; wipe its data folder to join as a"
              + " new node");
    }
    StorageNode.JoinRecord record =
        new StorageNode.JoinRecord(key, nodeId, version, hostName, host, port, startTime, now);
    try {
      membership.recordJoin(record);
    } catch (RuntimeException first) {
      // A first join racing another (same node on two connections, or two trackers): the losing
      // insert fails on the primary key; once more, the row exists and is updated.
      try {
        membership.recordJoin(record);
      } catch (RuntimeException e) {
        e.addSuppressed(first);
        throw new TrackerException(
            ErrorCode.UNAVAILABLE, "cannot record the join of " + key.value(), e);
      }
    }
    LiveNode joined =
        registry.join(
            new LiveNode(
                key,
                nodeId,
                version,
                hostName,
                host,
                port,
                startTime,
                joinTime,
                now,
                now,
                heartbeat,
                NodeStatus.ONLINE,
                List.of(),
                Load.IDLE,
                List.of(),
                registry.nextSequence()));
    LOG.log(
        Level.INFO,
        () -> "node joined: " + key.value() + " at " + joined.host() + ":" + joined.port());
    resumeDrain(key);
  }

  /** A node asked to drain (here or by another tracker) keeps draining after a (re)join. */
  private void resumeDrain(NodeKey key) {
    try {
      if (!registry.draining(key) && decommissioning.contains(key.value())) {
        registry.drain(key, true);
        drainSince.putIfAbsent(key.value(), registry.clock().instant());
      }
    } catch (RuntimeException e) {
      // The database is down: the node keeps its current state until the next beat.
      LOG.log(Level.WARNING, () -> "cannot read decommissioned nodes: " + e);
    }
  }

  /**
   * Original heartbeat (11). It carries no port, so it is matched to the node that joined on the
   * same connection ({@code joinedHere}), or else to the only node with this group, host name and
   * peer IP.
   */
  public Response beat(Request.Beat b, String peerIp, List<NodeKey> joinedHere)
      throws TrackerException {
    NodeKey key =
        joinedHere.stream()
            .filter(
                k ->
                    k instanceof NodeKey.Legacy l
                        && l.groupName().equals(b.groupName())
                        && l.hostName().equals(b.hostName())
                        && l.ip().equals(peerIp))
            .reduce((first, second) -> second)
            .orElse(null);
    if (key == null) {
      List<LiveNode> matches = registry.legacy(b.groupName(), b.hostName(), peerIp);
      if (matches.size() != 1) {
        throw new TrackerException(
            ErrorCode.UNKNOWN_NODE,
            "mark storage as active fail: "
                + (matches.isEmpty() ? "not joined" : "ambiguous; join on this connection")
                + " (group "
                + Names.quote(b.groupName())
                + ", host "
                + Names.quote(b.hostName())
                + ", "
                + peerIp
                + ")");
      }
      key = matches.getFirst().key();
    }
    Instant now = registry.clock().instant();
    registry
        .beat(
            key, n -> n.beat(now, NodeStatus.ACTIVE, n.heartbeat(), n.roots(), n.load(), n.lags()))
        .orElseThrow(
            () -> new TrackerException(ErrorCode.UNKNOWN_NODE, "mark storage as active fail"));
    return new Response.Ok();
  }

  /** Extended heartbeat (16): live state in, the group's members out. */
  public Response beatEx(Request.BeatEx b) throws TrackerException {
    checkNodeId(b.nodeId());
    checkGroupName(b.groupName());
    NodeKey key = new NodeKey.ById(b.groupName(), b.nodeId());
    Duration hb = heartbeat(b.heartbeatSeconds());
    NodeStatus reported =
        switch (b.state()) {
          case ACTIVE, SYNCING, DRAINING -> b.state();
          case ONLINE, OFFLINE -> NodeStatus.ONLINE;
        };
    Instant now = registry.clock().instant();
    resumeDrain(key);
    registry
        .beat(key, n -> n.beat(now, reported, hb, b.roots(), b.load(), b.lags()))
        .orElseThrow(
            () ->
                new TrackerException(
                    ErrorCode.UNKNOWN_NODE,
                    "node " + b.nodeId() + " of group " + b.groupName() + " must join first"));
    List<Member> members = new ArrayList<>();
    for (LiveNode n : registry.group(b.groupName())) {
      members.add(new Member(n.nodeId(), n.host(), n.port(), registry.statusNow(n)));
    }
    int flags = registry.draining(key) ? Response.Members.FLAG_DRAIN : 0;
    settleDrains(b.groupName());
    return new Response.Members(flags, members);
  }

  // ---------------------------------------------------------------- administration (web API)

  /** Every registered group, read from the database now. */
  public Set<String> registeredGroups() {
    return new TreeSet<>(membership.groupNames());
  }

  /** Every registered app ID, read from the database now. */
  public Set<String> registeredApps() {
    return new TreeSet<>(membership.appIds());
  }

  /** Registers a group; false if it existed. */
  public boolean createGroup(String name) throws TrackerException {
    checkGroupName(name);
    boolean created;
    try {
      created = membership.registerGroup(name);
    } catch (RuntimeException e) {
      // Another tracker may have created it at the same moment.
      if (!groups.reloadContains(name)) {
        throw new TrackerException(ErrorCode.UNAVAILABLE, "cannot register group " + name, e);
      }
      created = false;
    }
    groups.add(name);
    if (created) {
      LOG.log(Level.INFO, () -> "registered group " + name + " (admin)");
    }
    return created;
  }

  /**
   * Removes a group that has no nodes: none in this tracker's registry (offline ones included) and
   * none in the database, except nodes that left after a decommission. Its user routes go too (a
   * group without nodes holds no files); routes cached in memory or Redis expire with their TTL.
   *
   * @throws TrackerException UNKNOWN_GROUP, or CONFLICT when it still has nodes
   */
  public void removeGroup(String name) throws TrackerException {
    checkGroupName(name);
    int known = registry.group(name).size();
    if (known > 0) {
      throw new TrackerException(
          ErrorCode.CONFLICT, "group " + name + " has " + known + " node(s); it is not empty");
    }
    Membership.GroupRemoval r;
    try {
      r = membership.removeGroup(name);
    } catch (RuntimeException e) {
      throw new TrackerException(ErrorCode.UNAVAILABLE, "cannot remove group " + name, e);
    }
    switch (r) {
      case NOT_FOUND ->
          throw new TrackerException(ErrorCode.UNKNOWN_GROUP, "no group " + Names.quote(name));
      case HAS_NODES ->
          throw new TrackerException(
              ErrorCode.CONFLICT, "group " + name + " has registered nodes; it is not empty");
      case REMOVED -> {
        groups.remove(name);
        LOG.log(Level.INFO, () -> "removed group " + name + " (admin)");
      }
    }
  }

  /** Registers an app ID; false if it existed. */
  public boolean addApp(String appId) throws TrackerException {
    if (!Names.validAppId(appId)) {
      throw new TrackerException(ErrorCode.INVALID_NAME, "invalid app ID " + Names.quote(appId));
    }
    boolean created;
    try {
      created = membership.registerApp(appId);
    } catch (RuntimeException e) {
      if (!apps.reloadContains(appId)) {
        throw new TrackerException(ErrorCode.UNAVAILABLE, "cannot register app " + appId, e);
      }
      created = false;
    }
    apps.add(appId);
    return created;
  }

  /** The registered node with this ID (checked first). */
  private LiveNode knownNode(String nodeId) throws TrackerException {
    checkNodeId(nodeId);
    return registry.all().stream()
        .filter(x -> x.nodeId().equals(nodeId))
        .findFirst()
        .orElseThrow(() -> new TrackerException(ErrorCode.UNKNOWN_NODE, "no node " + nodeId));
  }

  /**
   * Decommissions a node: from now on it is DRAINING (never chosen for new files, still serving
   * reads), its heartbeat replies carry {@link Response.Members#FLAG_DRAIN}, and it leaves the
   * cluster once drained: when every other ACTIVE member of its group reports, in a heartbeat after
   * this call, that it has nothing left to copy from it (lag 0 entries and 0 bytes). A node that is
   * its group's only member never leaves this way (its files exist nowhere else). The request is
   * durable, so every tracker sees it; a node that left may not join again.
   *
   * @throws TrackerException UNKNOWN_NODE when no node has this ID
   */
  public LiveNode decommission(String nodeId) throws TrackerException {
    LiveNode n = knownNode(nodeId);
    Instant now = registry.clock().instant();
    try {
      membership.markDecommissioned(n.key(), now);
    } catch (RuntimeException e) {
      throw new TrackerException(ErrorCode.UNAVAILABLE, "cannot record the decommission", e);
    }
    decommissioning.add(n.key().value());
    drainSince.putIfAbsent(n.key().value(), now);
    registry.drain(n.key(), true);
    LOG.log(
        Level.INFO,
        () -> "node " + nodeId + " of " + n.groupName() + " is draining (decommissioned)");
    return n;
  }

  /**
   * Forgets a dead node: one that is OFFLINE (a machine that will not come back) leaves the cluster
   * at once, without draining, and may not join again under its node ID. Its files are unreachable
   * already; they stay lost unless another member of its group has them. A node that still beats
   * must be decommissioned instead.
   *
   * @throws TrackerException UNKNOWN_NODE, or CONFLICT when the node is not OFFLINE
   */
  public LiveNode forget(String nodeId) throws TrackerException {
    LiveNode n = knownNode(nodeId);
    NodeStatus status = registry.statusNow(n);
    if (status != NodeStatus.OFFLINE) {
      throw new TrackerException(
          ErrorCode.CONFLICT,
          "node "
              + nodeId
              + " is "
              + status
              + "; only an OFFLINE node can be forgotten"
              + " (decommission a live one)");
    }
    try {
      membership.markLeft(n.key(), registry.clock().instant());
    } catch (RuntimeException e) {
      throw new TrackerException(ErrorCode.UNAVAILABLE, "cannot record that the node left", e);
    }
    registry.remove(n.key());
    drainSince.remove(n.key().value());
    LOG.log(
        Level.WARNING,
        () -> "node " + nodeId + " of " + n.groupName() + " was forgotten (admin) while OFFLINE");
    return n;
  }

  /** Lets the drained nodes of a group leave (see {@link #decommission}). */
  private void settleDrains(String group) {
    List<LiveNode> nodes = registry.group(group);
    for (LiveNode d : nodes) {
      Instant since = drainSince.get(d.key().value());
      if (since == null || !registry.draining(d.key()) || d.nodeId().isEmpty()) {
        continue;
      }
      List<LiveNode> holders =
          nodes.stream()
              .filter(h -> h != d && !registry.draining(h.key()))
              .filter(h -> registry.statusNow(h) == NodeStatus.ACTIVE)
              .toList();
      boolean drained =
          !holders.isEmpty()
              && holders.stream().allMatch(h -> h.lastBeat().isAfter(since) && caughtUp(h, d));
      if (drained) {
        leave(d);
      }
    }
  }

  private static boolean caughtUp(LiveNode holder, LiveNode drained) {
    for (PeerLag l : holder.lags()) {
      if (l.peerNodeId().equals(drained.nodeId())) {
        return l.entries() == 0 && l.bytes() == 0;
      }
    }
    return false; // a peer that does not report on it has not replicated from it
  }

  private void leave(LiveNode d) {
    try {
      membership.markLeft(d.key(), registry.clock().instant());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "cannot record that " + d.key().value() + " left: " + e);
      return;
    }
    registry.remove(d.key());
    drainSince.remove(d.key().value());
    LOG.log(Level.INFO, () -> "node " + d.nodeId() + " drained and left group " + d.groupName());
  }

  /** Storage addresses (12): validate the app, route the user, choose up to three nodes. */
  public Response storageAddrs(IdBlock ids) throws TrackerException {
    String appId = ids.appId();
    if (!Names.validAppId(appId)) {
      throw new TrackerException(ErrorCode.UNKNOWN_APP, "invalid appid: " + Names.quote(appId));
    }
    if (!apps.contains(appId)) {
      throw new TrackerException(ErrorCode.UNKNOWN_APP, "unknown appid: " + appId);
    }
    String userId = ids.userId();
    if (!Names.validUserId(userId)) {
      throw new TrackerException(ErrorCode.INVALID_NAME, "invalid userid: " + Names.quote(userId));
    }
    String group = router.groupOf(appId, userId, this::chooseGroup);
    List<LiveNode> chosen = selector.select(rated(registry.group(group)));
    if (chosen.isEmpty()) {
      throw new TrackerException(
          ErrorCode.NO_STORAGE, "get storage address fail: no active storage in " + group);
    }
    List<HostPort> addresses = new ArrayList<>(chosen.size());
    for (LiveNode n : chosen) {
      addresses.add(new HostPort(n.host(), n.port()));
    }
    return new Response.StorageAddrs(group, addresses);
  }

  private Optional<String> chooseGroup() {
    Map<String, List<NodeSelector.Rated>> byGroup = new LinkedHashMap<>();
    for (LiveNode n : registry.all()) {
      byGroup
          .computeIfAbsent(n.groupName(), g -> new ArrayList<>())
          .add(new NodeSelector.Rated(n, registry.statusNow(n)));
    }
    return chooser.choose(new TreeSet<>(groups.snapshot()), byGroup);
  }

  private List<NodeSelector.Rated> rated(List<LiveNode> nodes) {
    List<NodeSelector.Rated> out = new ArrayList<>(nodes.size());
    for (LiveNode n : nodes) {
      out.add(new NodeSelector.Rated(n, registry.statusNow(n)));
    }
    return out;
  }

  /** Groups (13): the original's text, every registered group and the nodes seen since start. */
  public Response groups() {
    Map<String, List<GroupsText.Entry>> byGroup = new TreeMap<>();
    for (String g : groups.snapshot()) {
      byGroup.put(g, new ArrayList<>());
    }
    for (LiveNode n : registry.all()) {
      byGroup
          .computeIfAbsent(n.groupName(), g -> new ArrayList<>())
          .add(
              new GroupsText.Entry(
                  n.version(),
                  n.hostName(),
                  n.host(),
                  n.port(),
                  n.startTime(),
                  n.reportedJoinTime(),
                  n.lastBeat().getEpochSecond(),
                  registry.statusNow(n)));
    }
    return new Response.Groups(groupsText.render(byGroup));
  }

  /** Nodes (17): every node's live state. */
  public Response nodes() {
    List<NodeInfo> out = new ArrayList<>();
    for (LiveNode n : registry.all()) {
      out.add(
          new NodeInfo(
              n.groupName(),
              n.nodeId(),
              n.version(),
              n.hostName(),
              n.host(),
              n.port(),
              registry.statusNow(n),
              n.startTime(),
              n.joinedAt().getEpochSecond(),
              n.lastBeat().getEpochSecond(),
              (int) n.heartbeat().toSeconds(),
              n.roots(),
              n.load(),
              n.lags()));
    }
    return new Response.Nodes(out);
  }

  private void requireGroup(String name) throws TrackerException {
    if (groups.contains(name)) {
      return;
    }
    if (!autoRegisterGroups) {
      throw new TrackerException(
          ErrorCode.UNKNOWN_GROUP, "group " + name + " is not registered with the tracker");
    }
    try {
      if (membership.registerGroup(name)) {
        LOG.log(Level.INFO, () -> "registered group " + name + " (auto-registration)");
      }
    } catch (RuntimeException e) {
      if (!groups.reloadContains(name)) {
        throw new TrackerException(ErrorCode.UNAVAILABLE, "cannot register group " + name, e);
      }
    }
    groups.add(name);
  }

  private static void checkGroupName(String g) throws TrackerException {
    if (!Names.validGroupName(g)) {
      throw new TrackerException(ErrorCode.INVALID_NAME, "invalid group name: " + Names.quote(g));
    }
  }

  private static void checkHostName(String h) throws TrackerException {
    if (h.length() > HOST_NAME_MAX) {
      throw new TrackerException(ErrorCode.BAD_REQUEST, "host name longer than " + HOST_NAME_MAX);
    }
    checkPrintable("host name", h);
  }

  /**
   * Refuses control characters in what a node says about itself: the groups text (a line per field,
   * which clients parse) and the logs show it as given, so a line break would add a group or node
   * of the sender's making.
   */
  private static void checkPrintable(String what, String s) throws TrackerException {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new TrackerException(ErrorCode.BAD_REQUEST, what + " has control characters");
      }
    }
  }

  private static void checkNodeId(String id) throws TrackerException {
    boolean ok = !id.isEmpty() && id.length() <= NODE_ID_MAX;
    for (int i = 0; ok && i < id.length(); i++) {
      char c = id.charAt(i);
      ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-';
    }
    if (!ok) {
      throw new TrackerException(ErrorCode.INVALID_NAME, "invalid node id: " + Names.quote(id));
    }
  }

  private static Duration heartbeat(int seconds) throws TrackerException {
    if (seconds == 0) {
      return NodeRegistry.DEFAULT_HEARTBEAT;
    }
    if (seconds < 0 || seconds > HEARTBEAT_MAX_SECONDS) {
      throw new TrackerException(ErrorCode.BAD_REQUEST, "invalid heartbeat interval: " + seconds);
    }
    return Duration.ofSeconds(seconds);
  }

  /**
   * A set of names read from the database, kept in memory, re-read on a miss at most once per
   * {@link #REFRESH}. Thread-safe: the set is replaced, never mutated in place.
   */
  private final class Known {
    private final Supplier<Set<String>> loader;
    private volatile Set<String> names = Set.of();
    private volatile Instant loadedAt = Instant.MIN;

    Known(Supplier<Set<String>> loader) {
      this.loader = loader;
    }

    Set<String> snapshot() {
      if (loadedAt == Instant.MIN) {
        reload();
      }
      return names;
    }

    boolean contains(String name) {
      if (snapshot().contains(name)) {
        return true;
      }
      Instant now = registry.clock().instant();
      if (now.isBefore(loadedAt.plus(REFRESH))) {
        return false;
      }
      return reloadContains(name);
    }

    boolean reloadContains(String name) {
      reload();
      return names.contains(name);
    }

    private void reload() {
      try {
        names = Set.copyOf(loader.get());
        loadedAt = registry.clock().instant();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, () -> "cannot re-read registered names: " + e);
        if (loadedAt == Instant.MIN) {
          throw e;
        }
      }
    }

    void add(String name) {
      Set<String> next = new TreeSet<>(names);
      next.add(name);
      names = Set.copyOf(next);
    }

    void remove(String name) {
      Set<String> next = new TreeSet<>(names);
      next.remove(name);
      names = Set.copyOf(next);
    }
  }
}
