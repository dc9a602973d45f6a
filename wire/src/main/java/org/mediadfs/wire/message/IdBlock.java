package org.mediadfs.wire.message;

import java.util.Objects;

/**
 * The 400-byte block that names a file in most requests.
 *
 * <pre>
 * offset size field
 *      0   16 app ID, NUL-terminated (at most 15 bytes)
 *     16  256 user ID, NUL-terminated (at most 255 bytes of UTF-8)
 *    272  128 file ID, NUL-terminated (at most 127 bytes)
 * </pre>
 *
 * Readers stop at the first NUL of each field: the original client leaves stack garbage after it.
 */
public record IdBlock(String appId, String userId, String fileId) {
  /** Size on the wire. */
  public static final int SIZE = 400;

  /** Size of the app ID field. */
  public static final int APP_ID_FIELD = 16;

  /** Size of the user ID field. */
  public static final int USER_ID_FIELD = 256;

  /** Size of the file ID field. */
  public static final int FILE_ID_FIELD = 128;

  public IdBlock {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(fileId, "fileId");
  }
}
