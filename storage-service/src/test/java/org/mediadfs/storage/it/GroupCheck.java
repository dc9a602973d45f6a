package org.mediadfs.storage.it;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import org.mediadfs.testkit.Await;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * The replication invariant, checked on every member with its own copy (a peer-view connection: no
 * read repair): every acknowledged byte reads back identical, every deleted file stays deleted.
 */
final class GroupCheck {
  private GroupCheck() {}

  static long crc(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b);
    return c.getValue();
  }

  /** The member's rows of {@code user}, deleted and purged included. */
  static Map<String, FileMeta> rows(HostPort member, String user)
      throws IOException, ErrorReplyException {
    Map<String, FileMeta> out = new HashMap<>();
    try (Wire w = Wire.openAsPeer(member)) {
      String after = "";
      do {
        Response.FileList page =
            w.expect(new Request.ListFiles(user, after, 1000, true), Response.FileList.class);
        page.files().forEach(m -> out.put(m.fileId(), m));
        after = page.next();
      } while (!after.isEmpty());
    }
    return out;
  }

  /** The first way the member's metadata differs from what was acknowledged, or null. */
  static String metadataMismatch(
      HostPort member, String user, Map<String, byte[]> live, Set<String> deleted)
      throws IOException, ErrorReplyException {
    Map<String, FileMeta> rows = rows(member, user);
    for (Map.Entry<String, byte[]> e : live.entrySet()) {
      FileMeta m = rows.get(e.getKey());
      if (m == null) {
        return member + " has no row of " + e.getKey();
      }
      if (m.status() != FileStatus.ACTIVE
          || m.size() != e.getValue().length
          || m.crc32c() != crc(e.getValue())) {
        return member + " has " + m + " for " + e.getKey();
      }
    }
    for (String id : deleted) {
      FileMeta m = rows.get(id);
      if (m == null || m.status() == FileStatus.ACTIVE) {
        return member + " does not have " + id + " deleted: " + m;
      }
    }
    return null;
  }

  /** The first file whose bytes the member does not serve identically (without repair), or null. */
  static String bytesMismatch(
      HostPort member, String user, Map<String, byte[]> live, Set<String> deleted)
      throws IOException {
    try (Wire w = Wire.openAsPeer(member)) {
      for (Map.Entry<String, byte[]> e : live.entrySet()) {
        try {
          byte[] got = w.download(user, e.getKey(), 0, 0);
          if (!Arrays.equals(got, e.getValue())) {
            return member + " serves other bytes for " + e.getKey();
          }
        } catch (ErrorReplyException x) {
          return member + " refuses " + e.getKey() + ": " + x.code() + " " + x.text();
        }
      }
      for (String id : deleted) {
        Response r = w.call(new Request.FileSize(Wire.ids(user, id)));
        if (!(r instanceof Response.Error err) || err.code() != ErrorCode.DELETED) {
          return member + " answers " + r + " for deleted " + id;
        }
      }
    }
    return null;
  }

  /**
   * Waits until every member holds every live file byte for byte and has every deleted one deleted.
   */
  static void awaitConverged(
      Duration timeout,
      List<HostPort> members,
      String user,
      Map<String, byte[]> live,
      Set<String> deleted) {
    String[] last = {null};
    try {
      Await.until(
          timeout,
          "every member to hold every file",
          () -> {
            for (HostPort m : members) {
              String x = metadataMismatch(m, user, live, deleted);
              if (x == null) {
                x = bytesMismatch(m, user, live, deleted);
              }
              if (x != null) {
                last[0] = x;
                return false;
              }
            }
            return true;
          });
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("not converged: " + last[0], e);
    }
  }
}
