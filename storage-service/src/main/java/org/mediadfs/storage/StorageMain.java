package org.mediadfs.storage;

import java.lang.reflect.InvocationTargetException;

/**
 * Entry point of a storage node process: {@code java org.mediadfs.storage.StorageMain [--config
 * file] | fsck [--config file] [--rebuild] [--repair]}.
 *
 * <p>This one class is compiled for Java 11 so that an older JVM can run it far enough to say why
 * it refuses: on JDK 21–23 a virtual thread inside {@code synchronized} (JDBC drivers, H2, Redis
 * clients) pins its carrier, and this node would stall on a two-core machine; JDK 24+ fixed it (JEP
 * 491), and mediadfs targets 25 (architecture decision 9). Everything else lives in {@code
 * StorageCommand}, loaded by name only after the check.
 */
public final class StorageMain {
  /** Success (and fsck: nothing wrong). */
  public static final int EXIT_OK = 0;

  /** fsck found problems. */
  public static final int EXIT_PROBLEMS = 1;

  /** Bad command line. */
  public static final int EXIT_USAGE = 2;

  /** The JVM is older than 25. */
  public static final int EXIT_JDK = 3;

  /** The configuration is invalid. */
  public static final int EXIT_CONFIG = 4;

  /** The node failed to start (port in use, database, store root). */
  public static final int EXIT_START = 5;

  /** The oldest Java feature release the node runs on. */
  public static final int MIN_JAVA = 25;

  private StorageMain() {}

  public static void main(String[] args) throws Throwable {
    int feature = Runtime.version().feature();
    if (feature < MIN_JAVA) {
      System.err.println(
          "mediadfs storage node: Java "
              + MIN_JAVA
              + " or newer is required, this is Java "
              + feature
              + " ("
              + System.getProperty("java.home")
              + "). Set JAVA_HOME, e.g. /usr/lib/jvm/temurin-25-jdk-amd64.");
      System.exit(EXIT_JDK);
      return;
    }
    if (System.getProperty("java.util.logging.manager") == null) {
      // Keeps the lines the node logs while it stops (JUL resets itself at exit).
      System.setProperty("java.util.logging.manager", "org.mediadfs.storage.NodeLogManager");
    }
    try {
      Class.forName("org.mediadfs.storage.StorageCommand")
          .getMethod("main", String[].class)
          .invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
