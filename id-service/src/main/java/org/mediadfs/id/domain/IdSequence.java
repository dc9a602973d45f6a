package org.mediadfs.id.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * One ID key's row ({@code t_id_gen}, the original's table): {@code nextValue} is the first ID not
 * yet reserved by any ID server. Invariant: it only grows, and every change happens under a row
 * lock inside the reserving transaction, so two servers sharing the database never get overlapping
 * blocks (the original read it without a lock: seed bug 14).
 */
@Entity
@Table(name = "t_id_gen")
public class IdSequence {
  @Id
  @Column(name = "id_key", length = 64, nullable = false)
  private String key;

  @Column(name = "next_value", nullable = false)
  private long nextValue;

  @Column(name = "create_time", nullable = false)
  private Instant createTime;

  @Column(name = "update_time", nullable = false)
  private Instant updateTime;

  /** For JPA. */
  protected IdSequence() {}

  /** A new key whose first block [0, blockSize) is reserved by its creator. */
  public IdSequence(String key, int blockSize, Instant now) {
    this.key = Objects.requireNonNull(key, "key");
    if (blockSize <= 0) {
      throw new IllegalArgumentException("block size must be positive: " + blockSize);
    }
    this.nextValue = blockSize;
    this.createTime = now;
    this.updateTime = now;
  }

  /**
   * Reserves the next block and returns its first ID.
   *
   * @throws ArithmeticException if the key's IDs are exhausted (2^63)
   */
  public long reserve(int blockSize, Instant now) {
    if (blockSize <= 0) {
      throw new IllegalArgumentException("block size must be positive: " + blockSize);
    }
    long start = nextValue;
    nextValue = Math.addExact(nextValue, blockSize);
    updateTime = now;
    return start;
  }

  public String key() {
    return key;
  }

  public long nextValue() {
    return nextValue;
  }
}
