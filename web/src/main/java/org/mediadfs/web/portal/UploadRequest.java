package org.mediadfs.web.portal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an upload {@code PUT} announces in its headers, checked before a byte of the body is read:
 * {@code Content-Length} (required: the cluster's upload needs the size up front, and the limit is
 * enforced without reading), {@code X-File-Name} (the file's name, URL-encoded by the page's
 * script, since a header carries only ASCII safely) and {@code Content-Type}. Pure.
 *
 * <p>The stored content type is the one the browser sends for audio, video and raster images, or
 * one guessed from the name's extension. Anything else (HTML, SVG, scripts, ...) is stored as
 * {@code application/octet-stream}: stream URLs are on the portal's own origin, and a file served
 * back as {@code text/html} would run its scripts there.
 */
public sealed interface UploadRequest {
  /** Header carrying the URL-encoded file name. */
  String FILE_NAME_HEADER = "X-File-Name";

  /** Longest original name kept (characters; the stream URL's download name has the same bound). */
  int NAME_MAX = 255;

  /** Longest title kept (characters; the catalog's column). */
  int TITLE_MAX = 200;

  /** The type of a file the portal will not label as media. */
  String OCTET_STREAM = "application/octet-stream";

  /**
   * An upload to stream into the cluster.
   *
   * @param originalName the file's name, without any folder, control characters or slashes
   * @param title the name without its extension, for the library
   * @param contentType a media type, {@link #OCTET_STREAM}, or empty when unknown (the streaming
   *     servlet then sniffs the first bytes)
   * @param length bytes the body holds
   */
  record Accepted(String originalName, String title, String contentType, long length)
      implements UploadRequest {}

  /**
   * An upload refused before its body was read.
   *
   * @param status 400, 411 or 413
   * @param message what the page shows
   */
  record Refused(int status, String message) implements UploadRequest {}

  /** Media types accepted as sent: {@code type/subtype} of RFC 9110 token characters. */
  Pattern MEDIA_TYPE =
      Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,62}/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}");

  /** Types guessed from a name's extension when the browser sent none. */
  Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("webm", "video/webm"),
          Map.entry("mp4", "video/mp4"),
          Map.entry("m4v", "video/mp4"),
          Map.entry("mov", "video/quicktime"),
          Map.entry("mkv", "video/x-matroska"),
          Map.entry("ogv", "video/ogg"),
          Map.entry("ts", "video/mp2t"),
          Map.entry("avi", "video/x-msvideo"),
          Map.entry("ogg", "audio/ogg"),
          Map.entry("oga", "audio/ogg"),
          Map.entry("opus", "audio/ogg"),
          Map.entry("mp3", "audio/mpeg"),
          Map.entry("m4a", "audio/mp4"),
          Map.entry("wav", "audio/wav"),
          Map.entry("flac", "audio/flac"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("png", "image/png"),
          Map.entry("gif", "image/gif"),
          Map.entry("webp", "image/webp"),
          Map.entry("avif", "image/avif"));

  /**
   * Checks an upload's headers.
   *
   * @param fileNameHeader {@value #FILE_NAME_HEADER}, URL-encoded, or null
   * @param contentType the {@code Content-Type} header, or null
   * @param contentLength the {@code Content-Length}, -1 when absent
   * @param transferEncoding the {@code Transfer-Encoding} header, or null
   * @param maxUpload the largest upload accepted, bytes
   */
  static UploadRequest check(
      String fileNameHeader,
      String contentType,
      long contentLength,
      String transferEncoding,
      long maxUpload) {
    if (contentLength < 0 || transferEncoding != null && !transferEncoding.isBlank()) {
      return new Refused(
          411, "The upload must state its size (Content-Length); chunked uploads are refused.");
    }
    if (contentLength > maxUpload) {
      return new Refused(
          413,
          "The file is "
              + Formats.size(contentLength)
              + "; the largest upload allowed is "
              + Formats.size(maxUpload)
              + ".");
    }
    if (contentLength == 0) {
      return new Refused(400, "The file is empty.");
    }
    if (fileNameHeader == null || fileNameHeader.isBlank()) {
      return new Refused(400, "The upload has no file name (" + FILE_NAME_HEADER + ").");
    }
    String decoded;
    try {
      decoded = URLDecoder.decode(fileNameHeader, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return new Refused(400, "The file name is not correctly URL-encoded.");
    }
    String name = cleanName(decoded);
    if (name.isEmpty()) {
      return new Refused(400, "The file name has no usable characters.");
    }
    return new Accepted(name, title(name), contentType(contentType, name), contentLength);
  }

  /**
   * A name fit for the catalog and for the download name of a stream URL: the last segment of any
   * path, control characters dropped, blanks trimmed, {@code .} and {@code ..} refused (empty), at
   * most {@value #NAME_MAX} characters (the extension kept when it has to be shortened).
   */
  static String cleanName(String raw) {
    String s = raw;
    int cut = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
    if (cut >= 0) {
      s = s.substring(cut + 1);
    }
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .filter(cp -> !Character.isISOControl(cp) && cp != 0x2028 && cp != 0x2029)
        .forEach(b::appendCodePoint);
    String out = b.toString().strip();
    if (out.equals(".") || out.equals("..")) {
      return "";
    }
    if (out.length() > NAME_MAX) {
      String ext = extension(out);
      String suffix = ext.isEmpty() || ext.length() > 16 ? "" : "." + ext;
      out = cutCodePoints(out, NAME_MAX - suffix.length()).strip() + suffix;
    }
    return out;
  }

  /** The name without its last extension (unless that leaves nothing), shortened for a title. */
  static String title(String name) {
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot).strip() : name;
    if (base.isEmpty()) {
      base = name;
    }
    return cutCodePoints(base, TITLE_MAX).strip();
  }

  /**
   * The type to store: the browser's media type without parameters when it is audio, video or a
   * raster image; otherwise the extension's type; otherwise {@link #OCTET_STREAM} for a type that
   * was given but is not media, or empty when nothing is known.
   */
  static String contentType(String header, String name) {
    String t = header == null ? "" : header;
    int semi = t.indexOf(';');
    if (semi >= 0) {
      t = t.substring(0, semi);
    }
    t = t.strip().toLowerCase(Locale.ROOT);
    if (MEDIA_TYPE.matcher(t).matches() && isMedia(t)) {
      return t;
    }
    String guess = BY_EXTENSION.get(extension(name).toLowerCase(Locale.ROOT));
    if (guess != null) {
      return guess;
    }
    return t.isEmpty() || t.equals(OCTET_STREAM) ? "" : OCTET_STREAM;
  }

  /** True for audio, video and raster image types (never SVG, which can hold scripts). */
  static boolean isMedia(String type) {
    if (type.startsWith("video/") || type.startsWith("audio/")) {
      return true;
    }
    return type.startsWith("image/") && !type.contains("svg");
  }

  /** The text after the last dot, or empty. */
  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1);
  }

  private static String cutCodePoints(String s, int maxChars) {
    if (s.length() <= maxChars) {
      return s;
    }
    int end = maxChars;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }
}
