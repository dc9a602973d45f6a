package org.mediadfs.client.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * One persistent, blocking connection to a mediadfs server as the client uses it: send a request,
 * stream its payload, read the reply and the reply's payload. It is an interface so that the
 * selection, retry and pool logic can be unit-tested with scripted fakes, without sockets.
 *
 * <p>Invariants: not thread-safe (one borrower at a time, which the {@link ConnectionPool}
 * guarantees); after any {@link IOException} the connection is {@link #isBroken() broken} and must
 * be closed; an error <em>reply</em> leaves it in step and reusable.
 */
public interface Connection extends Closeable {

  /** The server's address. */
  HostPort address();

  /** Writes the request's header and fixed part; upload bytes then go to {@link #out()}. */
  void send(Request request) throws IOException;

  /** Where payload bytes of an upload are written; {@link #flush()} after the last one. */
  OutputStream out();

  /** Flushes buffered request bytes. */
  void flush() throws IOException;

  /** Reads the reply to {@code request}; a download's bytes then come from {@link #payload()}. */
  Response receive(Request request) throws IOException;

  /** Sends a request without payload and reads its reply. */
  default Response call(Request request) throws IOException {
    send(request);
    return receive(request);
  }

  /**
   * After writing a request failed half-way (typically an upload the server refused before reading
   * its bytes: TOO_LARGE, DISK_FULL), reads the error reply the server may have sent before it
   * closed the connection. Empty when none can be read within a short wait. The connection stays
   * broken either way.
   */
  Optional<Response.Error> errorAfterFailedSend(Request request);

  /** The payload of the last reply: a stream that ends after exactly its bytes. */
  InputStream payload();

  /** Payload bytes of the last reply not yet read; the connection is reusable only at 0. */
  long payloadRemaining();

  /** True after an I/O error, a protocol violation or {@link #markBroken()}. */
  boolean isBroken();

  /** Marks the connection unusable (a caller abandoned a transfer half-way). */
  void markBroken();

  /**
   * Checks an idle connection without sending a request: false when the peer has closed it, sent
   * bytes nobody asked for, or the socket failed. Waits at most {@code wait} for a sign of life's
   * absence; a silent, open socket is considered alive.
   */
  boolean probe(Duration wait);

  /** Changes the read timeout (long uploads wait for the server's fsync before the reply). */
  void readTimeout(Duration timeout) throws IOException;

  /** Closes the socket; never throws. */
  @Override
  void close();
}
