package org.mediadfs.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mediadfs.testkit.Jcmd;
import org.mediadfs.testkit.SideBySide;

/**
 * What the OS and the JVM say about a server process: resident memory, open descriptors, live heap.
 * Used to show that load and fuzz leave no unbounded growth behind.
 */
final class Proc {
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private Proc() {}

  /** Resident set size in bytes ({@code VmRSS} of /proc/&lt;pid&gt;/status). */
  static long rss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] f = line.trim().split("\\s+");
          return Long.parseLong(f[1]) * 1024;
        }
      }
      throw new IllegalStateException("no VmRSS for pid " + pid);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the status of pid " + pid, e);
    }
  }

  /** Open file descriptors (sockets included). */
  static int fds(long pid) {
    try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return (int) s.count();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list the descriptors of pid " + pid, e);
    }
  }

  /**
   * Heap in use right after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}): the memory
   * the process really retains.
   */
  static long liveHeap(long pid) {
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    long total = 0;
    for (String line : info.split("\n")) {
      String l = line.trim();
      // Serial GC prints "DefNew"/"Tenured" (older JDKs "def new generation"/"tenured
      // generation"); G1 "garbage-first heap".
      if (l.startsWith("DefNew")
          || l.startsWith("Tenured")
          || l.startsWith("def new generation")
          || l.startsWith("tenured generation")
          || l.startsWith("garbage-first heap")) {
        Matcher m = USED.matcher(l);
        if (m.find()) {
          total += Long.parseLong(m.group(1)) * 1024;
        }
      }
    }
    if (total == 0) {
      throw new IllegalStateException("cannot read the heap of pid " + pid + ":\n" + info);
    }
    return total;
  }

  /** {@link #liveHeap} of several processes, measured side by side (each runs its own jcmd). */
  static long[] liveHeaps(long... pids) {
    long[] out = new long[pids.length];
    List<SideBySide.Task> tasks = new java.util.ArrayList<>();
    for (int i = 0; i < pids.length; i++) {
      int k = i;
      tasks.add(new SideBySide.Task("heap-" + pids[k], () -> out[k] = liveHeap(pids[k])));
    }
    SideBySide.throwFirst(SideBySide.run(tasks));
    return out;
  }

  private static String jcmd(long pid, String command) {
    return Jcmd.run(pid, command);
  }

  /** Bytes as MiB with one decimal. */
  static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
