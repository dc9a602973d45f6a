package org.mediadfs.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The wire module's golden vectors ({@code wire/src/test/resources/golden/*.hex}): complete frames
 * written by hand from the protocol's byte tables. The fuzzer mutates them, so it starts from
 * frames every server must understand and reaches deep into each decoder.
 */
final class Golden {
  /** One vector. */
  record Vector(String name, byte[] frame) {}

  private Golden() {}

  /** Every vector of the folder. */
  static List<Vector> load(Path dir) throws IOException {
    List<Vector> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(f -> f.toString().endsWith(".hex")).sorted().toList()) {
        out.add(
            new Vector(
                p.getFileName().toString(), parse(Files.readString(p, StandardCharsets.UTF_8))));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no golden vectors in " + dir);
    }
    return out;
  }

  /** Hex byte pairs separated by whitespace; {@code #} starts a comment to the end of the line. */
  static byte[] parse(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String line : text.split("\n")) {
      int hash = line.indexOf('#');
      String data = hash >= 0 ? line.substring(0, hash) : line;
      for (String tok : data.trim().split("\\s+")) {
        if (!tok.isEmpty()) {
          out.write(Integer.parseInt(tok, 16));
        }
      }
    }
    return out.toByteArray();
  }
}
