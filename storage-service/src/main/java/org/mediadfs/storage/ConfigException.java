package org.mediadfs.storage;

import java.util.List;

/**
 * The configuration is invalid. Carries every problem found, not only the first, so an operator
 * fixes a file in one pass. {@link StorageMain} prints them and exits with {@link
 * StorageMain#EXIT_CONFIG}.
 */
public final class ConfigException extends Exception {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super("invalid storage configuration: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One line per problem, each naming the key. */
  public List<String> problems() {
    return problems;
  }
}
