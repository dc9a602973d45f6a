package org.mediadfs.client.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.mediadfs.client.TransferListener;

/**
 * A one-line progress bar on stderr for long transfers, redrawn at most five times a second. Used
 * only when a terminal is attached ({@code System.console() != null}) so that scripts and pipes see
 * clean output.
 */
final class ProgressBar implements TransferListener {
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final int WIDTH = 30;

  private final PrintStream err;
  private final String label;
  private final long startNanos = System.nanoTime();
  private long lastDraw;
  private boolean drawn;

  ProgressBar(PrintStream err, String label) {
    this.err = err;
    this.label = label;
  }

  /** A bar when on a terminal and the transfer is long enough to watch; else nothing. */
  static TransferListener forTerminal(
      boolean terminal, boolean quiet, PrintStream err, String label) {
    return terminal && !quiet ? new ProgressBar(err, label) : TransferListener.NONE;
  }

  @Override
  public void progress(long done, long total) {
    long now = System.nanoTime();
    if (done < total && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    err.print("\r" + line(done, total, now - startNanos));
    drawn = true;
    if (done >= total) {
      err.println();
    }
    err.flush();
  }

  /** Ends the line if the transfer stopped before completion. */
  void abort() {
    if (drawn) {
      err.println();
    }
  }

  String line(long done, long total, long elapsedNanos) {
    double frac = total <= 0 ? 1.0 : (double) done / total;
    int filled = (int) Math.round(frac * WIDTH);
    double secs = Math.max(1e-3, elapsedNanos / 1e9);
    return String.format(
        Locale.ROOT,
        "%s [%s%s] %3d%% %s/%s %s/s",
        label,
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        (int) (frac * 100),
        Units.bytes(done),
        Units.bytes(total),
        Units.bytes((long) (done / secs)));
  }
}
