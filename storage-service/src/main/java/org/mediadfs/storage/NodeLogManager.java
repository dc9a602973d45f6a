package org.mediadfs.storage;

import java.util.logging.LogManager;

/**
 * The JDK's log manager, except at JVM exit. JUL resets itself (removes and closes every handler)
 * in a shutdown hook of its own, which runs at the same time as the node's: whatever the node
 * logged while stopping (the metadata writer's totals, a failed journal checkpoint, a peer that did
 * not answer) was dropped. Here that reset is left out; the node's shutdown hook calls {@link
 * #resetAfterStop()} once the node has stopped. JUL's handlers flush every record they publish, so
 * nothing is lost either if the hook does not get that far.
 *
 * <p>{@link StorageMain} selects it ({@code java.util.logging.manager}) unless a manager is set.
 */
public final class NodeLogManager extends LogManager {
  /** Public for {@link LogManager}, which instantiates it by name. */
  public NodeLogManager() {
    super();
  }

  @Override
  public void reset() {
    if (!shuttingDown()) {
      super.reset();
    }
  }

  /** Closes the handlers: called by the node's shutdown hook after the node stopped. */
  public static void resetAfterStop() {
    if (LogManager.getLogManager() instanceof NodeLogManager m) {
      m.resetNow();
    }
  }

  private void resetNow() {
    super.reset();
  }

  /** True once the JVM runs its shutdown hooks (it then refuses new ones). */
  private static boolean shuttingDown() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }
}
