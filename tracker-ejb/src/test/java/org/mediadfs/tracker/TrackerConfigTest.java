package org.mediadfs.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackerConfigTest {
  private static TrackerConfig config(List<String> apps, List<String> groups, String redis) {
    return new TrackerConfig(
        "0.0.0.0",
        21000,
        apps,
        groups,
        false,
        "",
        redis,
        "",
        "mediadfs",
        Duration.ofSeconds(60),
        3,
        Duration.ofMinutes(5),
        4096);
  }

  @Test
  void validNamesAreAccepted() {
    TrackerConfig c = config(List.of("tnvideo"), List.of("group001", "group002"), "");
    assertThat(c.redisEnabled()).isFalse();
    assertThat(config(List.of(), List.of(), "127.0.0.1:6379").redisEnabled()).isTrue();
  }

  @Test
  void invalidAppIdsAndGroupNamesAreRefusedAtStart() {
    assertThatThrownBy(() -> config(List.of("tn-video"), List.of(), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(TrackerConfig.APPS);
    assertThatThrownBy(() -> config(List.of(), List.of("group_001"), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(TrackerConfig.GROUPS);
    assertThatThrownBy(() -> config(List.of(), List.of("g".repeat(17)), ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
