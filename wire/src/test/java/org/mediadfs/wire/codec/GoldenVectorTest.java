package org.mediadfs.wire.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mediadfs.wire.codec.Goldens.REQUESTS;
import static org.mediadfs.wire.codec.Goldens.RESPONSES;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mediadfs.wire.Bytes;
import org.mediadfs.wire.FrameHeader;
import org.mediadfs.wire.TruncatedFrameException;
import org.mediadfs.wire.codec.Goldens.RequestGolden;
import org.mediadfs.wire.codec.Goldens.ResponseGolden;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * Every message against a vector written by hand from the byte tables: encoding gives exactly its
 * bytes, decoding gives exactly its record — whole, one byte per read, and in odd chunks — and
 * every cut of it is a {@link TruncatedFrameException}.
 */
class GoldenVectorTest {

  static Stream<RequestGolden> requests() {
    return REQUESTS.stream();
  }

  static Stream<RequestGolden> encodableRequests() {
    return REQUESTS.stream().filter(RequestGolden::encodes);
  }

  static Stream<ResponseGolden> responses() {
    return RESPONSES.stream();
  }

  /** The three deliveries every vector is decoded from. */
  static Stream<Function<byte[], InputStream>> deliveries() {
    return Stream.of(
        ByteArrayInputStream::new,
        ChunkedInputStream::singleBytes,
        b -> ChunkedInputStream.oddChunks(b, 42));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodableRequests")
  void requestEncodesToItsGoldenBytes(RequestGolden g) {
    byte[] golden = Hex.golden(g.file());
    assertThat(Hex.format(Frames.encode(g.request(), g.payload()))).isEqualTo(Hex.format(golden));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void requestGoldenDecodesToItsRecordInEveryDelivery(RequestGolden g) throws IOException {
    byte[] golden = Hex.golden(g.file());
    for (Function<byte[], InputStream> delivery : deliveries().toList()) {
      Frames.ReadRequest read = Frames.readRequest(delivery.apply(golden), Limits.DEFAULT);
      assertThat(read.request()).isEqualTo(g.request());
      assertThat(read.payload()).isEqualTo(g.payload());
      assertThat(read.header().bodyLength()).isEqualTo(golden.length - FrameHeader.SIZE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("responses")
  void responseEncodesToItsGoldenBytes(ResponseGolden g) {
    byte[] golden = Hex.golden(g.file());
    assertThat(Hex.format(Frames.encode(g.reply(), g.response(), g.payload())))
        .isEqualTo(Hex.format(golden));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("responses")
  void responseGoldenDecodesToItsRecordInEveryDelivery(ResponseGolden g) throws IOException {
    byte[] golden = Hex.golden(g.file());
    for (Function<byte[], InputStream> delivery : deliveries().toList()) {
      Frames.ReadResponse read =
          Frames.readResponse(delivery.apply(golden), g.answered(), Limits.DEFAULT);
      assertThat(read.response()).isEqualTo(g.response());
      assertThat(read.payload()).isEqualTo(g.payload());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void requestCutAtEveryPointIsTruncated(RequestGolden g) throws IOException {
    byte[] golden = Hex.golden(g.file());
    assertThat(new FrameReader(new ByteArrayInputStream(new byte[0]), Limits.DEFAULT).readHeader())
        .as("no byte at all is a clean end of stream")
        .isNull();
    for (int cut = 1; cut < golden.length; cut++) {
      byte[] part = Frames.cut(golden, cut);
      assertThatThrownBy(
              () -> Frames.readRequest(ChunkedInputStream.oddChunks(part, 7), Limits.DEFAULT))
          .as("cut after %d of %d bytes", cut, golden.length)
          .isInstanceOf(TruncatedFrameException.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("responses")
  void responseCutAtEveryPointIsTruncated(ResponseGolden g) {
    byte[] golden = Hex.golden(g.file());
    for (int cut = 0; cut < golden.length; cut++) {
      byte[] part = Frames.cut(golden, cut);
      assertThatThrownBy(
              () ->
                  Frames.readResponse(
                      ChunkedInputStream.singleBytes(part), g.answered(), Limits.DEFAULT))
          .as("cut after %d of %d bytes", cut, golden.length)
          .isInstanceOf(TruncatedFrameException.class);
    }
  }

  @Test
  void everyRequestTypeHasAGoldenVector() {
    Set<Class<?>> covered =
        REQUESTS.stream().map(g -> g.request().getClass()).collect(Collectors.toSet());
    assertThat(covered).containsExactlyInAnyOrder(Request.class.getPermittedSubclasses());
  }

  @Test
  void everyResponseTypeHasAGoldenVector() {
    Set<Class<?>> covered =
        RESPONSES.stream().map(g -> g.response().getClass()).collect(Collectors.toSet());
    assertThat(covered).containsExactlyInAnyOrder(Response.class.getPermittedSubclasses());
  }

  @Test
  void everyGoldenFileIsChecked() throws IOException, URISyntaxException {
    Path dir = Path.of(Hex.class.getResource("/golden").toURI());
    Set<String> files;
    try (Stream<Path> s = Files.list(dir)) {
      files =
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".hex"))
              .map(n -> n.substring(0, n.length() - 4))
              .collect(Collectors.toSet());
    }
    Set<String> named =
        Stream.concat(
                REQUESTS.stream().map(RequestGolden::file),
                RESPONSES.stream().map(ResponseGolden::file))
            .collect(Collectors.toSet());
    assertThat(files).isEqualTo(named);
  }

  // The seed's real cases, each stated on its own.

  @Test
  void joinBodyIsExactly171Bytes() {
    byte[] golden = Hex.golden("join");
    assertThat(Bytes.getLong(golden, 0)).isEqualTo(171);
    assertThat(golden).hasSize(10 + 171);
    assertThat(RequestCodec.JOIN_SIZE).isEqualTo(171);
    // port, stime, jtime sit after version[7] group[17] hostname[129] = offset 153
    assertThat(Bytes.getShort(golden, 10 + 153) & 0xFFFF).isEqualTo(23001);
    assertThat(Bytes.getLong(golden, 10 + 155)).isEqualTo(Goldens.STIME);
  }

  @Test
  void beatBodyIsExactly146Bytes() {
    byte[] golden = Hex.golden("beat");
    assertThat(Bytes.getLong(golden, 0)).isEqualTo(146);
    assertThat(golden).hasSize(10 + 146);
    assertThat(RequestCodec.BEAT_SIZE).isEqualTo(146);
  }

  @Test
  void idBlockIs400BytesWithFieldsAt0And16And272() {
    byte[] golden = Hex.golden("file-size");
    assertThat(golden).hasSize(10 + IdBlock.SIZE);
    assertThat(new String(golden, 10, 7, StandardCharsets.US_ASCII)).isEqualTo("tnvideo");
    assertThat(new String(golden, 10 + 16, 6, StandardCharsets.US_ASCII)).isEqualTo("tnv001");
    assertThat(new String(golden, 10 + 272, 36, StandardCharsets.US_ASCII)).isEqualTo(Goldens.FID);
  }

  @Test
  void garbageAfterNulIsIgnored() throws IOException {
    for (String[] pair :
        new String[][] {
          {"storage-addrs-garbage", "storage-addrs"},
          {"upload-garbage", "upload"},
          {"download-garbage", "download"}
        }) {
      byte[] dirty = Hex.golden(pair[0]);
      byte[] clean = Hex.golden(pair[1]);
      assertThat(dirty).as("the vector really carries garbage").isNotEqualTo(clean);
      Request fromDirty = Frames.readRequest(dirty).request();
      assertThat(fromDirty.command()).isEqualTo(Frames.readRequest(clean).request().command());
      assertThat(idsOf(fromDirty)).isEqualTo(idsOf(Frames.readRequest(clean).request()));
    }
    assertThat(Frames.readRequest(Hex.golden("storage-addrs-garbage")).request())
        .isEqualTo(Goldens.SADDRS);
  }

  private static IdBlock idsOf(Request r) {
    return switch (r) {
      case Request.StorageAddrs s -> s.ids();
      case Request.Upload u -> u.ids();
      case Request.Download d -> d.ids();
      default -> throw new AssertionError(r);
    };
  }

  @Test
  void idGetBodyIsKeyAndNul() {
    byte[] golden = Hex.golden("id-get");
    assertThat(Bytes.getLong(golden, 0)).isEqualTo("../data".length() + 1);
    assertThat(golden[golden.length - 1]).isZero();
  }

  @Test
  void idReplyIsEightBytesBigEndian() throws IOException {
    byte[] golden = Hex.golden("id-value");
    assertThat(golden).hasSize(18);
    // 262144 = 00 00 00 00 00 04 00 00: the seed notes' ntoll keeps the last byte only and gets 0
    assertThat(golden[golden.length - 1]).isZero();
    assertThat(Frames.readResponse(golden, Goldens.ID_GET).response())
        .isEqualTo(new Response.IdValue(262_144));
  }

  @Test
  void errorReplyHasStatusFdAndBigEndianErrnoAndNulTerminatedText() throws IOException {
    byte[] golden = Hex.golden("error");
    assertThat(golden[9] & 0xFF).isEqualTo(0xFD);
    assertThat(Bytes.getShort(golden, 10)).isEqualTo((short) 20);
    assertThat(golden[golden.length - 1]).isZero();
    byte[] original = Hex.golden("error-original");
    assertThat(Arrays.copyOfRange(original, 10, 12)).containsExactly(0xFF, 0xFF);
  }

  @Test
  void errorReplyWithEmptyTextHasATwoByteBody() {
    byte[] golden = Hex.golden("error-empty");
    assertThat(Bytes.getLong(golden, 0)).isEqualTo(2);
    assertThat(
            ResponseCodec.encode(
                org.mediadfs.wire.Command.ID_REPLY, new Response.Error((short) -1, "")))
        .isEqualTo(golden);
  }

  @Test
  void storageAddrsReplyIsGroupFieldThenListThenNul() {
    byte[] golden = Hex.golden("storage-addrs-reply");
    String list = "127.0.0.1:23000;127.0.0.1:23001;";
    assertThat(Bytes.getLong(golden, 0)).isEqualTo(17 + list.length() + 1);
    assertThat(new String(golden, 10 + 17, list.length(), StandardCharsets.US_ASCII))
        .isEqualTo(list);
    assertThat(golden[golden.length - 1]).isZero();
  }

  @Test
  void groupsReplyIsThe406ByteSampleOfTheOriginal() {
    byte[] golden = Hex.golden("groups-reply");
    assertThat(Bytes.getLong(golden, 0)).isEqualTo(406);
    assertThat(new String(golden, 10, 405, StandardCharsets.US_ASCII))
        .isEqualTo(Goldens.GROUPS_SAMPLE);
  }
}
