package org.mediadfs.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.mediadfs.wire.message.Request;

/**
 * Where upload bytes come from. Nothing here holds a whole file in memory (a {@code byte[]} source
 * is the caller's own array).
 *
 * <p>Checksum choice: a byte array's and a file's CRC32C are computed <em>before</em> sending (one
 * extra read of the file, from the page cache for a file just written, at several GB/s with the
 * CPU's CRC32C instruction) so that the node verifies the bytes before it commits them: a corrupted
 * transfer is never stored, never replicated. A stream cannot be read twice: its CRC32C is computed
 * while sending and compared with the node's after the reply (a mismatch deletes the file and fails
 * the upload).
 */
sealed interface UploadSource {
  int CHUNK = 256 * 1024;

  /** Bytes to send. */
  long size();

  /** The CRC32C to announce, or {@link Request.UploadEx#NO_CHECKSUM}. */
  long announcedCrc();

  /** False when an earlier attempt consumed bytes that cannot be produced again. */
  boolean canStart();

  /**
   * Writes every byte to {@code out}, reporting progress. Failures of the source itself come out as
   * {@link Failover.LocalIoException}; failures of {@code out} as they are.
   *
   * @return the CRC32C of what was written
   */
  long writeTo(OutputStream out, TransferListener listener) throws IOException;

  /** A file on disk: CRC computed first, re-readable for failover. */
  record FileSource(Path path, long size, long crc) implements UploadSource {
    static FileSource of(Path path) throws IOException {
      try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
        long size = ch.size();
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        long total = 0;
        while (total < size) {
          buf.clear();
          int n = ch.read(buf);
          if (n < 0) {
            break;
          }
          buf.flip();
          crc.update(buf);
          total += n;
        }
        if (total != size) {
          throw new IOException(path + " changed while its checksum was computed");
        }
        return new FileSource(path, size, crc.getValue());
      }
    }

    @Override
    public long announcedCrc() {
      return crc;
    }

    @Override
    public boolean canStart() {
      return true;
    }

    @Override
    public long writeTo(OutputStream out, TransferListener listener) throws IOException {
      CRC32C check = new CRC32C();
      byte[] buf = new byte[CHUNK];
      ByteBuffer bb = ByteBuffer.wrap(buf);
      long done = 0;
      try (FileChannel ch = openLocal()) {
        while (done < size) {
          bb.clear().limit((int) Math.min(CHUNK, size - done));
          int n;
          try {
            n = ch.read(bb, done);
          } catch (IOException e) {
            throw new Failover.LocalIoException(e);
          }
          if (n < 0) {
            throw new Failover.LocalIoException(
                new IOException(path + " shrank during the upload at byte " + done));
          }
          check.update(buf, 0, n);
          out.write(buf, 0, n);
          done += n;
          listener.progress(done, size);
        }
      }
      return check.getValue();
    }

    private FileChannel openLocal() throws IOException {
      try {
        return FileChannel.open(path, StandardOpenOption.READ);
      } catch (IOException e) {
        throw new Failover.LocalIoException(e);
      }
    }
  }

  /** The caller's byte array: CRC computed first, re-sendable. */
  record BytesSource(byte[] data, long crc) implements UploadSource {
    static BytesSource of(byte[] data) {
      CRC32C c = new CRC32C();
      c.update(data);
      return new BytesSource(data, c.getValue());
    }

    @Override
    public long size() {
      return data.length;
    }

    @Override
    public long announcedCrc() {
      return crc;
    }

    @Override
    public boolean canStart() {
      return true;
    }

    @Override
    public long writeTo(OutputStream out, TransferListener listener) throws IOException {
      int done = 0;
      while (done < data.length) {
        int n = Math.min(CHUNK, data.length - done);
        out.write(data, done, n);
        done += n;
        listener.progress(done, data.length);
      }
      return crc;
    }
  }

  /** A stream of known length: CRC computed while sending; one attempt once bytes were read. */
  final class StreamSource implements UploadSource {
    private final InputStream in;
    private final long size;
    private boolean touched;

    StreamSource(InputStream in, long size) {
      this.in = in;
      this.size = size;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public long announcedCrc() {
      return Request.UploadEx.NO_CHECKSUM;
    }

    @Override
    public boolean canStart() {
      return !touched;
    }

    @Override
    public long writeTo(OutputStream out, TransferListener listener) throws IOException {
      touched = true;
      CRC32C crc = new CRC32C();
      byte[] buf = new byte[CHUNK];
      long done = 0;
      while (done < size) {
        int n;
        try {
          n = in.read(buf, 0, (int) Math.min(CHUNK, size - done));
        } catch (IOException e) {
          throw new Failover.LocalIoException(e);
        }
        if (n < 0) {
          throw new Failover.LocalIoException(
              new IOException("upload stream ended after " + done + " of " + size + " bytes"));
        }
        crc.update(buf, 0, n);
        out.write(buf, 0, n);
        done += n;
        listener.progress(done, size);
      }
      return crc.getValue();
    }
  }
}
