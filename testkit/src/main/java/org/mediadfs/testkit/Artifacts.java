package org.mediadfs.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the things to launch are: the Payara Micro jar and the mediadfs WAR. System properties
 * {@code mediadfs.payara.jar} and {@code mediadfs.web.war} win; otherwise the local Maven
 * repository and the web module's build output next to the working directory are searched.
 */
public final class Artifacts {
  /** The Payara Micro version the project is built and tested with. */
  public static final String PAYARA_VERSION = "7.2025.1";

  private Artifacts() {}

  /** The Payara Micro jar. */
  public static Path payaraMicroJar() {
    String p = System.getProperty("mediadfs.payara.jar");
    if (p != null && !p.isBlank()) {
      return existing(Path.of(p));
    }
    Path repo =
        Path.of(
            System.getProperty(
                "maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
    return existing(
        repo.resolve(
            "fish/payara/extras/payara-micro/"
                + PAYARA_VERSION
                + "/payara-micro-"
                + PAYARA_VERSION
                + ".jar"));
  }

  /** The mediadfs WAR (tracker, ID server, web). */
  public static Path webWar() {
    String p = System.getProperty("mediadfs.web.war");
    if (p != null && !p.isBlank()) {
      return existing(Path.of(p));
    }
    for (Path dir : new Path[] {Path.of("web/target"), Path.of("../web/target")}) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.list(dir)) {
          var war =
              s.filter(f -> f.getFileName().toString().matches("mediadfs-web-.*\\.war"))
                  .findFirst();
          if (war.isPresent()) {
            return war.get().toAbsolutePath();
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new IllegalStateException(
        "mediadfs WAR not found: build the web module first or set -Dmediadfs.web.war");
  }

  private static Path existing(Path p) {
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("missing: " + p.toAbsolutePath());
    }
    return p.toAbsolutePath();
  }
}
