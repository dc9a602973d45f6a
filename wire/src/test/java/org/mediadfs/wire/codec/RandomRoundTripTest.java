package org.mediadfs.wire.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mediadfs.wire.Command;
import org.mediadfs.wire.FrameHeader;
import org.mediadfs.wire.TruncatedFrameException;
import org.mediadfs.wire.codec.Samples.RequestSample;
import org.mediadfs.wire.codec.Samples.ResponseSample;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * Every message type encoded and decoded over many random values (seeded, so a failure repeats),
 * delivered whole, one byte per read and in random small chunks.
 */
class RandomRoundTripTest {
  private static final int ITERATIONS = 400;

  @SuppressWarnings("unchecked")
  static Stream<Class<? extends Request>> requestTypes() {
    return Stream.of(Request.class.getPermittedSubclasses()).map(c -> (Class<? extends Request>) c);
  }

  @SuppressWarnings("unchecked")
  static Stream<Class<? extends Response>> responseTypes() {
    return Stream.of(Response.class.getPermittedSubclasses())
        .map(c -> (Class<? extends Response>) c);
  }

  private static InputStream delivery(int i, byte[] frame, long seed) {
    return switch (i % 3) {
      case 0 -> new ByteArrayInputStream(frame);
      case 1 -> ChunkedInputStream.singleBytes(frame);
      default -> ChunkedInputStream.oddChunks(frame, seed);
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requestTypes")
  void requestRoundTripsOverRandomValuesInEveryDelivery(Class<? extends Request> type)
      throws IOException {
    Samples s = new Samples(type.getName().hashCode());
    for (int i = 0; i < ITERATIONS; i++) {
      RequestSample sample = s.request(type);
      byte[] frame = Frames.encode(sample.request(), sample.payload());
      Frames.ReadRequest read = Frames.readRequest(delivery(i, frame, i), Limits.DEFAULT);
      assertThat(read.request()).as("iteration %d", i).isEqualTo(sample.request());
      assertThat(read.payload()).isEqualTo(sample.payload());
      assertThat(read.header().bodyLength()).isEqualTo(frame.length - FrameHeader.SIZE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("responseTypes")
  void responseRoundTripsOverRandomValuesInEveryDelivery(Class<? extends Response> type)
      throws IOException {
    Samples s = new Samples(type.getName().hashCode());
    for (int i = 0; i < ITERATIONS; i++) {
      ResponseSample sample = s.response(type);
      byte[] frame = Frames.encode(sample.reply(), sample.response(), sample.payload());
      Frames.ReadResponse read =
          Frames.readResponse(delivery(i, frame, i), sample.answered(), Limits.DEFAULT);
      assertThat(read.response()).as("iteration %d", i).isEqualTo(sample.response());
      assertThat(read.payload()).isEqualTo(sample.payload());
    }
  }

  @Test
  void manyFramesBackToBackOnOneStreamStayInStep() throws IOException {
    Samples s = new Samples(2026);
    List<RequestSample> sent = new ArrayList<>();
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    for (int i = 0; i < 2000; i++) {
      RequestSample sample = s.anyRequest();
      sent.add(sample);
      wire.writeBytes(Frames.encode(sample.request(), sample.payload()));
    }
    FrameReader reader =
        new FrameReader(ChunkedInputStream.oddChunks(wire.toByteArray(), 5), Limits.DEFAULT);
    for (RequestSample expected : sent) {
      FrameHeader h = reader.readHeader();
      assertThat(reader.readRequest(h)).isEqualTo(expected.request());
      if (expected.payload().length % 2 == 0) {
        assertThat(reader.payload().readAllBytes()).isEqualTo(expected.payload());
      } else {
        reader.skipPayload();
      }
    }
    assertThat(reader.readHeader()).isNull();
  }

  @Test
  void manyRepliesBackToBackOnOneStreamStayInStep() throws IOException {
    Samples s = new Samples(2027);
    List<ResponseSample> sent = new ArrayList<>();
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    Class<?>[] types = Response.class.getPermittedSubclasses();
    for (int i = 0; i < 2000; i++) {
      @SuppressWarnings("unchecked")
      ResponseSample sample =
          s.response((Class<? extends Response>) types[s.random().nextInt(types.length)]);
      sent.add(sample);
      wire.writeBytes(Frames.encode(sample.reply(), sample.response(), sample.payload()));
    }
    FrameReader reader =
        new FrameReader(ChunkedInputStream.oddChunks(wire.toByteArray(), 6), Limits.DEFAULT);
    for (ResponseSample expected : sent) {
      assertThat(reader.readResponse(expected.answered())).isEqualTo(expected.response());
      assertThat(reader.payload().readAllBytes()).isEqualTo(expected.payload());
    }
    assertThat(reader.readHeader()).isNull();
  }

  /** Body offsets and sizes of the NUL-terminated fixed fields, per command. */
  private static final int[][] ID_BLOCK = {{0, 16}, {16, 256}, {272, 128}};

  private static final Map<Command, int[][]> FIXED_FIELDS =
      Map.ofEntries(
          Map.entry(Command.JOIN, new int[][] {{0, 7}, {7, 17}, {24, 129}}),
          Map.entry(Command.BEAT, new int[][] {{0, 17}, {17, 129}}),
          Map.entry(Command.STORAGE_ADDRS, ID_BLOCK),
          Map.entry(Command.UPLOAD, ID_BLOCK),
          Map.entry(Command.FILE_SIZE, ID_BLOCK),
          Map.entry(Command.DOWNLOAD, ID_BLOCK),
          Map.entry(Command.DELETE, ID_BLOCK),
          Map.entry(Command.STAT, ID_BLOCK),
          Map.entry(Command.RESTORE, ID_BLOCK),
          Map.entry(Command.PURGE, ID_BLOCK),
          Map.entry(Command.UPLOAD_EX, new int[][] {{0, 16}, {16, 256}, {272, 128}, {416, 128}}));

  /** Overwrites everything after the first NUL of each field with random bytes. */
  private static void garble(byte[] frame, int[][] fields, Samples s) {
    for (int[] f : fields) {
      int start = FrameHeader.SIZE + f[0];
      int end = start + f[1];
      int nul = start;
      while (frame[nul] != 0) {
        nul++;
      }
      for (int i = nul + 1; i < end; i++) {
        frame[i] = (byte) s.random().nextInt(256);
      }
    }
  }

  @Test
  void garbageAfterNulIsIgnoredInEveryFixedFieldOfEveryRequest() throws IOException {
    Samples s = new Samples(171);
    for (Map.Entry<Command, int[][]> e : FIXED_FIELDS.entrySet()) {
      Class<? extends Request> type =
          requestTypes()
              .filter(t -> s.request(t).request().command() == e.getKey())
              .findFirst()
              .orElseThrow();
      for (int i = 0; i < ITERATIONS; i++) {
        RequestSample sample = s.request(type);
        byte[] frame = Frames.encode(sample.request(), sample.payload());
        garble(frame, e.getValue(), s);
        Frames.ReadRequest read = Frames.readRequest(delivery(i, frame, i), Limits.DEFAULT);
        assertThat(read.request()).isEqualTo(sample.request());
        assertThat(read.payload()).isEqualTo(sample.payload());
      }
    }
  }

  @Test
  void garbageAfterNulIsIgnoredInTheGroupFieldOfTheStorageAddrsReply() throws IOException {
    Samples s = new Samples(17);
    for (int i = 0; i < ITERATIONS; i++) {
      ResponseSample sample = s.response(Response.StorageAddrs.class);
      byte[] frame = Frames.encode(sample.reply(), sample.response(), sample.payload());
      garble(frame, new int[][] {{0, 17}}, s);
      assertThat(Frames.readResponse(frame, sample.answered()).response())
          .isEqualTo(sample.response());
    }
  }

  @Test
  void randomFramesCutAnywhereAreTruncated() {
    Samples s = new Samples(408);
    for (int i = 0; i < 3000; i++) {
      RequestSample sample = s.anyRequest();
      byte[] frame = Frames.encode(sample.request(), sample.payload());
      int cut = 1 + s.random().nextInt(frame.length - 1);
      InputStream in = delivery(i, Frames.cut(frame, cut), i);
      assertThatThrownBy(() -> Frames.readRequest(in, Limits.DEFAULT))
          .as("%s cut at %d of %d", sample.request().command(), cut, frame.length)
          .isInstanceOf(TruncatedFrameException.class);
    }
  }

  @Test
  void randomGeneratorsCoverEverySealedType() {
    Samples s = new Samples(1);
    requestTypes().forEach(t -> assertThat(s.request(t).request()).isInstanceOf(t));
    responseTypes().forEach(t -> assertThat(s.response(t).response()).isInstanceOf(t));
  }

  @Test
  void randomTextReallyIncludesMultiByteUtf8() {
    Samples s = new Samples(3);
    boolean four = false;
    boolean three = false;
    boolean two = false;
    for (int i = 0; i < 200; i++) {
      String u = s.userId();
      assertThat(u.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isBetween(1, 255);
      four |= u.codePoints().anyMatch(c -> c >= 0x10000);
      three |= u.codePoints().anyMatch(c -> c >= 0x800 && c < 0x10000);
      two |= u.codePoints().anyMatch(c -> c >= 0x80 && c < 0x800);
    }
    assertThat(two && three && four).isTrue();
  }
}
