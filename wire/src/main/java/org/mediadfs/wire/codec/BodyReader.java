package org.mediadfs.wire.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.mediadfs.wire.Bytes;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.MalformedFrameException;

/** Reads a body that is fully in memory; every read is bounds-checked. */
final class BodyReader {
  private final byte[] buf;
  private int pos;

  BodyReader(byte[] buf) {
    this.buf = buf;
  }

  private void need(int n) throws MalformedFrameException {
    if (n < 0 || pos + n > buf.length) {
      throw new MalformedFrameException(
          "body too short: needs " + n + " more bytes at offset " + pos + " of " + buf.length);
    }
  }

  int u8() throws MalformedFrameException {
    need(1);
    return buf[pos++] & 0xFF;
  }

  int u16() throws MalformedFrameException {
    need(2);
    int v = Bytes.getShort(buf, pos) & 0xFFFF;
    pos += 2;
    return v;
  }

  short i16() throws MalformedFrameException {
    need(2);
    short v = Bytes.getShort(buf, pos);
    pos += 2;
    return v;
  }

  int i32() throws MalformedFrameException {
    need(4);
    int v = Bytes.getInt(buf, pos);
    pos += 4;
    return v;
  }

  /**
   * A count that must be small enough for the bytes left, each item taking at least {@code min}.
   */
  int count(int min) throws MalformedFrameException {
    int n = i32();
    if (n < 0 || (long) n * min > remaining()) {
      throw new MalformedFrameException("list count " + n + " does not fit the body");
    }
    return n;
  }

  long i64() throws MalformedFrameException {
    need(8);
    long v = Bytes.getLong(buf, pos);
    pos += 8;
    return v;
  }

  byte[] bytes(int n) throws MalformedFrameException {
    need(n);
    byte[] b = new byte[n];
    System.arraycopy(buf, pos, b, 0, n);
    pos += n;
    return b;
  }

  /**
   * A fixed field: the text up to its first NUL; whatever follows the NUL is ignored (the original
   * client sends uninitialised bytes there). A field without any NUL is refused: the original never
   * sends one (it refuses {@code strlen >= size}), and its text would be one byte longer than the
   * field allows.
   */
  String fixed(int size) throws MalformedFrameException {
    need(size);
    int end = pos;
    while (end < pos + size && buf[end] != 0) {
      end++;
    }
    if (end == pos + size) {
      throw new MalformedFrameException(
          ErrorCode.INVALID_NAME,
          "text field of " + size + " bytes at offset " + pos + " is not NUL-terminated");
    }
    String s = utf8(buf, pos, end - pos);
    pos += size;
    return s;
  }

  /** A 2-byte length and UTF-8 bytes. */
  String str() throws MalformedFrameException {
    int n = u16();
    need(n);
    String s = utf8(buf, pos, n);
    pos += n;
    return s;
  }

  /** The text up to the first NUL or the end of the body; consumes the rest. */
  String cstrRest() throws MalformedFrameException {
    int end = pos;
    while (end < buf.length && buf[end] != 0) {
      end++;
    }
    String s = utf8(buf, pos, end - pos);
    pos = buf.length;
    return s;
  }

  /**
   * Like {@link #cstrRest()}, but bytes that are not UTF-8 become U+FFFD instead of failing: for
   * diagnostic text (error replies), where losing the reply would be worse than a garbled letter.
   */
  String cstrRestLenient() {
    int end = pos;
    while (end < buf.length && buf[end] != 0) {
      end++;
    }
    String s = new String(buf, pos, end - pos, StandardCharsets.UTF_8);
    pos = buf.length;
    return s;
  }

  int remaining() {
    return buf.length - pos;
  }

  void expectEnd() throws MalformedFrameException {
    if (pos != buf.length) {
      throw new MalformedFrameException(
          (buf.length - pos) + " unexpected bytes at the end of the body");
    }
  }

  static String utf8(byte[] b, int off, int len) throws MalformedFrameException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, off, len))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedFrameException(ErrorCode.INVALID_NAME, "text is not valid UTF-8");
    }
  }
}
