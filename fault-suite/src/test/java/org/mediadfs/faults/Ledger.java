package org.mediadfs.faults;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.mediadfs.wire.message.HostPort;

/**
 * What the cluster acknowledged: every upload (file ID, size, CRC32C and SHA-256, group, the node
 * that answered), and the acknowledged state each file must be in (ACTIVE after an acknowledged
 * upload or restore, DELETED after an acknowledged delete). Also the uploads whose outcome is
 * unknown (the connection failed before the answer) and every violation found.
 *
 * <p>Invariant: a file is operated on by one worker only, so its recorded state is exactly the
 * state of its last acknowledged operation; an operation that failed without an answer leaves the
 * file {@link Entry#pending pending} until it is settled (retried to an answer).
 */
final class Ledger {
  /** The state an acknowledged file must have. */
  enum State {
    ACTIVE,
    DELETED
  }

  /** An operation whose outcome is unknown. */
  enum Pending {
    NONE,
    DELETE,
    RESTORE
  }

  /** One acknowledged file. */
  static final class Entry {
    final String run;
    final String appId;
    final String userId;
    final String fileId;
    final String group;
    final long contentSeed;
    final Content.Digest digest;
    final HostPort ackedBy;
    final boolean adopted;
    volatile State state = State.ACTIVE;
    volatile Pending pending = Pending.NONE;
    volatile boolean restoredOnce;

    /** Already reported as a violation: later checks leave it out. */
    volatile boolean reported;

    Entry(
        String run,
        String appId,
        String userId,
        String fileId,
        String group,
        long contentSeed,
        Content.Digest digest,
        HostPort ackedBy,
        boolean adopted) {
      this.run = run;
      this.appId = appId;
      this.userId = userId;
      this.fileId = fileId;
      this.group = group;
      this.contentSeed = contentSeed;
      this.digest = digest;
      this.ackedBy = ackedBy;
      this.adopted = adopted;
    }

    long size() {
      return digest.size();
    }

    @Override
    public String toString() {
      return fileId + " (user " + userId + ", " + group + ", " + digest + ", " + state + ")";
    }
  }

  /** An upload sent without an answer: it may or may not be stored. */
  record Unknown(
      String run, String appId, String userId, String fileId, long contentSeed, Content.Digest d) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, Unknown> unknown = new ConcurrentHashMap<>();
  private final List<String> violations = new ArrayList<>();
  private final EventLog log;
  final AtomicLong uploadsAcked = new AtomicLong();
  final AtomicLong deletesAcked = new AtomicLong();
  final AtomicLong restoresAcked = new AtomicLong();
  final AtomicLong bytesAcked = new AtomicLong();

  Ledger(EventLog log) {
    this.log = log;
  }

  /** Records an upload of the suite's app that {@code node} acknowledged in {@code run}. */
  Entry uploaded(
      String run,
      String userId,
      String fileId,
      String group,
      long contentSeed,
      Content.Digest digest,
      HostPort node) {
    return uploaded(
        new Entry(run, Suite.APP, userId, fileId, group, contentSeed, digest, node, false));
  }

  /** Records an acknowledged upload. */
  Entry uploaded(Entry e) {
    if (entries.putIfAbsent(e.fileId, e) != null) {
      violation(e.run, "file ID " + e.fileId + " acknowledged twice");
    }
    if (!e.adopted) {
      uploadsAcked.incrementAndGet();
      bytesAcked.addAndGet(e.size());
    }
    return e;
  }

  /** Records an upload that got no answer. */
  void unknown(Unknown u) {
    unknown.put(u.fileId(), u);
  }

  /** The upload got its answer: it is no longer unknown. */
  void answered(String fileId) {
    unknown.remove(fileId);
  }

  /** Uploads still without an answer; the caller settles them. */
  List<Unknown> takeUnknown(String run) {
    List<Unknown> out = new ArrayList<>();
    for (Unknown u : unknown.values()) {
      if (u.run().equals(run) && unknown.remove(u.fileId(), u)) {
        out.add(u);
      }
    }
    return out;
  }

  void deleted(Entry e) {
    e.state = State.DELETED;
    e.pending = Pending.NONE;
    deletesAcked.incrementAndGet();
  }

  void restored(Entry e) {
    e.restoredOnce = true;
    e.state = State.ACTIVE;
    e.pending = Pending.NONE;
    restoresAcked.incrementAndGet();
  }

  /** Every acknowledged file. */
  Collection<Entry> all() {
    return List.copyOf(entries.values());
  }

  /** The files acknowledged in one run. */
  List<Entry> ofRun(String run) {
    return entries.values().stream().filter(e -> e.run.equals(run)).toList();
  }

  /** Records a broken invariant; the run fails at its end. */
  void violation(String run, String text) {
    synchronized (violations) {
      violations.add("[" + run + "] " + text);
    }
    log.event(run, "VIOLATION " + text);
  }

  private final java.util.Set<String> reportedKeys = ConcurrentHashMap.newKeySet();

  /** True the first time a problem with this key is seen (later runs do not repeat it). */
  boolean firstReport(String key) {
    return reportedKeys.add(key);
  }

  /** Every violation so far. */
  List<String> violations() {
    synchronized (violations) {
      return List.copyOf(violations);
    }
  }

  /** Violations of one run. */
  List<String> violations(String run) {
    String tag = "[" + run + "] ";
    return violations().stream().filter(v -> v.startsWith(tag)).toList();
  }

  /** The ledger as CSV, for replay and post-mortems. */
  void write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(
          "run,user,file_id,group,size,crc32c,sha256_prefix,content_seed,acked_by,state,adopted\n");
      for (Entry e : entries.values()) {
        w.write(
            String.join(
                ",",
                e.run,
                e.userId,
                e.fileId,
                e.group,
                Long.toString(e.size()),
                Long.toHexString(e.digest.crc32c()),
                e.digest.shortSha(),
                Long.toHexString(e.contentSeed),
                String.valueOf(e.ackedBy),
                e.state + (e.pending == Pending.NONE ? "" : "/pending-" + e.pending),
                Boolean.toString(e.adopted)));
        w.write('\n');
      }
    }
  }
}
