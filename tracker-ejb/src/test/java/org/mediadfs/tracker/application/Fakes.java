package org.mediadfs.tracker.application;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
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
