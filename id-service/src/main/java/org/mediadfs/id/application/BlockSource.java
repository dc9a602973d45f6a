package org.mediadfs.id.application;

/**
 * Where blocks come from: the database, in its own transaction with a row lock (in the container,
 * {@code JpaBlockSource}); a resource-local implementation in tests.
 */
@FunctionalInterface
public interface BlockSource {
  /**
   * Reserves the next block of {@code size} IDs for {@code key}, durably: once this returns, no
   * other caller, in this process or another sharing the database, can get any of its IDs.
   *
   * @throws RuntimeException if the database fails or another server won a race; the caller may try
   *     again
   */
  IdBlock reserve(String key, int size);
}
