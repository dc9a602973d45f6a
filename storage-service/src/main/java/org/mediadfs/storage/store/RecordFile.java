package org.mediadfs.storage.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedMap;
import java.util.zip.CRC32C;

/**
 * The small text records a node keeps on disk ({@code node.id}, {@code store.id}, the per-file
 * {@code .meta} sidecars). Every one carries a kind, a format version and a CRC (style rule 6), so
 * a torn or foreign file is detected instead of misread:
 *
 * <pre>
 * mediadfs-&lt;kind&gt; &lt;version&gt;\n
 * key=value\n            (values escaped: \\ \n \r, other control characters as \\uXXXX)
 * ...
 * crc32c=&lt;8 hex digits&gt;\n   (CRC32C of every byte before this line)
 * </pre>
 *
 * Readers accept every version up to the one they know; unknown keys are kept, not rejected.
 *
 * @param kind what the record is ({@code node}, {@code store}, {@code file})
 * @param version the format version
 * @param fields the key/value pairs in file order
 */
public record RecordFile(String kind, int version, SequencedMap<String, String> fields) {
  private static final String MAGIC = "mediadfs-";
  private static final String CRC_KEY = "crc32c=";

  private static final java.util.regex.Pattern KIND =
      java.util.regex.Pattern.compile("[a-z]{1,16}");

  public RecordFile {
    if (!KIND.matcher(kind).matches() || version < 1) {
      throw new IllegalArgumentException("bad record kind or version: " + kind + " " + version);
    }
    fields = new LinkedHashMap<>(fields);
    for (String k : fields.keySet()) {
      if (!isKey(k) || k.equals("crc32c")) {
        throw new IllegalArgumentException("bad record key: " + k);
      }
    }
  }

  /**
   * True for {@code [a-z][a-z0-9-]{0,31}}, by hand: every sidecar record checks its twelve keys,
   * and the regular expression was 4% of an upload thread's time.
   */
  private static boolean isKey(String k) {
    if (k.isEmpty() || k.length() > 32 || k.charAt(0) < 'a' || k.charAt(0) > 'z') {
      return false;
    }
    for (int i = 1; i < k.length(); i++) {
      char c = k.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** A field's value. */
  public String get(String key) throws CorruptRecordException {
    String v = fields.get(key);
    if (v == null) {
      throw new CorruptRecordException("record " + kind + " lacks field " + key);
    }
    return v;
  }

  /** A numeric field. */
  public long getLong(String key) throws CorruptRecordException {
    String v = get(key);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new CorruptRecordException("field " + key + " is not a number: " + v);
    }
  }

  /** The bytes of this record. */
  public byte[] encode() {
    StringBuilder b = new StringBuilder();
    b.append(MAGIC).append(kind).append(' ').append(version).append('\n');
    fields.forEach((k, v) -> b.append(k).append('=').append(escape(v)).append('\n'));
    byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
    CRC32C crc = new CRC32C();
    crc.update(body);
    byte[] tail =
        (CRC_KEY + Long.toHexString(crc.getValue() | 0x1_0000_0000L).substring(1) + "\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[body.length + tail.length];
    System.arraycopy(body, 0, all, 0, body.length);
    System.arraycopy(tail, 0, all, body.length, tail.length);
    return all;
  }

  /**
   * Decodes a record and checks its CRC, kind and version.
   *
   * @param expectedKind the kind the caller wants
   * @param maxVersion the newest version the caller understands
   * @throws CorruptRecordException if anything does not match
   */
  public static RecordFile decode(byte[] bytes, String expectedKind, int maxVersion)
      throws CorruptRecordException {
    int crcAt = lastLineStart(bytes);
    if (crcAt < 0) {
      throw new CorruptRecordException("record is truncated (no final newline)");
    }
    String crcLine = new String(bytes, crcAt, bytes.length - crcAt - 1, StandardCharsets.UTF_8);
    if (!crcLine.startsWith(CRC_KEY)) {
      throw new CorruptRecordException("record has no crc32c line");
    }
    long expected;
    try {
      expected = Long.parseLong(crcLine.substring(CRC_KEY.length()), 16);
    } catch (NumberFormatException e) {
      throw new CorruptRecordException("bad crc32c line: " + crcLine);
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, crcAt);
    if (crc.getValue() != expected) {
      throw new CorruptRecordException(
          String.format(
              Locale.ROOT,
              "crc32c mismatch: stored %08x, computed %08x",
              expected,
              crc.getValue()));
    }
    String text = new String(bytes, 0, crcAt, StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    String[] head = lines[0].split(" ");
    if (head.length != 2 || !head[0].startsWith(MAGIC)) {
      throw new CorruptRecordException("not a mediadfs record: " + lines[0]);
    }
    String kind = head[0].substring(MAGIC.length());
    if (!kind.equals(expectedKind)) {
      throw new CorruptRecordException("expected a " + expectedKind + " record, found " + kind);
    }
    int version;
    try {
      version = Integer.parseInt(head[1]);
    } catch (NumberFormatException e) {
      throw new CorruptRecordException("bad version: " + head[1]);
    }
    if (version < 1 || version > maxVersion) {
      throw new CorruptRecordException(
          "record version "
              + version
              + " is newer than this node understands ("
              + maxVersion
              + ")");
    }
    SequencedMap<String, String> fields = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        continue;
      }
      int eq = lines[i].indexOf('=');
      if (eq <= 0) {
        throw new CorruptRecordException("bad line: " + lines[i]);
      }
      fields.put(lines[i].substring(0, eq), unescape(lines[i].substring(eq + 1)));
    }
    try {
      return new RecordFile(kind, version, fields);
    } catch (IllegalArgumentException e) {
      throw new CorruptRecordException(e.getMessage());
    }
  }

  /** Reads and decodes a record file. */
  public static RecordFile read(Path file, String expectedKind, int maxVersion)
      throws IOException, CorruptRecordException {
    long size = Files.size(file);
    if (size > 64 * 1024) {
      throw new CorruptRecordException(file + " is too large for a record (" + size + " bytes)");
    }
    return decode(Files.readAllBytes(file), expectedKind, maxVersion);
  }

  /**
   * Writes the record durably: a temporary file beside the target, fsync, atomic rename, and (when
   * {@code syncDir}) fsync of the directory.
   */
  public void writeAtomically(Path target, boolean sync) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    writeTo(tmp, sync);
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    if (sync) {
      Fsync.directory(target.getParent());
    }
  }

  /**
   * Writes the record in place, without fsync: for a file that has no record yet, where a write
   * torn by a crash is caught by the CRC like a missing one (and no older record can be lost).
   */
  public void writeInPlace(Path target) throws IOException {
    writeTo(target, false);
  }

  private void writeTo(Path file, boolean sync) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(encode());
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      if (sync) {
        ch.force(false);
      }
    }
  }

  private static int lastLineStart(byte[] b) {
    if (b.length == 0 || b[b.length - 1] != '\n') {
      return -1;
    }
    for (int i = b.length - 2; i >= 0; i--) {
      if (b[i] == '\n') {
        return i + 1;
      }
    }
    return -1;
  }

  static String escape(String v) {
    int clean = 0;
    while (clean < v.length()
        && v.charAt(clean) >= 0x20
        && v.charAt(clean) != '\\'
        && v.charAt(clean) != 0x7f) {
      clean++;
    }
    if (clean == v.length()) {
      return v; // nothing to escape: most values
    }
    StringBuilder b = new StringBuilder(v.length() + 8);
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  static String unescape(String v) throws CorruptRecordException {
    StringBuilder b = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (i + 1 >= v.length()) {
        throw new CorruptRecordException("dangling escape in " + v);
      }
      char n = v.charAt(++i);
      switch (n) {
        case '\\' -> b.append('\\');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 'u' -> {
          if (i + 4 >= v.length()) {
            throw new CorruptRecordException("short \\u escape in " + v);
          }
          try {
            b.append((char) Integer.parseInt(v.substring(i + 1, i + 5), 16));
          } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new CorruptRecordException("bad \\u escape in " + v);
          }
          i += 4;
        }
        default -> throw new CorruptRecordException("unknown escape \\" + n + " in " + v);
      }
    }
    return b.toString();
  }

  /** A record that is torn, foreign, from a newer version, or fails its CRC. */
  public static final class CorruptRecordException extends Exception {
    public CorruptRecordException(String message) {
      super(message);
    }
  }

  /** A builder-style helper: a record of {@code kind} version {@code version} from pairs. */
  public static RecordFile of(String kind, int version, Map<String, String> fields) {
    SequencedMap<String, String> ordered =
        fields instanceof SequencedMap<String, String> m ? m : new LinkedHashMap<>(fields);
    return new RecordFile(kind, version, ordered); // which copies it
  }
}
