package org.mediadfs.storage.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordFileTest {
  private static RecordFile sample() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("node-id", "abc");
    f.put("note", "line\nbreak");
    return RecordFile.of("node", 1, f);
  }

  /** Golden bytes: a change of the format shows up here, not only in a round trip. */
  @Test
  void encodesTheDocumentedLayout() {
    String expected = "mediadfs-node 1\nnode-id=abc\nnote=line\\nbreak\ncrc32c=7e4aefd7\n";
    assertThat(new String(sample().encode(), StandardCharsets.UTF_8)).isEqualTo(expected);
  }

  @Test
  void roundTripsAwkwardValues() throws Exception {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("a", "back\\slash = equals\r\n\u0001\u007f end");
    f.put("b", "");
    f.put("c", "ünïcödé 视频");
    RecordFile r = RecordFile.of("file", 1, f);
    RecordFile back = RecordFile.decode(r.encode(), "file", 1);
    assertThat(back.fields()).isEqualTo(f);
  }

  @Test
  void detectsAFlippedByte() {
    byte[] b = sample().encode();
    b[18] ^= 0x01;
    assertThatThrownBy(() -> RecordFile.decode(b, "node", 1))
        .isInstanceOf(RecordFile.CorruptRecordException.class)
        .hasMessageContaining("crc32c mismatch");
  }

  @Test
  void detectsATornRecord() {
    byte[] b = sample().encode();
    for (int cut : new int[] {0, 5, b.length - 1, b.length - 12}) {
      byte[] torn = java.util.Arrays.copyOf(b, cut);
      assertThatThrownBy(() -> RecordFile.decode(torn, "node", 1))
          .isInstanceOf(RecordFile.CorruptRecordException.class);
    }
  }

  @Test
  void refusesAnotherKindAndANewerVersion() {
    byte[] b = sample().encode();
    assertThatThrownBy(() -> RecordFile.decode(b, "store", 1))
        .hasMessageContaining("expected a store record");
    byte[] v2 = RecordFile.of("node", 2, Map.of("node-id", "x")).encode();
    assertThatThrownBy(() -> RecordFile.decode(v2, "node", 1)).hasMessageContaining("newer");
  }

  @Test
  void writesAtomicallyAndReadsBack(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("node.id");
    sample().writeAtomically(p, true);
    assertThat(RecordFile.read(p, "node", 1).get("node-id")).isEqualTo("abc");
    assertThat(Files.list(dir)).containsExactly(p);
  }

  @Test
  void keysAreLowerCaseWordsOfAtMost32Characters() {
    for (String ok : new String[] {"a", "file-id", "x9-", "a".repeat(32)}) {
      assertThat(RecordFile.of("node", 1, Map.of(ok, "v")).fields()).containsKey(ok);
    }
    for (String bad :
        new String[] {"", "A", "1a", "-a", "a_b", "a b", "é", "a".repeat(33), "crc32c"}) {
      assertThatThrownBy(() -> RecordFile.of("node", 1, Map.of(bad, "v")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bad record key");
    }
  }
}
