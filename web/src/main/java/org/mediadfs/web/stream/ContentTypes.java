package org.mediadfs.web.stream;

import java.nio.charset.StandardCharsets;

/**
 * Guesses a media type from a file's first bytes when the upload gave none, so that browsers play
 * common video, audio and image files inline. Pure; looks at most at {@value #SNIFF_BYTES} bytes.
 */
public final class ContentTypes {
  /** How many leading bytes {@link #sniff} needs to see. */
  public static final int SNIFF_BYTES = 512;

  /** The type of anything not recognised. */
  public static final String OCTET_STREAM = "application/octet-stream";

  private ContentTypes() {}

  /** The media type for these leading bytes ({@code n} of {@code b} are valid). */
  public static String sniff(byte[] b, int n) {
    if (n >= 12 && ascii(b, 4, "ftyp")) {
      String brand = new String(b, 8, 4, StandardCharsets.ISO_8859_1);
      return switch (brand) {
        case "qt  " -> "video/quicktime";
        case "M4A ", "M4B " -> "audio/mp4";
        default -> "video/mp4";
      };
    }
    if (n >= 4
        && (b[0] & 0xFF) == 0x1A
        && (b[1] & 0xFF) == 0x45
        && (b[2] & 0xFF) == 0xDF
        && (b[3] & 0xFF) == 0xA3) {
      return contains(b, n, "webm") ? "video/webm" : "video/x-matroska";
    }
    if (n >= 4 && ascii(b, 0, "OggS")) {
      return contains(b, n, "theora") ? "video/ogg" : "audio/ogg";
    }
    if (n >= 12 && ascii(b, 0, "RIFF")) {
      if (ascii(b, 8, "WAVE")) {
        return "audio/wav";
      }
      if (ascii(b, 8, "AVI ")) {
        return "video/x-msvideo";
      }
      if (ascii(b, 8, "WEBP")) {
        return "image/webp";
      }
    }
    if (n >= 4 && ascii(b, 0, "fLaC")) {
      return "audio/flac";
    }
    if (n >= 3 && ascii(b, 0, "ID3")) {
      return "audio/mpeg";
    }
    if (n >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE0) == 0xE0 && (b[1] & 0x06) != 0) {
      return "audio/mpeg";
    }
    if (n >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
      return "image/jpeg";
    }
    if (n >= 8 && (b[0] & 0xFF) == 0x89 && ascii(b, 1, "PNG")) {
      return "image/png";
    }
    if (n >= 4 && ascii(b, 0, "GIF8")) {
      return "image/gif";
    }
    // MPEG transport stream: a sync byte every 188 bytes.
    if (n > 376 && (b[0] & 0xFF) == 0x47 && (b[188] & 0xFF) == 0x47 && (b[376] & 0xFF) == 0x47) {
      return "video/mp2t";
    }
    return OCTET_STREAM;
  }

  private static boolean ascii(byte[] b, int off, String s) {
    if (off + s.length() > b.length) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (b[off + i] != (byte) s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean contains(byte[] b, int n, String s) {
    for (int i = 0; i + s.length() <= Math.min(n, b.length); i++) {
      if (ascii(b, i, s)) {
        return true;
      }
    }
    return false;
  }
}
