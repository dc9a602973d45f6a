package org.mediadfs.web.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PortalSettingsTest {
  private static PortalSettings of(Map<String, String> m) {
    return PortalSettings.from(k -> Optional.ofNullable(m.get(k)));
  }

  @Test
  void defaults() {
    assertThat(of(Map.of())).isEqualTo(new PortalSettings(4L << 30, 20));
    assertThat(of(Map.of(PortalSettings.MAX_UPLOAD, " ")))
        .isEqualTo(new PortalSettings(4L << 30, 20));
  }

  @Test
  void sizesTakeBinarySuffixes() {
    assertThat(PortalSettings.bytes("k", "123")).isEqualTo(123);
    assertThat(PortalSettings.bytes("k", "64k")).isEqualTo(64L << 10);
    assertThat(PortalSettings.bytes("k", "512M")).isEqualTo(512L << 20);
    assertThat(PortalSettings.bytes("k", "4g")).isEqualTo(4L << 30);
    assertThat(PortalSettings.bytes("k", "4GiB")).isEqualTo(4L << 30);
    assertThat(PortalSettings.bytes("k", "2 GB")).isEqualTo(2L << 30);
    assertThat(PortalSettings.bytes("k", "1t")).isEqualTo(1L << 40);
    assertThat(of(Map.of(PortalSettings.MAX_UPLOAD, "1m", PortalSettings.PAGE_SIZE, "50")))
        .isEqualTo(new PortalSettings(1L << 20, 50));
  }

  @Test
  void badValuesFailWithTheKey() {
    assertThatThrownBy(() -> of(Map.of(PortalSettings.MAX_UPLOAD, "lots")))
        .hasMessageContaining(PortalSettings.MAX_UPLOAD);
    assertThatThrownBy(() -> of(Map.of(PortalSettings.MAX_UPLOAD, "0")))
        .hasMessageContaining(PortalSettings.MAX_UPLOAD);
    assertThatThrownBy(() -> of(Map.of(PortalSettings.MAX_UPLOAD, "99999999999t")))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> of(Map.of(PortalSettings.PAGE_SIZE, "500")))
        .hasMessageContaining(PortalSettings.PAGE_SIZE);
  }
}
