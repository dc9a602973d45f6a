package org.mediadfs.wire;

/**
 * The 10-byte header in front of every message.
 *
 * <pre>
 * offset size field
 *      0    8 body length, big-endian signed (never negative)
 *      8    1 command
 *      9    1 status: 0 success (requests always 0), 0xFD (-3) error reply
 * </pre>
 *
 * @param bodyLength bytes that follow the header
 * @param command the command byte, 0–255 (kept raw so an unknown code can be reported)
 * @param status the status byte, 0–255
 */
public record FrameHeader(long bodyLength, int command, int status) {
  /** Size of the header on the wire. */
  public static final int SIZE = 10;

  /** Status of a success. */
  public static final int STATUS_OK = 0;

  /** Status of an error reply: the original's STATUS_ERROR (-3) as an unsigned byte. */
  public static final int STATUS_ERROR = 0xFD;

  public FrameHeader {
    if (command < 0 || command > 255 || status < 0 || status > 255) {
      throw new IllegalArgumentException("command and status are single bytes");
    }
  }

  /** True when the status byte is not 0 (the original treats any non-zero status as error). */
  public boolean isError() {
    return status != STATUS_OK;
  }

  /** Encodes the header into 10 bytes. */
  public byte[] toBytes() {
    byte[] b = new byte[SIZE];
    Bytes.putLong(b, 0, bodyLength);
    b[8] = (byte) command;
    b[9] = (byte) status;
    return b;
  }

  /** Decodes 10 bytes; no check of the values is made here. */
  public static FrameHeader fromBytes(byte[] b) {
    return new FrameHeader(Bytes.getLong(b, 0), b[8] & 0xFF, b[9] & 0xFF);
  }
}
