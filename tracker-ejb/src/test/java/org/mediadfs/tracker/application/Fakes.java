package org.mediadfs.tracker.application;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.mediadfs.tracker.domain.NodeKey;
import org.mediadfs.tracker.domain.StorageNode;

/** In-memory stand-ins for the database-backed stores. */
final class Fakes {
  private Fakes() {}

  static final class MemoryMembership implements Membership {
    final Set<String> groups = ConcurrentHashMap.newKeySet();
    final Set<String> apps = ConcurrentHashMap.newKeySet();
    final Map<String, StorageNode.JoinRecord> joins = new ConcurrentHashMap<>();
    volatile boolean down;

    @Override
    public void seed(Collection<String> a, Collection<String> g) {
      apps.addAll(a);
      groups.addAll(g);
    }

    @Override
    public Set<String> groupNames() {
      check();
      return new TreeSet<>(groups);
    }

    @Override
    public Set<String> appIds() {
      check();
      return new TreeSet<>(apps);
    }

    @Override
    public boolean registerGroup(String name) {
      check();
      return groups.add(name);
    }

    @Override
    public void recordJoin(StorageNode.JoinRecord join) {
      check();
      joins.put(join.key().value(), join);
    }

    final Set<String> decommissioned = ConcurrentHashMap.newKeySet();
    final Set<String> left = ConcurrentHashMap.newKeySet();

    @Override
    public boolean registerApp(String appId) {
      check();
      return apps.add(appId);
    }

    @Override
    public GroupRemoval removeGroup(String name) {
      check();
      if (!groups.contains(name)) {
        return GroupRemoval.NOT_FOUND;
      }
      boolean members =
          joins.values().stream()
              .anyMatch(j -> j.key().groupName().equals(name) && !left.contains(j.key().value()));
      if (members) {
        return GroupRemoval.HAS_NODES;
      }
      groups.remove(name);
      return GroupRemoval.REMOVED;
    }

    @Override
    public void markDecommissioned(NodeKey key, Instant at) {
      check();
      decommissioned.add(key.value());
    }

    @Override
    public void markLeft(NodeKey key, Instant at) {
      check();
      left.add(key.value());
    }

    @Override
    public Set<String> decommissioning() {
      check();
      Set<String> out = new TreeSet<>(decommissioned);
      out.removeAll(left);
      return out;
    }

    @Override
    public boolean hasLeft(NodeKey key) {
      check();
      return left.contains(key.value());
    }

    private void check() {
      if (down) {
        throw new IllegalStateException("database down");
      }
    }
  }

  static final class MemoryRoutes implements RouteStore {
    final Map<String, String> routes = new ConcurrentHashMap<>();
    int inserts;

    @Override
    public Optional<String> find(String userId) {
      return Optional.ofNullable(routes.get(userId));
    }

    @Override
    public synchronized void insert(String appId, String userId, String groupName) {
      inserts++;
      if (routes.putIfAbsent(userId, groupName) != null) {
        throw new IllegalStateException("duplicate key " + userId);
      }
    }
  }
}
