package org.mediadfs.web.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebConfigTest {
  private static WebConfig of(Map<String, String> m) {
    return WebConfig.from(k -> Optional.ofNullable(m.get(k)));
  }

  @Test
  void defaultsPointAtTheTrackerOfThisApplication() {
    WebConfig c = of(Map.of());
    assertThat(c.trackers()).isEqualTo("127.0.0.1:21000");
    assertThat(c.appId()).isEqualTo("tnvideo");
    assertThat(c.signedLinks()).isFalse();
    assertThat(c.linkKeys()).isEmpty();
    assertThat(c.storageConnections()).isEqualTo(256);
    assertThat(c.streamBuffer()).isEqualTo(65536);
    assertThat(c.linkTtl()).isEqualTo(Duration.ofDays(1));
    assertThat(c.dataDir()).isEqualTo(Path.of("./var"));
    assertThat(c.clientConfig().storagePoolSize()).isEqualTo(256);
    assertThat(c.passwordIterations()).isEqualTo(210_000);
  }

  @Test
  void theTrackerPortAndExplicitTrackersAreHonoured() {
    assertThat(of(Map.of("mediadfs.tracker.port", "31000")).trackers())
        .isEqualTo("127.0.0.1:31000");
    assertThat(
            of(Map.of(
                    "mediadfs.web.trackers",
                    "10.0.0.1:21000;10.0.0.2:21000",
                    "mediadfs.tracker.port",
                    "1"))
                .trackers())
        .isEqualTo("10.0.0.1:21000;10.0.0.2:21000");
    assertThat(of(Map.of("mediadfs.tracker.apps", "app2;tnvideo")).appId()).isEqualTo("app2");
    assertThat(of(Map.of("mediadfs.web.signed-links", "true")).signedLinks()).isTrue();
  }

  @Test
  void badValuesAreRefusedWithTheKey() {
    assertThatThrownBy(() -> of(Map.of("mediadfs.web.stream-buffer", "12")))
        .hasMessageContaining("mediadfs.web.stream-buffer");
    assertThatThrownBy(() -> of(Map.of("mediadfs.web.storage-connections", "x")))
        .hasMessageContaining("mediadfs.web.storage-connections");
    assertThatThrownBy(() -> of(Map.of("mediadfs.web.link-ttl-seconds", "0")))
        .hasMessageContaining("mediadfs.web.link-ttl-seconds");
    assertThatThrownBy(() -> of(Map.of("mediadfs.web.password-iterations", "1000")))
        .hasMessageContaining("mediadfs.web.password-iterations");
  }
}
