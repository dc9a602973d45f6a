package org.mediadfs.wire.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.codec.RequestCodec;
import org.mediadfs.wire.message.Request;

class FrameInputTest {
  private static final byte[] FRAME = RequestCodec.encode(new Request.IdGet("group001"));

  /** A stream that hands out its bytes in the given pieces, one piece per read. */
  private static InputStream pieces(byte[]... parts) {
    return new SequenceInputStream(
        java.util.Collections.enumeration(
            Arrays.stream(parts).map(p -> (InputStream) new ByteArrayInputStream(p)).toList()));
  }

  @Test
  void anEmptyBufferHoldsNoFrame() {
    FrameInput in = new FrameInput(new ByteArrayInputStream(new byte[0]), 4096);
    assertThat(in.holdsWholeFrame()).isFalse();
  }

  @Test
  void aWholeFrameIsSeenUntilItsLastByteIsRead() throws IOException {
    byte[] two = new byte[FRAME.length * 2];
    System.arraycopy(FRAME, 0, two, 0, FRAME.length);
    System.arraycopy(FRAME, 0, two, FRAME.length, FRAME.length);
    FrameInput in = new FrameInput(pieces(two), 4096);
    in.readNBytes(FRAME.length); // fills the buffer with both, consumes the first
    assertThat(in.holdsWholeFrame()).isTrue();
    in.readNBytes(FRAME.length - 1);
    assertThat(in.holdsWholeFrame()).isFalse();
  }

  @Test
  void aFrameCutInTheHeaderOrTheBodyIsNotWhole() throws IOException {
    for (int cut : new int[] {1, 9, 10, FRAME.length - 1}) {
      FrameInput in =
          new FrameInput(pieces(FRAME, Arrays.copyOf(FRAME, cut), new byte[] {1}), 4096);
      in.readNBytes(FRAME.length);
      peek(in); // the buffer now holds exactly the cut frame
      assertThat(in.available()).isEqualTo(cut);
      assertThat(in.holdsWholeFrame()).as("cut after %d bytes", cut).isFalse();
    }
  }

  @Test
  void aNegativeOrHugeBodyLengthIsNotWhole() throws IOException {
    byte[] neg = FRAME.clone();
    neg[0] = (byte) 0x80; // the length's sign bit
    FrameInput in = new FrameInput(pieces(neg), 4096);
    peek(in);
    assertThat(in.holdsWholeFrame()).isFalse();
    byte[] huge = FRAME.clone();
    huge[3] = 1;
    FrameInput in2 = new FrameInput(pieces(huge), 4096);
    peek(in2);
    assertThat(in2.holdsWholeFrame()).isFalse();
  }

  /** Fills the buffer with the next piece without consuming it. */
  private static void peek(FrameInput in) throws IOException {
    in.mark(1);
    in.read();
    in.reset();
  }
}
