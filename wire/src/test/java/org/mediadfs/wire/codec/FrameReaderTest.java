package org.mediadfs.wire.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.Command;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.FrameHeader;
import org.mediadfs.wire.TruncatedFrameException;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/** Payload streaming and the frame-by-frame discipline of {@link FrameReader}. */
class FrameReaderTest {
  private static final byte[] FIVE = "hello".getBytes(StandardCharsets.US_ASCII);

  private static FrameReader reader(byte[]... frames) {
    return new FrameReader(new ByteArrayInputStream(Hex.concat(frames)), Limits.DEFAULT);
  }

  private static byte[] upload(byte[] payload) {
    return Frames.encode(new Request.Upload(Goldens.IDS, payload.length), payload);
  }

  @Test
  void payloadGivesExactlyThePayloadBytesThenMinusOne() throws IOException {
    byte[] next = RequestCodec.encode(new Request.FileSize(Goldens.IDS));
    FrameReader r = reader(upload(FIVE), next);
    assertThat(r.readRequest(r.readHeader())).isEqualTo(new Request.Upload(Goldens.IDS, 5));
    assertThat(r.payloadRemaining()).isEqualTo(5);
    InputStream p = r.payload();
    byte[] buf = new byte[64];
    assertThat(p.read(buf, 0, 64)).as("never reads into the next frame").isEqualTo(5);
    assertThat(new String(buf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("hello");
    assertThat(p.read(buf, 0, 64)).isEqualTo(-1);
    assertThat(p.read()).isEqualTo(-1);
    assertThat(r.payloadRemaining()).isZero();
    assertThat(r.readRequest(r.readHeader())).isEqualTo(new Request.FileSize(Goldens.IDS));
    assertThat(r.readHeader()).isNull();
  }

  @Test
  void payloadCanBeReadOneByteAtATime() throws IOException {
    FrameReader r = reader(upload(FIVE));
    r.readRequest(r.readHeader());
    InputStream p = r.payload();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    for (int b = p.read(); b >= 0; b = p.read()) {
      got.write(b);
    }
    assertThat(got.toByteArray()).isEqualTo(FIVE);
  }

  @Test
  void payloadOfBytesAbove127IsNotSignExtended() throws IOException {
    byte[] high = {(byte) 0xFF, (byte) 0x80, 0};
    FrameReader r = reader(upload(high));
    r.readRequest(r.readHeader());
    InputStream p = r.payload();
    assertThat(p.read()).isEqualTo(0xFF);
    assertThat(p.read()).isEqualTo(0x80);
    assertThat(p.read()).isEqualTo(0);
    assertThat(p.read()).isEqualTo(-1);
  }

  @Test
  void zeroLengthReadOfThePayloadReadsNothing() throws IOException {
    FrameReader r = reader(upload(FIVE));
    r.readRequest(r.readHeader());
    assertThat(r.payload().read(new byte[4], 0, 0)).isZero();
    assertThat(r.payloadRemaining()).isEqualTo(5);
  }

  @Test
  void emptyPayloadEndsAtOnce() throws IOException {
    FrameReader r = reader(upload(new byte[0]));
    r.readRequest(r.readHeader());
    assertThat(r.payload().read()).isEqualTo(-1);
    assertThat(r.readHeader()).isNull();
  }

  @Test
  void shortPayloadRaisesTruncatedFrame() throws IOException {
    byte[] frame = upload(FIVE);
    FrameReader r = reader(Frames.cut(frame, frame.length - 2));
    r.readRequest(r.readHeader());
    InputStream p = r.payload();
    assertThat(p.readNBytes(3)).containsExactly('h', 'e', 'l');
    assertThatThrownBy(p::read)
        .isInstanceOf(TruncatedFrameException.class)
        .hasMessageContaining("2 payload bytes");
  }

  @Test
  void readHeaderRefusesToReadWhilePayloadRemains() throws IOException {
    FrameReader r = reader(upload(FIVE), RequestCodec.encode(new Request.Groups()));
    r.readRequest(r.readHeader());
    r.payload().read(new byte[2]);
    assertThatThrownBy(r::readHeader)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("3 payload bytes");
    r.skipPayload();
    assertThat(r.readRequest(r.readHeader())).isEqualTo(new Request.Groups());
  }

  @Test
  void readResponseRefusesWhileTheLastPayloadRemains() throws IOException {
    byte[] download = Frames.encode(Command.STORAGE_REPLY, new Response.Download(5), FIVE);
    FrameReader r = reader(download, download);
    assertThat(r.readResponse(Goldens.DOWNLOAD)).isEqualTo(new Response.Download(5));
    assertThatThrownBy(() -> r.readResponse(Goldens.DOWNLOAD))
        .isInstanceOf(IllegalStateException.class);
    assertThat(r.payload().readAllBytes()).isEqualTo(FIVE);
    assertThat(r.readResponse(Goldens.DOWNLOAD)).isEqualTo(new Response.Download(5));
  }

  @Test
  void skipPayloadOnAShortStreamIsTruncated() throws IOException {
    byte[] frame = upload(FIVE);
    FrameReader r =
        new FrameReader(
            ChunkedInputStream.singleBytes(Frames.cut(frame, frame.length - 1)), Limits.DEFAULT);
    r.readRequest(r.readHeader());
    assertThatThrownBy(r::skipPayload).isInstanceOf(TruncatedFrameException.class);
  }

  @Test
  void rawInputWithConsumedKeepsTheReaderInStep() throws IOException {
    FrameReader r = reader(upload(FIVE), RequestCodec.encode(new Request.Nodes()));
    r.readRequest(r.readHeader());
    assertThat(r.rawInput().readNBytes(2)).containsExactly('h', 'e');
    r.consumed(2);
    assertThat(r.payloadRemaining()).isEqualTo(3);
    assertThatThrownBy(() -> r.consumed(4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.consumed(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(r.payload().readAllBytes()).containsExactly('l', 'l', 'o');
    assertThat(r.readRequest(r.readHeader())).isEqualTo(new Request.Nodes());
  }

  @Test
  void cleanEndOfStreamBetweenFramesIsNull() throws IOException {
    assertThat(reader().readHeader()).isNull();
  }

  @Test
  void endOfStreamInsideTheHeaderIsTruncated() {
    byte[] header = new FrameHeader(0, Command.GROUPS.code(), 0).toBytes();
    for (int n = 1; n < FrameHeader.SIZE; n++) {
      FrameReader r = reader(Frames.cut(header, n));
      assertThatThrownBy(r::readHeader)
          .isInstanceOf(TruncatedFrameException.class)
          .satisfies(
              e ->
                  assertThat(((TruncatedFrameException) e).code())
                      .isEqualTo(ErrorCode.BAD_REQUEST));
    }
  }

  @Test
  void replyMissingEntirelyIsTruncated() {
    assertThatThrownBy(() -> reader().readResponse(Goldens.ID_GET))
        .isInstanceOf(TruncatedFrameException.class);
  }

  @Test
  void errorReplyLeavesNoPayloadEvenForADownload() throws IOException {
    byte[] error =
        ResponseCodec.encode(Command.STORAGE_REPLY, new Response.Error(ErrorCode.NOT_FOUND, "no"));
    byte[] ok = Frames.encode(Command.STORAGE_REPLY, new Response.Download(5), FIVE);
    FrameReader r = reader(error, ok);
    assertThat(r.readResponse(Goldens.DOWNLOAD))
        .isEqualTo(new Response.Error(ErrorCode.NOT_FOUND, "no"));
    assertThat(r.payloadRemaining()).isZero();
    assertThat(r.readResponse(Goldens.DOWNLOAD)).isEqualTo(new Response.Download(5));
    assertThat(r.payload().readAllBytes()).isEqualTo(FIVE);
  }

  @Test
  void payloadAvailableNeverExceedsWhatIsLeft() throws IOException {
    FrameReader r = reader(upload(FIVE), upload(FIVE));
    r.readRequest(r.readHeader());
    assertThat(r.payload().available()).isEqualTo(5);
  }

  @Test
  void fetchedFilePayloadIsTheFileBytes() throws IOException {
    FrameReader r =
        new FrameReader(new ByteArrayInputStream(Hex.golden("repl-file")), Limits.DEFAULT);
    Response.ReplFile f =
        (Response.ReplFile) r.readResponse(new Request.ReplFetch("n", Goldens.USER, Goldens.FID));
    assertThat(r.payloadRemaining()).isEqualTo(f.meta().size()).isEqualTo(5);
    assertThat(r.payload().readAllBytes()).isEqualTo(FIVE);
  }

  @Test
  void writerFlushesFramesWithoutPayloadAndLeavesPayloadFramesOpen() throws IOException {
    class CountingFlush extends ByteArrayOutputStream {
      int flushes;

      @Override
      public void flush() {
        flushes++;
      }
    }
    CountingFlush out = new CountingFlush();
    FrameWriter w = new FrameWriter(out);
    w.writeRequest(new Request.FileSize(Goldens.IDS));
    assertThat(out.flushes).isEqualTo(1);
    w.writeRequest(new Request.Upload(Goldens.IDS, 5));
    assertThat(out.flushes).as("the caller writes the bytes, then flushes").isEqualTo(1);
    w.out().write(FIVE);
    w.flush();
    w.writeError(Command.STORAGE_REPLY, ErrorCode.DISK_FULL, "full");
    assertThat(out.flushes).isEqualTo(3);
    FrameReader r = reader(out.toByteArray());
    assertThat(r.readRequest(r.readHeader())).isEqualTo(new Request.FileSize(Goldens.IDS));
    assertThat(r.readRequest(r.readHeader())).isEqualTo(new Request.Upload(Goldens.IDS, 5));
    assertThat(r.payload().readAllBytes()).isEqualTo(FIVE);
    assertThat(r.readResponse(Goldens.UPLOAD))
        .isEqualTo(new Response.Error(ErrorCode.DISK_FULL, "full"));
  }
}
