package org.mediadfs.web.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.mediadfs.wire.Names;
import org.mediadfs.wire.message.FileMeta;

/**
 * One page of the cluster's files, merged from LIST pages of every group, ordered by file ID, with
 * an opaque cursor. Each group is asked for {@code limit} files after the cursor; the smallest
 * {@code limit} of all of them are the page, and the last of those is the next cursor (files a
 * group returned beyond it are asked for again next time). Pure.
 */
public final class FileListing {
  private FileListing() {}

  /** What one group answered. */
  public record GroupPage(String group, List<FileMeta> files, boolean hasMore) {
    public GroupPage {
      files = List.copyOf(files);
    }
  }

  /** A file and its group. */
  public record Entry(FileMeta meta, String group) {}

  /** The merged page; {@code next} is empty after the last page. */
  public record Merged(List<Entry> entries, Optional<String> next) {}

  /** Merges group pages into the first {@code limit} files by file ID. */
  public static Merged merge(List<GroupPage> pages, int limit) {
    List<Entry> all = new ArrayList<>();
    boolean more = false;
    for (GroupPage p : pages) {
      p.files().forEach(f -> all.add(new Entry(f, p.group())));
      more |= p.hasMore();
    }
    all.sort(Comparator.comparing((Entry e) -> e.meta().fileId()).thenComparing(Entry::group));
    List<Entry> page = all.size() > limit ? List.copyOf(all.subList(0, limit)) : List.copyOf(all);
    more |= all.size() > limit;
    Optional<String> next =
        more && !page.isEmpty()
            ? Optional.of(cursor(page.getLast().meta().fileId()))
            : Optional.empty();
    return new Merged(page, next);
  }

  /** The opaque cursor after a file ID. */
  public static String cursor(String fileId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("f:" + fileId).getBytes(StandardCharsets.UTF_8));
  }

  /** The file ID a cursor stands for; empty for no cursor; 400 for a forged or damaged one. */
  public static String after(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return "";
    }
    String s;
    try {
      s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid cursor");
    }
    if (!s.startsWith("f:") || !Names.validFileId(s.substring(2))) {
      throw ApiException.badRequest("invalid cursor");
    }
    return s.substring(2);
  }
}
