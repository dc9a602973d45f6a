package org.mediadfs.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free loopback ports for tests. The OS picks each (port 0); ports handed out by this JVM are never
 * handed out twice, so two servers of one test cannot collide on a recycled port.
 */
public final class FreePorts {
  private static final Set<Integer> GIVEN = new HashSet<>();

  private FreePorts() {}

  /** A port that was free a moment ago and that this JVM has not handed out before. */
  public static synchronized int next() {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        s.setReuseAddress(true);
        int port = s.getLocalPort();
        if (GIVEN.add(port)) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot find a free port", e);
      }
    }
    throw new IllegalStateException("no fresh free port after 100 attempts");
  }
}
