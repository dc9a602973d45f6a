package org.mediadfs.storage.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mediadfs.testkit.PayaraMicro;
import org.mediadfs.wire.message.HostPort;

/**
 * One real Payara Micro (tracker + ID server, from the web WAR) for the whole failsafe run of this
 * module: started by the first IT class that needs it, stopped when the run ends (JUnit closes
 * root-store values). The cluster has a secret, so every node in these tests passes HELLO.
 */
public final class SharedPayara implements BeforeAllCallback {
  /** The cluster secret every node and the Payara share in these tests. */
  public static final String SECRET = "storage-it-secret-" + ProcessHandle.current().pid();

  private static volatile Holder holder;

  /** Owns the process; closed by JUnit at the end of the run. */
  static final class Holder implements AutoCloseable {
    final PayaraMicro payara;
    final Path dir;

    Holder(PayaraMicro payara, Path dir) {
      this.payara = payara;
      this.dir = dir;
    }

    @Override
    public void close() throws java.io.IOException {
      payara.stop();
      // Payara's root directory and H2 files: ~200 MB per run, not worth keeping.
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    holder =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(SharedPayara.class, k -> start(), Holder.class);
  }

  private static Holder start() {
    try {
      Path dir = Files.createTempDirectory(Path.of("target"), "it-payara-");
      return new Holder(
          PayaraMicro.start(
              dir,
              Map.of(
                  "mediadfs.cluster.secret",
                  SECRET,
                  "mediadfs.tracker.groups",
                  "group001;group002",
                  "mediadfs.tracker.auto-register-groups",
                  "true")),
          dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The running Payara. */
  public static PayaraMicro payara() {
    if (holder == null) {
      throw new IllegalStateException(
          "annotate the test class with @ExtendWith(SharedPayara.class)");
    }
    return holder.payara;
  }

  /** The tracker's address. */
  public static HostPort tracker() {
    return payara().tracker();
  }

  /** The ID server's address. */
  public static HostPort idServer() {
    return payara().idServer();
  }
}
