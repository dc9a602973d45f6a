package org.mediadfs.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules for names and IDs, and the original's {@code valid()} and {@code split()} helpers
 * (seed-reference §2.2; the seed notes' versions are stubs, §13.1 bug 6).
 */
public final class Names {
  /** Longest group name in bytes (the 17-byte field holds 16 and the NUL). */
  public static final int GROUP_NAME_MAX = 16;

  /** Longest app ID in bytes (16-byte field). */
  public static final int APP_ID_MAX = 15;

  /** Longest user ID in bytes (256-byte field). */
  public static final int USER_ID_MAX = 255;

  /** Longest file ID in bytes (128-byte field). */
  public static final int FILE_ID_MAX = 127;

  private Names() {}

  /** The original's {@code valid()}: non-empty and only {@code [A-Za-z0-9]}. */
  public static boolean valid(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }

  /** The original's {@code split()}: pieces between {@code ;}, empty pieces dropped. */
  public static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    if (s == null) {
      return out;
    }
    for (String piece : s.split(";")) {
      String t = piece.strip();
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  /** A group name: {@link #valid} and at most {@value #GROUP_NAME_MAX} bytes. */
  public static boolean validGroupName(String s) {
    return valid(s) && s.length() <= GROUP_NAME_MAX;
  }

  /** An app ID: {@link #valid} and at most {@value #APP_ID_MAX} bytes. */
  public static boolean validAppId(String s) {
    return valid(s) && s.length() <= APP_ID_MAX;
  }

  /** A user ID: 1 to {@value #USER_ID_MAX} bytes of UTF-8 without NUL. */
  public static boolean validUserId(String s) {
    if (s == null || s.isEmpty() || s.indexOf('\0') >= 0) {
      return false;
    }
    return s.getBytes(StandardCharsets.UTF_8).length <= USER_ID_MAX;
  }

  /**
   * A file ID: 1 to {@value #FILE_ID_MAX} bytes of {@code [A-Za-z0-9._-]}, not made of dots only.
   * File IDs are never used as paths, but they appear in URLs and logs.
   */
  public static boolean validFileId(String s) {
    if (s == null || s.isEmpty() || s.length() > FILE_ID_MAX) {
      return false;
    }
    boolean onlyDots = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || c >= '0' && c <= '9'
              || c == '.'
              || c == '_'
              || c == '-';
      if (!ok) {
        return false;
      }
      onlyDots &= c == '.';
    }
    return !onlyDots;
  }

  /** Throws {@link MalformedFrameException} with {@link ErrorCode#INVALID_NAME} unless valid. */
  public static String requireFileId(String s) throws MalformedFrameException {
    if (!validFileId(s)) {
      throw new MalformedFrameException(ErrorCode.INVALID_NAME, "invalid file id: " + quote(s));
    }
    return s;
  }

  /** Throws {@link MalformedFrameException} with {@link ErrorCode#INVALID_NAME} unless valid. */
  public static String requireUserId(String s) throws MalformedFrameException {
    if (!validUserId(s)) {
      throw new MalformedFrameException(ErrorCode.INVALID_NAME, "invalid user id: " + quote(s));
    }
    return s;
  }

  /** Throws {@link MalformedFrameException} with {@link ErrorCode#INVALID_NAME} unless valid. */
  public static String requireGroupName(String s) throws MalformedFrameException {
    if (!validGroupName(s)) {
      throw new MalformedFrameException(ErrorCode.INVALID_NAME, "invalid group name: " + quote(s));
    }
    return s;
  }

  /** A short, printable rendering of untrusted text for error messages and logs. */
  public static String quote(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder("'");
    int n = Math.min(s.length(), 64);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    if (s.length() > n) {
      b.append("...");
    }
    return b.append('\'').toString();
  }
}
