package org.mediadfs.web.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CatalogEntryTest {
  private static final Instant T = Instant.parse("2025-11-26T14:59:31Z");

  private static CatalogEntry entry(String type, boolean deleted) {
    return new CatalogEntry(
        "id1",
        "tnvideo",
        "alice",
        "Clip",
        "clip.webm",
        type,
        7095,
        T,
        T,
        deleted,
        deleted ? T.plusSeconds(3600) : null);
  }

  @Test
  void libraryRowsAreReadyToShow() {
    LibraryItem item = LibraryItem.of(entry("video/webm", false), ZoneOffset.UTC);
    assertThat(item)
        .isEqualTo(
            new LibraryItem(
                "id1",
                "Clip",
                "clip.webm",
                "video/webm",
                "6.9 KiB",
                7095,
                "2025-11-26 14:59",
                true));
  }

  @Test
  void deletedRowsShowWhenTheyWereDeletedAndUnknownTypesSaySo() {
    LibraryItem item = LibraryItem.of(entry("", true), ZoneOffset.UTC);
    assertThat(item.date()).isEqualTo("2025-11-26 15:59");
    assertThat(item.type()).isEqualTo("unknown");
    assertThat(item.playable()).isFalse();
  }

  @Test
  void audioPlaysInTheVideoElementButImagesDoNot() {
    assertThat(entry("audio/mpeg", false).playable()).isTrue();
    assertThat(entry("image/png", false).playable()).isFalse();
  }

  @Test
  void theDeletionTimeIsSetExactlyWhenDeleted() {
    assertThatThrownBy(() -> new CatalogEntry("i", "a", "o", "t", "n", "", 1, T, T, true, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CatalogEntry("i", "a", "o", "t", "n", "", 1, T, T, false, T))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
