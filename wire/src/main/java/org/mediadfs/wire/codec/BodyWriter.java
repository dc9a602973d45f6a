package org.mediadfs.wire.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.mediadfs.wire.Bytes;

/** Builds a body: big-endian integers, NUL-padded fixed fields, length-prefixed strings. */
final class BodyWriter {
  private byte[] buf;
  private int pos;

  BodyWriter(int initial) {
    buf = new byte[Math.max(16, initial)];
  }

  private void ensure(int n) {
    if (pos + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }
  }

  BodyWriter u8(int v) {
    ensure(1);
    buf[pos++] = (byte) v;
    return this;
  }

  /** A signed 2-byte value (the error number); only the low 16 bits are written. */
  BodyWriter i16(int v) {
    ensure(2);
    Bytes.putShort(buf, pos, (short) v);
    pos += 2;
    return this;
  }

  /**
   * An unsigned 2-byte value (ports, protocol versions, string lengths). Out-of-range values are
   * refused rather than silently cut to 16 bits, which would put another port on the wire.
   */
  BodyWriter u16(int v) {
    if (v < 0 || v > 0xFFFF) {
      throw new IllegalArgumentException("value does not fit 16 unsigned bits: " + v);
    }
    return i16(v);
  }

  BodyWriter i32(int v) {
    ensure(4);
    Bytes.putInt(buf, pos, v);
    pos += 4;
    return this;
  }

  BodyWriter i64(long v) {
    ensure(8);
    Bytes.putLong(buf, pos, v);
    pos += 8;
    return this;
  }

  BodyWriter bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
    return this;
  }

  /**
   * A fixed field of {@code size} bytes: the text, a NUL, zero padding. The text must be shorter
   * than the field (the original refuses {@code strlen >= size}) and free of NUL (a reader stops at
   * the first one, so the text would silently come out shorter).
   */
  BodyWriter fixed(String s, int size) {
    byte[] b = noNul(s);
    if (b.length >= size) {
      throw new IllegalArgumentException(
          "'" + s + "' is " + b.length + " bytes; the field holds " + (size - 1));
    }
    ensure(size);
    System.arraycopy(b, 0, buf, pos, b.length);
    Arrays.fill(buf, pos + b.length, pos + size, (byte) 0);
    pos += size;
    return this;
  }

  /** A string as a 2-byte length and UTF-8 bytes. */
  BodyWriter str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > 0xFFFF) {
      throw new IllegalArgumentException("string of " + b.length + " bytes is too long");
    }
    u16(b.length);
    return bytes(b);
  }

  /** Text and a terminating NUL; the text must be free of NUL (see {@link #fixed}). */
  BodyWriter cstr(String s) {
    bytes(noNul(s));
    return u8(0);
  }

  private static byte[] noNul(String s) {
    if (s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("text for a NUL-terminated field contains NUL");
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  int size() {
    return pos;
  }

  byte[] toArray() {
    return Arrays.copyOf(buf, pos);
  }
}
