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

  BodyWriter i16(int v) {
    ensure(2);
    Bytes.putShort(buf, pos, (short) v);
    pos += 2;
    return this;
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
   * than the field (the original refuses {@code strlen >= size}).
   */
  BodyWriter fixed(String s, int size) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
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
    i16(b.length);
    return bytes(b);
  }

  /** Text and a terminating NUL. */
  BodyWriter cstr(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    bytes(b);
    return u8(0);
  }

  int size() {
    return pos;
  }

  byte[] toArray() {
    return Arrays.copyOf(buf, pos);
  }
}
