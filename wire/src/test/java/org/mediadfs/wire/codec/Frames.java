package org.mediadfs.wire.codec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.mediadfs.wire.Command;
import org.mediadfs.wire.FrameHeader;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/** Whole-frame helpers for tests: a frame is header, fixed body and payload, read to the end. */
final class Frames {
  private Frames() {}

  /** A request as read from a stream, with its payload drained. */
  record ReadRequest(FrameHeader header, Request request, byte[] payload) {}

  /** A reply as read from a stream, with its payload drained. */
  record ReadResponse(Response response, byte[] payload) {}

  /**
   * Reads one request frame and its payload, and checks that nothing follows it.
   *
   * @throws AssertionError if the stream is empty or holds more than one frame
   */
  static ReadRequest readRequest(InputStream in, Limits limits) throws IOException {
    FrameReader reader = new FrameReader(in, limits);
    FrameHeader h = reader.readHeader();
    if (h == null) {
      throw new AssertionError("the stream is empty");
    }
    Request r = reader.readRequest(h);
    byte[] payload = reader.payload().readAllBytes();
    if (reader.readHeader() != null) {
      throw new AssertionError("bytes left after the frame");
    }
    return new ReadRequest(h, r, payload);
  }

  /** Reads one reply frame to {@code answered} and its payload; nothing may follow. */
  static ReadResponse readResponse(InputStream in, Request answered, Limits limits)
      throws IOException {
    FrameReader reader = new FrameReader(in, limits);
    Response r = reader.readResponse(answered);
    byte[] payload = reader.payload().readAllBytes();
    if (reader.readHeader() != null) {
      throw new AssertionError("bytes left after the frame");
    }
    return new ReadResponse(r, payload);
  }

  static ReadRequest readRequest(byte[] frame) throws IOException {
    return readRequest(new ByteArrayInputStream(frame), Limits.DEFAULT);
  }

  static ReadResponse readResponse(byte[] frame, Request answered) throws IOException {
    return readResponse(new ByteArrayInputStream(frame), answered, Limits.DEFAULT);
  }

  /** Encoded request followed by its payload. */
  static byte[] encode(Request r, byte[] payload) {
    return Hex.concat(RequestCodec.encode(r), payload);
  }

  /** Encoded reply followed by its payload. */
  static byte[] encode(Command reply, Response r, byte[] payload) {
    return Hex.concat(ResponseCodec.encode(reply, r), payload);
  }

  /** A hand-made frame: header fields as given and the body bytes. */
  static byte[] frame(long bodyLength, int command, int status, byte[] body) {
    return Hex.concat(new FrameHeader(bodyLength, command, status).toBytes(), body);
  }

  /** The first {@code n} bytes. */
  static byte[] cut(byte[] b, int n) {
    return Arrays.copyOf(b, n);
  }

  /** The server kind's reply command for a request. */
  static Command replyTo(Request r) {
    return switch (r.command().server()) {
      case TRACKER, ANY -> Command.TRACKER_REPLY;
      case ID -> Command.ID_REPLY;
      case STORAGE, NONE -> Command.STORAGE_REPLY;
    };
  }
}
