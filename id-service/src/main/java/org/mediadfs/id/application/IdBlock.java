package org.mediadfs.id.application;

/**
 * A block of IDs reserved for this server: {@code [start, start + size)}.
 *
 * @param start the first ID
 * @param size how many IDs, positive
 */
public record IdBlock(long start, int size) {
  public IdBlock {
    if (start < 0 || size <= 0 || start > Long.MAX_VALUE - size) {
      throw new IllegalArgumentException("bad block: start " + start + ", size " + size);
    }
  }

  /** One past the last ID. */
  public long end() {
    return start + size;
  }
}
