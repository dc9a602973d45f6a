package org.mediadfs.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Chooses, once per test JVM, the tracker and ID ports (free ports, never the defaults) and a
 * unique data folder for the managed Payara Micro, and publishes them as system properties that
 * {@code arquillian.xml} uses. It must be registered before {@code ArquillianExtension}, which
 * reads {@code arquillian.xml} in its own first {@code beforeAll}.
 */
public final class ItEnvironment implements BeforeAllCallback {
  public static final String TRACKER_PORT = "mediadfs.it.tracker.port";
  public static final String ID_PORT = "mediadfs.it.id.port";
  public static final String DATA = "mediadfs.it.data";

  @Override
  public void beforeAll(ExtensionContext context) {
    init();
  }

  /** Sets the properties unless they are set already. */
  public static synchronized void init() {
    if (System.getProperty(TRACKER_PORT) != null) {
      return;
    }
    try {
      Path data =
          Path.of(System.getProperty("mediadfs.it.dir", "target/it"), "data-" + UUID.randomUUID());
      Files.createDirectories(data);
      System.setProperty(TRACKER_PORT, Integer.toString(freePort()));
      System.setProperty(ID_PORT, Integer.toString(freePort()));
      System.setProperty(DATA, data.toAbsolutePath().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static int trackerPort() {
    init();
    return Integer.getInteger(TRACKER_PORT);
  }

  public static int idPort() {
    init();
    return Integer.getInteger(ID_PORT);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
