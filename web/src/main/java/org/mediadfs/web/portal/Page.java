package org.mediadfs.web.portal;

/**
 * One page of a list: which page, how many items per page, and how many items there are. Pure;
 * every value the library's pager shows comes from here. Invariants: {@code 1 <= number <=
 * lastPage()}, {@code 1 <= size <= }{@value #MAX_SIZE}, {@code total >= 0}.
 *
 * @param number the page, from 1
 * @param size items per page
 * @param total items in the whole list
 */
public record Page(int number, int size, long total) {
  /** Largest page size accepted. */
  public static final int MAX_SIZE = 200;

  public Page {
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException("page size must be 1 to " + MAX_SIZE + ": " + size);
    }
    if (total < 0) {
      throw new IllegalArgumentException("negative total: " + total);
    }
    if (number < 1 || number > lastPage(size, total)) {
      throw new IllegalArgumentException("no page " + number + " of " + lastPage(size, total));
    }
  }

  /**
   * The page a request asks for ({@code ?page=}), clamped to the pages that exist: missing,
   * malformed or below 1 gives the first page, past the end gives the last one (a list that shrank
   * under the user still shows something).
   */
  public static Page of(String requested, int size, long total) {
    int n = 1;
    if (requested != null) {
      try {
        n = Integer.parseInt(requested.strip());
      } catch (NumberFormatException e) {
        n = 1;
      }
    }
    int last = lastPage(size, total);
    return new Page(Math.clamp(n, 1, last), size, total);
  }

  private static int lastPage(int size, long total) {
    long pages = (total + size - 1) / size;
    return (int) Math.clamp(pages, 1, Integer.MAX_VALUE);
  }

  /** The last page (1 for an empty list). */
  public int lastPage() {
    return lastPage(size, total);
  }

  /** Items to skip before this page. */
  public long offset() {
    return (long) (number - 1) * size;
  }

  /** True when there is a page before this one. */
  public boolean hasPrevious() {
    return number > 1;
  }

  /** True when there is a page after this one. */
  public boolean hasNext() {
    return number < lastPage();
  }

  /** The 1-based position of this page's first item, 0 for an empty list. */
  public long firstItem() {
    return total == 0 ? 0 : offset() + 1;
  }

  /** The 1-based position of this page's last item, 0 for an empty list. */
  public long lastItem() {
    return Math.min(total, offset() + size);
  }
}
