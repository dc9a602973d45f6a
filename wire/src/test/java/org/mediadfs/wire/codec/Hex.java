package org.mediadfs.wire.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Reads the golden vectors in {@code src/test/resources/golden}: hex digits in pairs, separated by
 * any whitespace, with {@code #} starting a comment that runs to the end of the line.
 */
final class Hex {
  private Hex() {}

  /** The bytes written in {@code text}. */
  static byte[] parse(String text) {
    StringBuilder digits = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      int hash = line.indexOf('#');
      String data = hash >= 0 ? line.substring(0, hash) : line;
      for (String token : data.trim().split("\\s+")) {
        if (token.isEmpty()) {
          continue;
        }
        if (token.length() != 2) {
          throw new IllegalArgumentException("hex bytes are written as pairs: '" + token + "'");
        }
        digits.append(token);
      }
    }
    return HexFormat.of().parseHex(digits);
  }

  /** The bytes of {@code golden/<name>.hex} on the test class path. */
  static byte[] golden(String name) {
    String path = "/golden/" + name + ".hex";
    try (InputStream in = Hex.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no golden vector " + path);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bytes as spaced hex, for failure messages. */
  static String format(byte[] b) {
    return HexFormat.ofDelimiter(" ").formatHex(b);
  }

  /** Concatenation. */
  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
