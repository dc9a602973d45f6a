package org.mediadfs.wire.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mediadfs.wire.Bytes;
import org.mediadfs.wire.Command;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.FrameHeader;
import org.mediadfs.wire.FrameTooLargeException;
import org.mediadfs.wire.MalformedFrameException;
import org.mediadfs.wire.UnknownCommandException;
import org.mediadfs.wire.WireException;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * Hostile and broken input: every bad header or body ends in the typed exception with the error
 * number a server would send, without reading (or allocating) a body it has not validated.
 */
class CorruptFrameTest {
  private static final long TWO_POW_62 = 1L << 62;

  /** Commands whose body has one exact size (or, for ID_GET, a small maximum). */
  private static final Set<Command> FIXED =
      EnumSet.of(
          Command.JOIN,
          Command.BEAT,
          Command.STORAGE_ADDRS,
          Command.ID_GET,
          Command.FILE_SIZE,
          Command.DOWNLOAD,
          Command.DELETE,
          Command.STAT,
          Command.RESTORE,
          Command.PURGE);

  /**
   * Stands for the stream after a header was read: any attempt to read or skip the body fails the
   * test, which proves the header was judged before a byte of the body was touched.
   */
  private static final class NoBody extends InputStream {
    @Override
    public int read() {
      throw new AssertionError("the body was read before its length was validated");
    }

    @Override
    public int read(byte[] b, int off, int len) {
      throw new AssertionError("the body was read before its length was validated");
    }

    @Override
    public long skip(long n) {
      throw new AssertionError("the body was skipped before its length was validated");
    }
  }

  private static void expect(
      Class<? extends WireException> type, ErrorCode code, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(type)
        .satisfies(e -> assertThat(((WireException) e).code()).isEqualTo(code));
  }

  private static Request decodeRequest(byte[] frame) throws IOException {
    return decodeRequest(frame, Limits.DEFAULT);
  }

  private static Request decodeRequest(byte[] frame, Limits limits) throws IOException {
    FrameReader r = new FrameReader(new ByteArrayInputStream(frame), limits);
    return r.readRequest(r.readHeader());
  }

  private static Response decodeResponse(byte[] frame, Request answered) throws IOException {
    return decodeResponse(frame, answered, Limits.DEFAULT);
  }

  private static Response decodeResponse(byte[] frame, Request answered, Limits limits)
      throws IOException {
    return new FrameReader(new ByteArrayInputStream(frame), limits).readResponse(answered);
  }

  /** Body builder for hand-made bodies. */
  private static final class Body {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Body raw(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    Body u8(int v) {
      out.write(v);
      return this;
    }

    Body i16(int v) {
      return raw(ByteBuffer.allocate(2).putShort((short) v).array());
    }

    Body i32(int v) {
      return raw(ByteBuffer.allocate(4).putInt(v).array());
    }

    Body i64(long v) {
      return raw(ByteBuffer.allocate(8).putLong(v).array());
    }

    Body str(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      return i16(b.length).raw(b);
    }

    Body fixed(byte[] text, int size) {
      return raw(Arrays.copyOf(text, size));
    }

    Body fixed(String text, int size) {
      return fixed(text.getBytes(StandardCharsets.UTF_8), size);
    }

    Body ids(String app, String user, String file) {
      return fixed(app, 16).fixed(user, 256).fixed(file, 128);
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    byte[] frame(Command c) {
      return Frames.frame(out.size(), c.code(), 0, bytes());
    }

    byte[] reply(int status) {
      return Frames.frame(out.size(), Command.STORAGE_REPLY.code(), status, bytes());
    }
  }

  // ------------------------------------------------------------------ header

  @ParameterizedTest
  @ValueSource(longs = {-1, -408, Long.MIN_VALUE})
  void negativeBodyLengthIsRefusedInTheHeader(long length) {
    byte[] frame = Frames.frame(length, Command.UPLOAD.code(), 0, new byte[0]);
    expect(
        MalformedFrameException.class,
        ErrorCode.BAD_REQUEST,
        () -> new FrameReader(new ByteArrayInputStream(frame), Limits.DEFAULT).readHeader());
    expect(
        MalformedFrameException.class,
        ErrorCode.BAD_REQUEST,
        () ->
            RequestCodec.decode(
                new FrameHeader(length, Command.JOIN.code(), 0),
                new ByteArrayInputStream(new byte[0]),
                Limits.DEFAULT));
    expect(
        MalformedFrameException.class,
        ErrorCode.BAD_REQUEST,
        () ->
            ResponseCodec.decode(
                Goldens.ID_GET,
                new FrameHeader(length, Command.ID_REPLY.code(), 0),
                new ByteArrayInputStream(new byte[0]),
                Limits.DEFAULT));
  }

  static Stream<Command> requestCommands() {
    return Stream.of(Command.values()).filter(c -> !c.isReply());
  }

  @ParameterizedTest
  @MethodSource("requestCommands")
  void headerClaiming2Pow62BytesIsRefusedBeforeTheBodyIsRead(Command c) {
    for (long length : new long[] {TWO_POW_62, TWO_POW_62 + 400, Long.MAX_VALUE}) {
      FrameHeader h = new FrameHeader(length, c.code(), 0);
      if (FIXED.contains(c)) {
        expect(
            MalformedFrameException.class,
            ErrorCode.BAD_REQUEST,
            () -> new FrameReader(new NoBody(), Limits.DEFAULT).readRequest(h));
      } else {
        expect(
            FrameTooLargeException.class,
            ErrorCode.TOO_LARGE,
            () -> new FrameReader(new NoBody(), Limits.DEFAULT).readRequest(h));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("requestCommands")
  void lengthsWhoseLow32BitsLookValidAreStillRefused(Command c) {
    // (int) (2^32 + 171) == 171: a decoder that narrowed before checking would accept these.
    Limits small = new Limits(1024, 1 << 20);
    for (long low : new long[] {0, 8, 96, 146, 171, 400, 416, 413, 549}) {
      FrameHeader h = new FrameHeader((1L << 32) + low, c.code(), 0);
      assertThatThrownBy(() -> new FrameReader(new NoBody(), small).readRequest(h))
          .isInstanceOfAny(MalformedFrameException.class, FrameTooLargeException.class);
    }
  }

  @Test
  void replyClaiming2Pow62BytesIsRefusedBeforeTheBodyIsRead() {
    Set<Class<?>> fixedReplies =
        Set.of(
            Request.IdGet.class,
            Request.IdRange.class,
            Request.FileSize.class,
            Request.UploadEx.class);
    for (Goldens.ResponseGolden g : Goldens.RESPONSES) {
      FrameHeader ok = new FrameHeader(TWO_POW_62, g.reply().code(), 0);
      Class<? extends WireException> expected =
          fixedReplies.contains(g.answered().getClass())
              ? MalformedFrameException.class
              : FrameTooLargeException.class;
      assertThatThrownBy(() -> ResponseCodec.decode(g.answered(), ok, new NoBody(), Limits.DEFAULT))
          .as("reply to %s", g.answered().command())
          .isInstanceOf(expected);
      FrameHeader error = new FrameHeader(TWO_POW_62, g.reply().code(), FrameHeader.STATUS_ERROR);
      expect(
          FrameTooLargeException.class,
          ErrorCode.TOO_LARGE,
          () -> ResponseCodec.decode(g.answered(), error, new NoBody(), Limits.DEFAULT));
    }
  }

  @Test
  void controlBodyLimitIsExact() throws IOException {
    Limits limits = new Limits(1024, 100);
    byte[] atLimit = Frames.frame(1024, Command.GROUPS.code(), 0, new byte[1024]);
    byte[] next = RequestCodec.encode(new Request.Nodes());
    FrameReader r = new FrameReader(new ByteArrayInputStream(Hex.concat(atLimit, next)), limits);
    assertThat(r.readRequest(r.readHeader())).isEqualTo(new Request.Groups());
    assertThat(r.readRequest(r.readHeader())).isEqualTo(new Request.Nodes());

    byte[] above = Frames.frame(1025, Command.GROUPS.code(), 0, new byte[1025]);
    expect(FrameTooLargeException.class, ErrorCode.TOO_LARGE, () -> decodeRequest(above, limits));
    byte[] hello = Frames.frame(1025, Command.HELLO.code(), 0, new byte[1025]);
    expect(FrameTooLargeException.class, ErrorCode.TOO_LARGE, () -> decodeRequest(hello, limits));
  }

  @Test
  void uploadAboveMaxPayloadIsTooLargeBeforeItsBytesAreRead() throws IOException {
    Limits limits = new Limits(1024, 100);
    Request.Upload fits = new Request.Upload(Goldens.IDS, 100);
    assertThat(decodeRequest(Frames.encode(fits, new byte[100]), limits)).isEqualTo(fits);
    FrameHeader h = new FrameHeader(408 + 101, Command.UPLOAD.code(), 0);
    expect(
        FrameTooLargeException.class,
        ErrorCode.TOO_LARGE,
        () -> new FrameReader(new NoBody(), limits).readRequest(h));
    FrameHeader ex = new FrameHeader(544 + 101, Command.UPLOAD_EX.code(), 0);
    expect(
        FrameTooLargeException.class,
        ErrorCode.TOO_LARGE,
        () -> new FrameReader(new NoBody(), limits).readRequest(ex));
  }

  @Test
  void downloadReplyAboveMaxPayloadIsTooLarge() {
    Limits limits = new Limits(1024, 100);
    FrameHeader h = new FrameHeader(101, Command.STORAGE_REPLY.code(), 0);
    expect(
        FrameTooLargeException.class,
        ErrorCode.TOO_LARGE,
        () -> ResponseCodec.decode(Goldens.DOWNLOAD, h, new NoBody(), limits));
  }

  // ------------------------------------------------------------------ commands

  @Test
  void unknownCommandCodesAreRefusedWithTheirCode() {
    int[] unknown = IntStream.range(0, 256).filter(c -> Command.find(c).isEmpty()).toArray();
    assertThat(unknown).hasSize(256 - Command.values().length);
    for (int code : unknown) {
      FrameHeader h = new FrameHeader(0, code, 0);
      assertThatThrownBy(() -> new FrameReader(new NoBody(), Limits.DEFAULT).readRequest(h))
          .isInstanceOfSatisfying(
              UnknownCommandException.class,
              e -> {
                assertThat(e.command()).isEqualTo(code);
                assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_COMMAND);
                assertThat(e.getMessage()).isEqualTo("unknown command: " + code);
              });
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Command.class,
      names = {"TRACKER_REPLY", "ID_REPLY", "STORAGE_REPLY"})
  void replyCodesSentAsRequestsAreUnknownCommands(Command reply) {
    FrameHeader h = new FrameHeader(0, reply.code(), 0);
    expect(
        UnknownCommandException.class,
        ErrorCode.UNKNOWN_COMMAND,
        () -> new FrameReader(new NoBody(), Limits.DEFAULT).readRequest(h));
  }

  @ParameterizedTest
  @ValueSource(ints = {10, 40, 72, 99, 103, 255})
  void aReplyMustCarryAReplyCode(int code) {
    byte[] frame = Frames.frame(8, code, 0, new byte[8]);
    expect(
        MalformedFrameException.class,
        ErrorCode.BAD_REQUEST,
        () -> decodeResponse(frame, Goldens.ID_GET));
  }

  // ------------------------------------------------------------------ fixed sizes

  static Stream<Object[]> fixedSizes() {
    return Stream.of(
        new Object[] {Command.JOIN, 171},
        new Object[] {Command.BEAT, 146},
        new Object[] {Command.STORAGE_ADDRS, 400},
        new Object[] {Command.FILE_SIZE, 400},
        new Object[] {Command.DOWNLOAD, 416},
        new Object[] {Command.DELETE, 400},
        new Object[] {Command.STAT, 400},
        new Object[] {Command.RESTORE, 400},
        new Object[] {Command.PURGE, 400});
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("fixedSizes")
  void wrongBodyLengthForAFixedSizeCommandIsRefused(Command c, int size) {
    for (int length : new int[] {0, 1, size - 1, size + 1, size * 2}) {
      byte[] frame = Frames.frame(length, c.code(), 0, new byte[length]);
      expect(MalformedFrameException.class, ErrorCode.BAD_REQUEST, () -> decodeRequest(frame));
    }
  }

  @Test
  void idGetBodyMustBeOneTo65Bytes() {
    for (int length : new int[] {0, 66, 1000}) {
      byte[] body = new byte[length];
      Arrays.fill(body, (byte) 'k');
      byte[] frame = Frames.frame(length, Command.ID_GET.code(), 0, body);
      expect(MalformedFrameException.class, ErrorCode.BAD_REQUEST, () -> decodeRequest(frame));
    }
  }

  @Test
  void idGetKeyMustBeOneTo64Bytes() throws IOException {
    byte[] sixtyFive = new byte[65];
    Arrays.fill(sixtyFive, (byte) 'k');
    expect(
        MalformedFrameException.class,
        ErrorCode.BAD_REQUEST,
        () -> decodeRequest(Frames.frame(65, Command.ID_GET.code(), 0, sixtyFive)));
    expect(
        MalformedFrameException.class,
        ErrorCode.BAD_REQUEST,
        () -> decodeRequest(Frames.frame(1, Command.ID_GET.code(), 0, new byte[1])));
    byte[] sixtyFour = Arrays.copyOf(sixtyFive, 65);
    sixtyFour[64] = 0;
    assertThat(decodeRequest(Frames.frame(65, Command.ID_GET.code(), 0, sixtyFour)))
        .isEqualTo(new Request.IdGet("k".repeat(64)));
  }

  @Test
  void idRangeAsksForOneTo65536IdsOfAKeyOfOneTo64Bytes() throws IOException {
    for (byte[] body :
        List.of(
            idRangeBody("", 1),
            idRangeBody("k".repeat(65), 1),
            idRangeBody("a\0b", 1),
            idRangeBody("group001", 0),
            idRangeBody("group001", -1),
            idRangeBody("group001", Request.IdRange.MAX_COUNT + 1),
            Arrays.copyOf(idRangeBody("group001", 1), 15))) {
      byte[] frame = Frames.frame(body.length, Command.ID_RANGE.code(), 0, body);
      expect(MalformedFrameException.class, ErrorCode.BAD_REQUEST, () -> decodeRequest(frame));
    }
    byte[] most = idRangeBody("k".repeat(64), Request.IdRange.MAX_COUNT);
    assertThat(decodeRequest(Frames.frame(most.length, Command.ID_RANGE.code(), 0, most)))
        .isEqualTo(new Request.IdRange("k".repeat(64), Request.IdRange.MAX_COUNT));
    assertThatThrownBy(() -> RequestCodec.encode(new Request.IdRange("g", 0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestCodec.encode(new Request.IdRange("", 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anIdSpanMustBeWhatWasAskedFor() throws IOException {
    Request.IdRange asked = new Request.IdRange("group001", 64);
    for (long[] span :
        new long[][] {{1, 0}, {1, 65}, {-1, 64}, {Long.MAX_VALUE - 10, 64}, {1, -1}}) {
      byte[] body = new byte[12];
      Bytes.putLong(body, 0, span[0]);
      Bytes.putInt(body, 8, (int) span[1]);
      byte[] frame = Frames.frame(12, Command.ID_REPLY.code(), 0, body);
      expect(
          MalformedFrameException.class, ErrorCode.BAD_REQUEST, () -> decodeResponse(frame, asked));
    }
    byte[] body = new byte[12];
    Bytes.putLong(body, 0, Long.MAX_VALUE - 63);
    Bytes.putInt(body, 8, 64);
    assertThat(decodeResponse(Frames.frame(12, Command.ID_REPLY.code(), 0, body), asked))
        .isEqualTo(new Response.IdSpan(Long.MAX_VALUE - 63, 64));
  }

  private static byte[] idRangeBody(String key, int count) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[2 + k.length + 4];
    body[0] = (byte) (k.length >> 8);
    body[1] = (byte) k.length;
    System.arraycopy(k, 0, body, 2, k.length);
    Bytes.putInt(body, 2 + k.length, count);
    return body;
  }

  @Test
  void idGetKeyGarbageAfterNulIsIgnored() throws IOException {
    byte[] body = {'a', 'b', 'c', 0, (byte) 0xff, 'x', 0};
    assertThat(decodeRequest(Frames.frame(body.length, Command.ID_GET.code(), 0, body)))
        .isEqualTo(new Request.IdGet("abc"));
  }

  @ParameterizedTest
  @ValueSource(longs = {4, 6, 0, -1, Long.MAX_VALUE, Long.MIN_VALUE})
  void uploadFileSizeMustEqualBodyLengthMinus408(long declared) {
    byte[] frame =
        Frames.frame(
            413,
            Command.UPLOAD.code(),
            0,
            new Body().ids("tnvideo", "tnv001", "f").i64(declared).raw(Goldens.HELLO).bytes());
    expect(MalformedFrameException.class, ErrorCode.BAD_REQUEST, () -> decodeRequest(frame));
    byte[] ex =
        Frames.frame(
            549,
            Command.UPLOAD_EX.code(),
            0,
            new Body()
                .ids("tnvideo", "tnv001", "f")
                .i64(declared)
                .i64(-1)
                .fixed("", 128)
                .raw(Goldens.HELLO)
                .bytes());
    expect(MalformedFrameException.class, ErrorCode.BAD_REQUEST, () -> decodeRequest(ex));
  }

  @Test
  void uploadShorterThanItsFixedPartIsRefused() {
    expect(
        MalformedFrameException.class,
        ErrorCode.BAD_REQUEST,
        () -> decodeRequest(Frames.frame(407, Command.UPLOAD.code(), 0, new byte[407])));
    expect(
        MalformedFrameException.class,
        ErrorCode.BAD_REQUEST,
        () -> decodeRequest(Frames.frame(543, Command.UPLOAD_EX.code(), 0, new byte[543])));
  }

  @ParameterizedTest
  @ValueSource(longs = {-2, 0x1_0000_0000L, Long.MIN_VALUE, Long.MAX_VALUE})
  void uploadExChecksumMustBeUnsigned32BitsOrMinusOne(long crc) {
    byte[] frame =
        Frames.frame(
            544,
            Command.UPLOAD_EX.code(),
            0,
            new Body().ids("tnvideo", "tnv001", "f").i64(0).i64(crc).fixed("", 128).bytes());
    expect(MalformedFrameException.class, ErrorCode.BAD_REQUEST, () -> decodeRequest(frame));
  }

  // ------------------------------------------------------------------ lists, strings, enums

  @ParameterizedTest
  @ValueSource(ints = {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x40000000, 0x0D79435F, 1})
  void listCountsThatCannotFitTheBodyAreRefused(int count) {
    byte[] rootsCount =
        new Body().str("n").str("g").u8(2).i32(10).i32(count).bytes(); // BEAT_EX roots
    expect(
        MalformedFrameException.class,
        ErrorCode.BAD_REQUEST,
        () -> decodeRequest(Frames.frame(rootsCount.length, 16, 0, rootsCount)));
    byte[] lagsCount =
        new Body().str("n").str("g").u8(2).i32(10).i32(0).i32(0).i64(0).i64(0).i32(count).bytes();
    expect(
        MalformedFrameException.class,
        ErrorCode.BAD_REQUEST,
        () -> decodeRequest(Frames.frame(lagsCount.length, 16, 0, lagsCount)));
    Body members = new Body().i32(0).i32(count);
    expect(
        MalformedFrameException.class,
        ErrorCode.BAD_REQUEST,
        () -> decodeResponse(members.reply(0), Goldens.BEAT_EX));
    Body nodes = new Body().i32(count);
    expect(
        MalformedFrameException.class,
        ErrorCode.BAD_REQUEST,
        () -> decodeResponse(nodes.reply(0), new Request.Nodes()));
    Body files = new Body().i32(count).str("");
    expect(
        MalformedFrameException.class,
        ErrorCode.BAD_REQUEST,
        () -> decodeResponse(files.reply(0), new Request.ListFiles("", "", 10, false)));
    Body log = new Body().i64(1).i64(2).i32(count);
    expect(
        MalformedFrameException.class,
        ErrorCode.BAD_REQUEST,
        () -> decodeResponse(log.reply(0), new Request.ReplLog("n", 0, 10)));
  }

  @Test
  void stringLengthBeyondTheBodyIsRefused() {
    byte[] body = new Body().i16(1).i16(0xFFFF).raw(new byte[92]).bytes();
    expect(
        MalformedFrameException.class,
        ErrorCode.BAD_REQUEST,
        () -> decodeRequest(Frames.frame(body.length, Command.HELLO.code(), 0, body)));
  }

  @Test
  void trailingBytesAfterAnExtensionBodyAreRefused() {
    for (String file : new String[] {"hello", "join-ex", "beat-ex", "list", "repl-notify"}) {
      byte[] golden = Hex.golden(file);
      byte[] longer =
          Frames.frame(
              golden.length - 9,
              golden[8] & 0xFF,
              0,
              Hex.concat(Arrays.copyOfRange(golden, 10, golden.length), new byte[] {0}));
      expect(MalformedFrameException.class, ErrorCode.BAD_REQUEST, () -> decodeRequest(longer));
    }
  }

  @Test
  void extensionBodyShorterThanItsFieldsIsRefused() {
    byte[] golden = Hex.golden("repl-notify");
    byte[] shorter =
        Frames.frame(
            golden.length - 11,
            golden[8] & 0xFF,
            0,
            Arrays.copyOfRange(golden, 10, golden.length - 1));
    expect(MalformedFrameException.class, ErrorCode.BAD_REQUEST, () -> decodeRequest(shorter));
  }

  static Stream<byte[]> invalidUtf8() {
    return Stream.of(
        new byte[] {'a', (byte) 0xC3, '('}, // bad continuation
        new byte[] {(byte) 0xFF},
        new byte[] {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a lone surrogate
        new byte[] {'u', (byte) 0xF0, (byte) 0x9F, (byte) 0x98}); // cut 4-byte sequence
  }

  @ParameterizedTest
  @MethodSource("invalidUtf8")
  void invalidUtf8InAFixedFieldIsAnInvalidName(byte[] bad) {
    byte[] body = new Body().fixed("tnvideo", 16).fixed(bad, 256).fixed(Goldens.FID, 128).bytes();
    expect(
        MalformedFrameException.class,
        ErrorCode.INVALID_NAME,
        () -> decodeRequest(Frames.frame(400, Command.FILE_SIZE.code(), 0, body)));
  }

  @ParameterizedTest
  @MethodSource("invalidUtf8")
  void invalidUtf8InALengthPrefixedStringIsAnInvalidName(byte[] bad) {
    byte[] body = new Body().str("n").i16(bad.length).raw(bad).str("f").bytes();
    expect(
        MalformedFrameException.class,
        ErrorCode.INVALID_NAME,
        () -> decodeRequest(Frames.frame(body.length, Command.REPL_FETCH.code(), 0, body)));
  }

  @Test
  void fixedFieldWithoutNulIsAnInvalidName() {
    byte[] app = "tnvideotnvideo16".getBytes(StandardCharsets.US_ASCII);
    byte[] body = new Body().raw(app).fixed("tnv001", 256).fixed("f", 128).bytes();
    expect(
        MalformedFrameException.class,
        ErrorCode.INVALID_NAME,
        () -> decodeRequest(Frames.frame(400, Command.FILE_SIZE.code(), 0, body)));
    byte[] group = "group001group0017".getBytes(StandardCharsets.US_ASCII);
    byte[] beat = new Body().raw(group).fixed("vm", 129).bytes();
    expect(
        MalformedFrameException.class,
        ErrorCode.INVALID_NAME,
        () -> decodeRequest(Frames.frame(146, Command.BEAT.code(), 0, beat)));
  }

  @Test
  void unknownEnumCodesAreRefused() {
    byte[] beatEx =
        new Body().str("n").str("g").u8(9).i32(10).i32(0).i32(0).i64(0).i64(0).i32(0).bytes();
    expect(
        MalformedFrameException.class,
        ErrorCode.BAD_REQUEST,
        () -> decodeRequest(Frames.frame(beatEx.length, 16, 0, beatEx)));
    Body member = new Body().i32(0).i32(1).str("n").str("h").i16(1).u8(5);
    expect(
        MalformedFrameException.class,
        ErrorCode.BAD_REQUEST,
        () -> decodeResponse(member.reply(0), Goldens.BEAT_EX));
    byte[] stat = Arrays.copyOfRange(Hex.golden("stat-reply"), 10, 10 + 125);
    stat[stat.length - 16 - 27] = 3; // the status byte sits before path (2 + 24) and two times
    assertThat(stat[stat.length - 16 - 26]).isZero(); // path length high byte
    expect(
        MalformedFrameException.class,
        ErrorCode.BAD_REQUEST,
        () -> decodeResponse(new Body().raw(stat).reply(0), new Request.Stat(Goldens.IDS)));
    byte[] log = Arrays.copyOfRange(Hex.golden("repl-log-reply"), 10, 10 + 154);
    for (int op : new int[] {0, 5, 255}) {
      log[28] = (byte) op; // oldest(8) last(8) count(4) seq(8), then op
      expect(
          MalformedFrameException.class,
          ErrorCode.BAD_REQUEST,
          () -> decodeResponse(new Body().raw(log).reply(0), new Request.ReplLog("n", 0, 1)));
    }
  }

  @Test
  void negativeFileSizeInMetaIsRefused() {
    byte[] stat = Arrays.copyOfRange(Hex.golden("stat-reply"), 10, 10 + 125);
    int sizeAt = 38 + 9 + 8; // fileId, appId, userId strings
    Arrays.fill(stat, sizeAt, sizeAt + 8, (byte) 0xFF);
    expect(
        MalformedFrameException.class,
        ErrorCode.BAD_REQUEST,
        () -> decodeResponse(new Body().raw(stat).reply(0), new Request.Stat(Goldens.IDS)));
  }

  @Test
  void fetchedFileReplyWithBadMetaLengthIsRefused() {
    byte[] meta = Arrays.copyOfRange(Hex.golden("stat-reply"), 10, 10 + 125);
    Request fetch = new Request.ReplFetch("n", Goldens.USER, Goldens.FID);
    // metaLength below the smallest meta, above the body, and not the meta's real length
    for (int metaLen : new int[] {0, 42, 10_000, 124, 126}) {
      Body b = new Body().i32(metaLen).raw(meta).raw(Goldens.HELLO);
      assertThatThrownBy(() -> decodeResponse(b.reply(0), fetch))
          .as("metaLength %d", metaLen)
          .isInstanceOf(MalformedFrameException.class);
    }
    // the file bytes that follow are not meta.size()
    Body wrongPayload = new Body().i32(125).raw(meta).raw(new byte[4]);
    expect(
        MalformedFrameException.class,
        ErrorCode.BAD_REQUEST,
        () -> decodeResponse(wrongPayload.reply(0), fetch));
    Body tooShort = new Body().i16(0);
    expect(
        MalformedFrameException.class,
        ErrorCode.BAD_REQUEST,
        () -> decodeResponse(tooShort.reply(0), fetch));
  }

  @Test
  void wrongLengthForAnEightByteReplyIsRefused() {
    for (int length : new int[] {0, 7, 9, 18}) {
      byte[] frame = Frames.frame(length, Command.ID_REPLY.code(), 0, new byte[length]);
      expect(
          MalformedFrameException.class,
          ErrorCode.BAD_REQUEST,
          () -> decodeResponse(frame, Goldens.ID_GET));
    }
  }

  @Test
  void badAddressInTheStorageListIsRefused() {
    for (String list : new String[] {"127.0.0.1;", "127.0.0.1:0;", "h:99999;", ":80;", "h:x;"}) {
      Body b = new Body().fixed("group001", 17).raw(list.getBytes(StandardCharsets.US_ASCII)).u8(0);
      assertThatThrownBy(() -> decodeResponse(b.reply(0), Goldens.SADDRS))
          .as(list)
          .isInstanceOf(MalformedFrameException.class);
    }
  }

  // ------------------------------------------------------------------ error replies

  @Test
  void errorBodyShorterThanItsNumberStillGivesAnErrorReply() throws IOException {
    assertThat(decodeResponse(new Body().reply(0xFD), Goldens.ID_GET))
        .isEqualTo(new Response.Error((short) -1, ""));
    assertThat(decodeResponse(new Body().u8(7).reply(0xFD), Goldens.ID_GET))
        .isEqualTo(new Response.Error((short) -1, "truncated error body"));
  }

  @Test
  void errorReplyWithInvalidUtf8KeepsItsNumber() throws IOException {
    // regression: a strict decoder threw on the text, losing the number and breaking the connection
    Body b =
        new Body().i16(20).raw(new byte[] {'b', 'a', 'd', ' ', (byte) 0xFF, (byte) 0xC3}).u8(0);
    assertThat(decodeResponse(b.reply(0xFD), Goldens.ID_GET))
        .isEqualTo(new Response.Error((short) 20, "bad \uFFFD\uFFFD"));
  }

  @Test
  void anyNonZeroStatusIsAnErrorReplyAsInTheOriginal() throws IOException {
    Body b = new Body().i16(-1).raw("[vm] x".getBytes(StandardCharsets.US_ASCII)).u8(0);
    assertThat(decodeResponse(b.reply(1), Goldens.ID_GET))
        .isEqualTo(new Response.Error((short) -1, "[vm] x"));
  }

  @Test
  void errorTextAfterItsNulIsIgnored() throws IOException {
    Body b =
        new Body()
            .i16(21)
            .raw("gone".getBytes(StandardCharsets.US_ASCII))
            .u8(0)
            .raw(new byte[] {(byte) 0xFF, 'z'});
    assertThat(decodeResponse(b.reply(0xFD), Goldens.DOWNLOAD))
        .isEqualTo(new Response.Error(ErrorCode.DELETED, "gone"));
  }

  // ------------------------------------------------------------------ encoder refusals

  @Test
  void encoderRefusesTextThatDoesNotFitItsField() {
    assertThatThrownBy(
            () -> RequestCodec.encode(new Request.FileSize(new IdBlock("a".repeat(16), "u", "f"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                RequestCodec.encode(
                    new Request.FileSize(new IdBlock("a", "€".repeat(86), "f")))) // 258 bytes
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RequestCodec.encode(new Request.FileSize(new IdBlock("a", "€".repeat(85), "f"))))
        .hasSize(410);
    assertThatThrownBy(
            () -> RequestCodec.encode(new Request.FileSize(new IdBlock("a", "u", "f".repeat(128)))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestCodec.encode(new Request.Beat("g".repeat(17), "vm")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestCodec.encode(new Request.Join("1.0.0.0", "g", "vm", 1, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                RequestCodec.encode(
                    new Request.UploadEx(
                        Goldens.IDS, 0, "t".repeat(128), Request.UploadEx.NO_CHECKSUM)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestCodec.encode(new Request.ReplNotify("x".repeat(0x10000), 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encoderRefusesNulInsideANulTerminatedField() {
    // regression: the NUL was written and the reader silently got a shorter text
    assertThatThrownBy(
            () -> RequestCodec.encode(new Request.FileSize(new IdBlock("a", "u\0v", "f"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestCodec.encode(new Request.IdGet("a\0b")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> ResponseCodec.encode(Command.TRACKER_REPLY, new Response.Groups("a\0b")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nulInErrorTextCutsTheTextInsteadOfFailingTheReply() throws IOException {
    byte[] frame =
        ResponseCodec.encode(Command.STORAGE_REPLY, new Response.Error(ErrorCode.INTERNAL, "a\0b"));
    assertThat(decodeResponse(frame, Goldens.DOWNLOAD))
        .isEqualTo(new Response.Error(ErrorCode.INTERNAL, "a"));
  }

  @Test
  void portAbove65535IsRefusedNotWrapped() {
    // regression: 65536 + 23000 went out as port 23000
    assertThatThrownBy(
            () -> RequestCodec.encode(new Request.Join("1.0", "g", "vm", 65_536 + 23_000, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestCodec.encode(new Request.Join("1.0", "g", "vm", -1, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                RequestCodec.encode(new Request.JoinEx("n", "v", "g", "h", "h", 70_000, 0, 0, 10)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> RequestCodec.encode(new Request.Hello(70_000, "", 0, new byte[16], new byte[32])))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                ResponseCodec.encode(
                    Command.TRACKER_REPLY,
                    new Response.Members(
                        0,
                        java.util.List.of(
                            new org.mediadfs.wire.message.Member(
                                "n", "h", 65_536, org.mediadfs.wire.message.NodeStatus.ACTIVE)))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encoderRefusesIdKeysOutside1To64Bytes() {
    assertThatThrownBy(() -> RequestCodec.encode(new Request.IdGet("")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestCodec.encode(new Request.IdGet("k".repeat(65))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RequestCodec.encode(new Request.IdGet("k".repeat(64)))).hasSize(10 + 65);
  }

  @Test
  void encoderRefusesNegativePayloadsAndBadChecksums() {
    assertThatThrownBy(() -> RequestCodec.encode(new Request.Upload(Goldens.IDS, -1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> RequestCodec.encode(new Request.UploadEx(Goldens.IDS, 0, "", 0x1_0000_0000L)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestCodec.encode(new Request.UploadEx(Goldens.IDS, 0, "", -2)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encoderRefusesANegativeFileSizeInMeta() {
    org.mediadfs.wire.message.FileMeta m =
        new org.mediadfs.wire.message.FileMeta(
            "f", "a", "u", -1, 0, "", org.mediadfs.wire.message.FileStatus.ACTIVE, "p", 0, 0);
    assertThatThrownBy(() -> ResponseCodec.encode(Command.STORAGE_REPLY, new Response.Stat(m)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void repliesAreEncodedOnlyWithReplyCommands() {
    assertThatThrownBy(() -> ResponseCodec.encode(Command.JOIN, new Response.Ok()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void errorTextIsCutTo1023BytesOnACharacterBoundary() throws IOException {
    for (String text : new String[] {"x".repeat(5000), "€".repeat(400), "a" + "€".repeat(400)}) {
      byte[] frame =
          ResponseCodec.encode(Command.STORAGE_REPLY, new Response.Error(ErrorCode.INTERNAL, text));
      long bodyLength = org.mediadfs.wire.Bytes.getLong(frame, 0);
      assertThat(bodyLength).isLessThanOrEqualTo(2 + 1023 + 1);
      Response.Error e = (Response.Error) decodeResponse(frame, Goldens.DOWNLOAD);
      assertThat(text).startsWith(e.text());
      assertThat(e.text().getBytes(StandardCharsets.UTF_8).length)
          .isBetween(1021, 1023)
          .isEqualTo((int) bodyLength - 3);
    }
  }
}
