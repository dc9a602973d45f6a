package org.mediadfs.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The replay record of a suite run: the seed, every run's start and end, every injected fault,
 * every violation, each with the time since the suite started. Lines go to the test output and to
 * {@code events.log} in the work directory, so a failure can be read back and replayed with the
 * same seed.
 */
final class EventLog implements AutoCloseable {
  private final long t0 = System.nanoTime();
  private final Writer out;
  private final Path file;

  EventLog(Path file) {
    this.file = file;
    try {
      Files.createDirectories(file.getParent());
      this.out =
          Files.newBufferedWriter(
              file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The log file. */
  Path file() {
    return file;
  }

  /** Seconds since the suite started. */
  double elapsedSeconds() {
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Records one line: {@code [+12.345s] [what] text}. */
  synchronized void event(String what, String text) {
    String line = String.format(Locale.ROOT, "[+%8.3fs] [%s] %s", elapsedSeconds(), what, text);
    System.out.println("FAULTS " + line);
    try {
      out.write(line);
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      System.err.println("FAULTS cannot write the event log " + file + ": " + e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      System.err.println("FAULTS cannot close the event log " + file + ": " + e);
    }
  }
}
