package org.mediadfs.tracker.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mediadfs.tracker.infrastructure.cache.CaffeineRouteCache;
import org.mediadfs.wire.ErrorCode;

class RouterTest {
  private final Fakes.MemoryRoutes store = new Fakes.MemoryRoutes();
  private final CaffeineRouteCache cache = new CaffeineRouteCache(Duration.ofMinutes(1), 100);
  private final Router router = new Router(store, cache);

  @Test
  void aNewUserIsRoutedOnceAndThenStaysInItsGroup() throws Exception {
    assertThat(router.groupOf("app", "u1", () -> Optional.of("g1"))).isEqualTo("g1");
    assertThat(router.groupOf("app", "u1", () -> Optional.of("g2"))).isEqualTo("g1");
    assertThat(store.inserts).isEqualTo(1);
    assertThat(cache.get("u1")).as("new routes are cached too (seed bug 13)").contains("g1");
  }

  @Test
  void aStoredRouteWinsOverTheChooserAndIsCached() throws Exception {
    store.routes.put("u2", "g9");
    assertThat(router.groupOf("app", "u2", () -> Optional.of("g1"))).isEqualTo("g9");
    assertThat(cache.get("u2")).contains("g9");
    assertThat(store.inserts).isZero();
  }

  @Test
  void losingTheInsertRaceUsesTheWinnersRoute() throws Exception {
    RouteStore racing =
        new RouteStore() {
          @Override
          public Optional<String> find(String userId) {
            return Optional.ofNullable(store.routes.get(userId));
          }

          @Override
          public void insert(String appId, String userId, String groupName) {
            store.routes.put(userId, "winner"); // another tracker committed first
            throw new IllegalStateException("unique key violation");
          }
        };
    Router r = new Router(racing, new CaffeineRouteCache(Duration.ofMinutes(1), 100));
    assertThat(r.groupOf("app", "u3", () -> Optional.of("loser"))).isEqualTo("winner");
  }

  @Test
  void noGroupForANewUserIsNoGroup() {
    assertThatThrownBy(() -> router.groupOf("app", "u4", Optional::empty))
        .isInstanceOfSatisfying(
            TrackerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_GROUP));
    assertThat(store.routes).isEmpty();
  }

  @Test
  void aFailedInsertWithoutAWinnerIsUnavailable() {
    RouteStore broken =
        new RouteStore() {
          @Override
          public Optional<String> find(String userId) {
            return Optional.empty();
          }

          @Override
          public void insert(String appId, String userId, String groupName) {
            throw new IllegalStateException("database down");
          }
        };
    Router r = new Router(broken, new CaffeineRouteCache(Duration.ofMinutes(1), 100));
    assertThatThrownBy(() -> r.groupOf("app", "u5", () -> Optional.of("g")))
        .isInstanceOfSatisfying(
            TrackerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
  }
}
