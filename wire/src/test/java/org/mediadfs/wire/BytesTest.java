package org.mediadfs.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Big-endian two's complement, checked against hand-written bytes and {@link ByteBuffer}. */
class BytesTest {
  private static byte[] hex(String s) {
    return HexFormat.ofDelimiter(" ").parseHex(s);
  }

  @Test
  void longIsBigEndian() {
    byte[] b = new byte[8];
    Bytes.putLong(b, 0, 0x0102030405060708L);
    assertThat(b).isEqualTo(hex("01 02 03 04 05 06 07 08"));
    assertThat(Bytes.getLong(hex("01 02 03 04 05 06 07 08"), 0)).isEqualTo(0x0102030405060708L);
  }

  @Test
  void longKeepsEveryByteNotOnlyTheLast() {
    // the seed notes' ntoll assigns each byte with '=' and keeps only the last one: 256 -> 0
    assertThat(Bytes.getLong(hex("00 00 00 00 00 00 01 00"), 0)).isEqualTo(256);
    assertThat(Bytes.getLong(hex("00 00 00 00 00 04 00 00"), 0)).isEqualTo(262_144);
    assertThat(Bytes.getLong(hex("80 00 00 00 00 00 00 01"), 0)).isEqualTo(Long.MIN_VALUE + 1);
  }

  @Test
  void negativeLongsAreTwosComplement() {
    assertThat(Bytes.getLong(hex("ff ff ff ff ff ff ff ff"), 0)).isEqualTo(-1);
    assertThat(Bytes.getLong(hex("ff ff ff ff ff ff ff 00"), 0)).isEqualTo(-256);
    byte[] b = new byte[8];
    Bytes.putLong(b, 0, -2);
    assertThat(b).isEqualTo(hex("ff ff ff ff ff ff ff fe"));
    assertThat(Bytes.getLong(hex("7f ff ff ff ff ff ff ff"), 0)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void intIsBigEndianAndSigned() {
    byte[] b = new byte[4];
    Bytes.putInt(b, 0, 0x0A0B0C0D);
    assertThat(b).isEqualTo(hex("0a 0b 0c 0d"));
    assertThat(Bytes.getInt(hex("80 00 00 00"), 0)).isEqualTo(Integer.MIN_VALUE);
    assertThat(Bytes.getInt(hex("ff ff ff fe"), 0)).isEqualTo(-2);
    assertThat(Bytes.getInt(hex("00 00 00 ff"), 0)).isEqualTo(255);
  }

  @Test
  void shortIsBigEndianAndSigned() {
    byte[] b = new byte[2];
    Bytes.putShort(b, 0, (short) 23001);
    assertThat(b).isEqualTo(hex("59 d9"));
    // the original's error number -1 and STATUS_ERROR -3
    assertThat(Bytes.getShort(hex("ff ff"), 0)).isEqualTo((short) -1);
    assertThat(Bytes.getShort(hex("ff fd"), 0)).isEqualTo((short) -3);
    assertThat(Bytes.getShort(hex("ff 00"), 0)).isEqualTo((short) -256);
    assertThat(Bytes.getShort(hex("00 ff"), 0)).isEqualTo((short) 255);
    // ports above 32767 are read unsigned by masking
    assertThat(Bytes.getShort(hex("ea 60"), 0) & 0xFFFF).isEqualTo(60000);
  }

  @Test
  void offsetsAreRespectedAndNeighboursUntouched() {
    byte[] b = hex("aa aa aa aa aa aa aa aa aa aa aa aa");
    Bytes.putLong(b, 2, 0);
    assertThat(b).isEqualTo(hex("aa aa 00 00 00 00 00 00 00 00 aa aa"));
    Bytes.putInt(b, 3, -1);
    Bytes.putShort(b, 8, (short) 0x1234);
    assertThat(b).isEqualTo(hex("aa aa 00 ff ff ff ff 00 12 34 aa aa"));
    assertThat(Bytes.getInt(b, 3)).isEqualTo(-1);
    assertThat(Bytes.getShort(b, 8)).isEqualTo((short) 0x1234);
  }

  @Test
  void everyWidthAgreesWithByteBufferOverRandomValues() {
    Random rnd = new Random(64);
    byte[] b = new byte[8];
    for (int i = 0; i < 100_000; i++) {
      long l = rnd.nextLong();
      Bytes.putLong(b, 0, l);
      assertThat(b).isEqualTo(ByteBuffer.allocate(8).putLong(l).array());
      assertThat(Bytes.getLong(b, 0)).isEqualTo(l);
      int n = (int) l;
      Bytes.putInt(b, 0, n);
      assertThat(Bytes.getInt(b, 0)).isEqualTo(n);
      assertThat(ByteBuffer.wrap(b).getInt()).isEqualTo(n);
      short s = (short) l;
      Bytes.putShort(b, 0, s);
      assertThat(Bytes.getShort(b, 0)).isEqualTo(s);
      assertThat(ByteBuffer.wrap(b).getShort()).isEqualTo(s);
    }
  }
}
