package org.mediadfs.web.stream;

import java.util.Optional;
import org.mediadfs.wire.Names;

/**
 * The file a stream URL names: {@code /files/{fileId}} (the original's URL) or {@code
 * /files/{fileId}/{name}}, where {@code name} is a friendly download name that only changes the
 * {@code Content-Disposition} header. Parsed from the servlet's decoded path info. Invariant:
 * {@code fileId} is a valid protocol file ID (never a path); {@code name}, when present, is 1 to
 * {@value #NAME_MAX} characters without control characters.
 *
 * @param fileId the file ID
 * @param name the friendly name, if the URL has one
 */
public record FilePath(String fileId, Optional<String> name) {
  /** Longest friendly name accepted (characters). */
  public static final int NAME_MAX = 255;

  public FilePath {
    if (!Names.validFileId(fileId)) {
      throw new IllegalArgumentException("invalid file ID");
    }
    name.ifPresent(FilePath::checkName);
  }

  /**
   * Parses the servlet path info ({@code /id} or {@code /id/name}); empty when it names no file.
   * Anything after the second slash is the name, so a name may not contain a slash.
   */
  public static Optional<FilePath> parse(String pathInfo) {
    if (pathInfo == null || !pathInfo.startsWith("/")) {
      return Optional.empty();
    }
    String rest = pathInfo.substring(1);
    int slash = rest.indexOf('/');
    String id = slash < 0 ? rest : rest.substring(0, slash);
    if (!Names.validFileId(id)) {
      return Optional.empty();
    }
    if (slash < 0) {
      return Optional.of(new FilePath(id, Optional.empty()));
    }
    String name = rest.substring(slash + 1);
    if (name.isEmpty()) {
      // "/files/id/" is the file itself, without a name.
      return Optional.of(new FilePath(id, Optional.empty()));
    }
    if (!validName(name)) {
      return Optional.empty();
    }
    return Optional.of(new FilePath(id, Optional.of(name)));
  }

  /**
   * Parses a raw (still percent-encoded) path info, decoding it as UTF-8 whatever the container's
   * URI charset: browsers send non-ASCII names as UTF-8 percent escapes (RFC 3986 §2.5). Empty for
   * a malformed escape or invalid UTF-8.
   */
  public static Optional<FilePath> parseRaw(String rawPathInfo) {
    if (rawPathInfo == null) {
      return Optional.empty();
    }
    return decode(rawPathInfo).flatMap(FilePath::parse);
  }

  /** Percent-decodes a path as UTF-8 ({@code +} stays a plus); empty when malformed. */
  static Optional<String> decode(String raw) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return Optional.empty();
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return Optional.empty();
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else if (c < 0x80) {
        out.write(c);
      } else {
        byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    try {
      return Optional.of(
          java.nio.charset.StandardCharsets.UTF_8
              .newDecoder()
              .decode(java.nio.ByteBuffer.wrap(out.toByteArray()))
              .toString());
    } catch (java.nio.charset.CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** True for a usable friendly name: no slash, no control characters, not too long. */
  public static boolean validName(String name) {
    if (name.isEmpty() || name.length() > NAME_MAX || name.equals(".") || name.equals("..")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '/' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private static void checkName(String name) {
    if (!validName(name)) {
      throw new IllegalArgumentException("invalid download name");
    }
  }
}
