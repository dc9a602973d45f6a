package org.mediadfs.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.codec.Limits;

/** The 10-byte header and the decoding limits. */
class FrameHeaderTest {
  @Test
  void headerIsLengthThenCommandThenStatus() {
    FrameHeader h = new FrameHeader(171, 10, 0);
    assertThat(HexFormat.of().formatHex(h.toBytes())).isEqualTo("00000000000000ab0a00");
    assertThat(FrameHeader.fromBytes(h.toBytes())).isEqualTo(h);
  }

  @Test
  void errorStatusIsTheOriginalsMinusThreeAsAByte() {
    assertThat(FrameHeader.STATUS_ERROR).isEqualTo((byte) -3 & 0xFF).isEqualTo(0xFD);
    FrameHeader h = FrameHeader.fromBytes(HexFormat.of().parseHex("00000000000000026afd"));
    assertThat(h).isEqualTo(new FrameHeader(2, 106, 0xFD));
    assertThat(h.isError()).isTrue();
    assertThat(new FrameHeader(0, 100, 1).isError()).isTrue();
    assertThat(new FrameHeader(0, 100, 0).isError()).isFalse();
  }

  @Test
  void commandAndStatusAreReadUnsigned() {
    FrameHeader h = FrameHeader.fromBytes(HexFormat.of().parseHex("ffffffffffffffffffff"));
    assertThat(h.bodyLength()).isEqualTo(-1);
    assertThat(h.command()).isEqualTo(255);
    assertThat(h.status()).isEqualTo(255);
  }

  @Test
  void commandAndStatusMustBeSingleBytes() {
    assertThatThrownBy(() -> new FrameHeader(0, 256, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FrameHeader(0, -1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FrameHeader(0, 1, 256))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void limitsRefuseNonsense() {
    assertThat(Limits.DEFAULT.maxControlBody()).isEqualTo(1 << 20);
    assertThat(Limits.DEFAULT.maxPayload()).isEqualTo(1L << 40);
    assertThat(Limits.DEFAULT.withMaxPayload(5).maxPayload()).isEqualTo(5);
    assertThatThrownBy(() -> new Limits(1023, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Limits(1024, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
