package org.mediadfs.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The original client's 36-character file ID (seed-reference §7). */
class FileIdsTest {
  /** %08x seconds, %06x microseconds, 16 hex of MD5, %04d counter, %02d random. */
  private static final Pattern SHAPE =
      Pattern.compile("([0-9a-f]{8})([0-9a-f]{6})([0-9a-f]{16})([0-9]{4})([0-9]{2})");

  @Test
  void idHasTheOriginalShape() {
    for (int i = 0; i < 1000; i++) {
      String id = FileIds.generate("tnv001");
      assertThat(id).hasSize(FileIds.LENGTH).hasSize(36).matches(SHAPE);
      assertThat(Names.validFileId(id)).isTrue();
    }
  }

  @Test
  void timePartsAreSecondsAndMicrosecondsInLowercaseHex() {
    // the documented sample 649e782b035ee5…: 0x649E782B seconds and 0x035EE5 = 220901 µs
    Instant at = Instant.ofEpochSecond(0x649E782BL, 220_901_000L + 999);
    String id = FileIds.generate("tnv001", at);
    assertThat(id).startsWith("649e782b035ee5");
    assertThat(FileIds.generate("u", Instant.ofEpochSecond(1, 0))).startsWith("00000001000000");
    assertThat(FileIds.generate("u", Instant.ofEpochSecond(0xFFFFFFFFL, 999_999_000)))
        .startsWith("ffffffff0f423f");
  }

  @Test
  void creationTimeIsReadBackToTheSecond() {
    Instant at = Instant.ofEpochSecond(0x649E782BL, 220_901_000L);
    assertThat(FileIds.createdAt(FileIds.generate("tnv001", at)))
        .contains(Instant.ofEpochSecond(0x649E782BL));
    assertThat(FileIds.createdAt("649e782b035ee5")).isEmpty(); // too short
    assertThat(FileIds.createdAt("x49e782b035ee5d41d8cd98f00b204000799")).isEmpty();
    assertThat(FileIds.createdAt(null)).isEmpty();
  }

  @Test
  void counterStaysBelow8000AndWrapsToZero() {
    int previous = -1;
    boolean wrapped = false;
    for (int i = 0; i < 16_001; i++) {
      var m = SHAPE.matcher(FileIds.generate("u"));
      assertThat(m.matches()).isTrue();
      int counter = Integer.parseInt(m.group(4));
      assertThat(counter).isBetween(0, 7999);
      if (previous >= 0) {
        assertThat(counter).isEqualTo((previous + 1) % 8000);
        wrapped |= counter == 0;
      }
      previous = counter;
    }
    assertThat(wrapped).isTrue();
  }

  @Test
  void digestPartDependsOnMoreThanTheClock() {
    Instant same = Instant.ofEpochSecond(1_700_000_000L);
    Set<String> digests = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 1000; i++) {
      var m = SHAPE.matcher(FileIds.generate("tnv001", same));
      assertThat(m.matches()).isTrue();
      digests.add(m.group(3));
    }
    // the original reseeded rand() with time(NULL): every ID of one second shared its digest
    assertThat(digests).hasSizeGreaterThan(990);
  }

  @Test
  void idsAreUniqueOver100kCallsFromSeveralThreads() throws Exception {
    Set<String> ids = ConcurrentHashMap.newKeySet();
    int threads = 4;
    int each = 25_000;
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String user = "user" + t % 2;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    ids.add(FileIds.generate(user));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    assertThat(ids).hasSize(threads * each);
  }
}
