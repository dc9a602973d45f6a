package org.mediadfs.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;

class FileListingTest {
  private static FileMeta f(String id) {
    return new FileMeta(id, "tnvideo", "u", 1, 0, "", FileStatus.ACTIVE, "p", 0, 0);
  }

  /** LIST of one group after {@code after}, as a node answers it. */
  private static FileListing.GroupPage list(String group, List<String> ids, String after, int n) {
    List<FileMeta> out = new ArrayList<>();
    for (String id : ids) {
      if (id.compareTo(after) > 0 && out.size() < n) {
        out.add(f(id));
      }
    }
    boolean more = ids.stream().filter(id -> id.compareTo(after) > 0).count() > n;
    return new FileListing.GroupPage(group, out, more);
  }

  @Test
  void pagingThroughSeveralGroupsYieldsEveryFileOnceInOrder() {
    TreeMap<String, List<String>> groups = new TreeMap<>();
    groups.put("g1", List.of("a01", "a05", "b02", "c07", "c09", "d00"));
    groups.put("g2", List.of("a02", "a03", "b01"));
    groups.put("g3", List.of());
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String after = FileListing.after(cursor);
      List<FileListing.GroupPage> answers = new ArrayList<>();
      groups.forEach((g, ids) -> answers.add(list(g, ids, after, 2)));
      FileListing.Merged m = FileListing.merge(answers, 2);
      m.entries().forEach(e -> seen.add(e.meta().fileId() + "@" + e.group()));
      cursor = m.next().orElse(null);
      pages++;
    } while (cursor != null && pages < 20);
    assertThat(seen)
        .containsExactly(
            "a01@g1", "a02@g2", "a03@g2", "a05@g1", "b01@g2", "b02@g1", "c07@g1", "c09@g1",
            "d00@g1");
    assertThat(pages).isEqualTo(5);
  }

  @Test
  void aShortLastPageHasNoCursor() {
    FileListing.Merged m =
        FileListing.merge(List.of(new FileListing.GroupPage("g", List.of(f("x")), false)), 10);
    assertThat(m.entries()).hasSize(1);
    assertThat(m.next()).isEmpty();
  }

  @Test
  void cursorsRoundTripAndForgedOnesAreRefused() {
    assertThat(FileListing.after(FileListing.cursor("abc.1"))).isEqualTo("abc.1");
    assertThat(FileListing.after(null)).isEmpty();
    assertThatThrownBy(() -> FileListing.after("%%%")).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> FileListing.after("Zm9v")) // "foo"
        .isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> FileListing.after(FileListing.cursor("a b")))
        .isInstanceOf(ApiException.class);
  }
}
