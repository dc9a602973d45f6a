package org.mediadfs.faults;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes hostile frames from the golden vectors: bit flips, body lengths that lie (a little, hugely,
 * negatively), truncation, random command and status codes, spliced and concatenated frames, and
 * plain random bytes. Each result names how it was made, for the fuzz log.
 */
final class Mutator {
  /** A frame to send and how it was made. */
  record Frame(String how, byte[] bytes) {}

  private final List<Golden.Vector> vectors;
  private final SplittableRandom rnd;

  Mutator(List<Golden.Vector> vectors, SplittableRandom rnd) {
    this.vectors = List.copyOf(vectors);
    this.rnd = rnd;
  }

  Frame next() {
    Golden.Vector v = vectors.get(rnd.nextInt(vectors.size()));
    byte[] f = v.frame().clone();
    int kind = rnd.nextInt(10);
    return switch (kind) {
      case 0 -> {
        int flips = 1 + rnd.nextInt(8);
        for (int i = 0; i < flips; i++) {
          int at = rnd.nextInt(f.length);
          f[at] ^= (byte) (1 << rnd.nextInt(8));
        }
        yield new Frame(v.name() + ": " + flips + " bit flip(s)", f);
      }
      case 1 -> {
        long len = lyingLength(f);
        ByteBuffer.wrap(f).putLong(0, len);
        yield new Frame(v.name() + ": body length " + len, f);
      }
      case 2 -> {
        int cut = rnd.nextInt(f.length);
        yield new Frame(v.name() + ": cut at " + cut, Arrays.copyOf(f, cut));
      }
      case 3 -> {
        int cmd = rnd.nextInt(256);
        f[8] = (byte) cmd;
        yield new Frame(v.name() + ": command " + cmd, f);
      }
      case 4 -> {
        f[9] = (byte) rnd.nextInt(256);
        yield new Frame(v.name() + ": status " + (f[9] & 0xff), f);
      }
      case 5 -> {
        Golden.Vector w = vectors.get(rnd.nextInt(vectors.size()));
        byte[] s = new byte[10 + Math.max(0, w.frame().length - 10)];
        System.arraycopy(f, 0, s, 0, 10);
        System.arraycopy(w.frame(), 10, s, 10, w.frame().length - 10);
        yield new Frame(v.name() + " header + " + w.name() + " body", s);
      }
      case 6 -> {
        Golden.Vector w = vectors.get(rnd.nextInt(vectors.size()));
        byte[] s = Arrays.copyOf(f, f.length + w.frame().length);
        System.arraycopy(w.frame(), 0, s, f.length, w.frame().length);
        yield new Frame(v.name() + " then " + w.name(), s);
      }
      case 7 -> {
        byte[] r = new byte[1 + rnd.nextInt(2048)];
        rnd.nextBytes(r);
        yield new Frame("random " + r.length + " bytes", r);
      }
      case 8 -> {
        // A real header that promises a body, then garbage of another length.
        byte[] g = new byte[rnd.nextInt(4096)];
        rnd.nextBytes(g);
        byte[] s = Arrays.copyOf(f, Math.min(f.length, 10) + g.length);
        System.arraycopy(g, 0, s, Math.min(f.length, 10), g.length);
        yield new Frame(v.name() + " header + " + g.length + " random bytes", s);
      }
      default -> {
        // Byte-level havoc inside the body: runs of 0x00 / 0xFF / random, keeping the header.
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n && f.length > 10; i++) {
          int at = 10 + rnd.nextInt(f.length - 10);
          int run = 1 + rnd.nextInt(Math.min(64, f.length - at));
          byte b =
              switch (rnd.nextInt(3)) {
                case 0 -> 0;
                case 1 -> (byte) 0xff;
                default -> (byte) rnd.nextInt(256);
              };
          Arrays.fill(f, at, at + run, b);
        }
        yield new Frame(v.name() + ": " + n + " byte run(s) overwritten", f);
      }
    };
  }

  private long lyingLength(byte[] f) {
    long real = f.length - 10;
    return switch (rnd.nextInt(8)) {
      case 0 -> -1 - rnd.nextInt(1000);
      case 1 -> Long.MAX_VALUE;
      case 2 -> Long.MIN_VALUE;
      case 3 -> 1L << (20 + rnd.nextInt(43));
      case 4 -> real + 1 + rnd.nextInt(64);
      case 5 -> Math.max(0, real - 1 - rnd.nextInt(64));
      case 6 -> 0;
      default -> rnd.nextLong();
    };
  }
}
