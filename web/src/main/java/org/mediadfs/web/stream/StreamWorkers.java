package org.mediadfs.web.stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads that copy stream bodies: one virtual thread per stream. The servlet returns its
 * request thread to Payara's HTTP pool as soon as the headers are decided (asynchronous servlet),
 * and the body is copied with plain blocking reads from the storage node and blocking writes to the
 * client, which park only the virtual thread. So the number of concurrent streams is bounded by
 * memory (one small buffer each) and by the pooled storage connections, not by the request thread
 * pool, and no server setting has to be changed for it (stack.md: Grizzly's request threads are
 * platform threads; virtual threads created by the application are fine inside Payara).
 */
@ApplicationScoped
public class StreamWorkers {
  private final ExecutorService executor =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("mediadfs-stream-", 0).factory());

  /** Runs a body copy on its own virtual thread. */
  public void execute(Runnable task) {
    executor.execute(task);
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }
}
