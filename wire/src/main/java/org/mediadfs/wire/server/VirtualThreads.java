package org.mediadfs.wire.server;

import java.lang.System.Logger.Level;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Checks that a thread factory (in Jakarta EE, the container's managed one) really makes virtual
 * threads, once, at start. Jakarta Concurrency 3.1 lets a server fall back to platform threads
 * silently; a platform thread per connection would cap the server at a few thousand connections, so
 * the fallback is logged. When the managed factory is missing or refuses, plain virtual threads are
 * used instead (they run without the container's context, which an endpoint that only calls
 * injected bean references does not need) and that too is logged.
 */
public final class VirtualThreads {
  private static final System.Logger LOG = System.getLogger(VirtualThreads.class.getName());

  private VirtualThreads() {}

  /** The factory to serve connections with, never null. */
  public static ThreadFactory verified(ThreadFactory managed, String server) {
    if (managed == null) {
      LOG.log(Level.WARNING, () -> server + ": no managed thread factory; plain virtual threads");
      return Thread.ofVirtual().name(server + "-conn-", 0).factory();
    }
    AtomicBoolean virtual = new AtomicBoolean();
    try {
      Thread probe = managed.newThread(() -> virtual.set(Thread.currentThread().isVirtual()));
      probe.start();
      probe.join();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, server + ": managed thread factory failed; plain virtual threads", e);
      return Thread.ofVirtual().name(server + "-conn-", 0).factory();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the " + server + " server", e);
    }
    LOG.log(
        virtual.get() ? Level.INFO : Level.WARNING,
        () -> server + ": connection threads from the managed factory are virtual: " + virtual);
    return managed;
  }
}
