package org.mediadfs.web.portal;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.mediadfs.web.cluster.FileLocator;
import org.mediadfs.web.db.DatabaseDefinition;

/**
 * The portal's catalog ({@code t_web_catalog}, migration {@code V2__portal_catalog.sql}): which
 * user uploaded which file, under what title. It is also the streaming tier's {@link FileLocator}:
 * a stream URL carries only the file ID, and the catalog names its owner (and so its group) in one
 * indexed lookup instead of asking every group.
 *
 * <p>Order of writes (nothing acknowledged is lost): an upload is stored in the cluster first and
 * entered here after; a delete or restore changes the cluster first and this row after. Thread-safe
 * (every call takes its own pooled connection). Database failures come out as {@link
 * IllegalStateException} with the statement's context.
 */
@ApplicationScoped
public class Catalog implements FileLocator {
  private static final String COLUMNS =
      "file_id, app_id, owner, title, original_name, content_type, size_bytes, create_time,"
          + " update_time, deleted, delete_time";

  @Resource(lookup = DatabaseDefinition.JNDI)
  DataSource ds;

  /** Enters a newly uploaded file. */
  public void add(CatalogEntry e) {
    try (Connection c = ds.getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO t_web_catalog ("
                    + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      p.setString(1, e.fileId());
      p.setString(2, e.appId());
      p.setString(3, e.owner());
      p.setString(4, e.title());
      p.setString(5, e.originalName());
      p.setString(6, e.contentType());
      p.setLong(7, e.size());
      p.setTimestamp(8, Timestamp.from(e.created()));
      p.setTimestamp(9, Timestamp.from(e.updated()));
      p.setBoolean(10, e.deleted());
      p.setTimestamp(11, e.deletedAt() == null ? null : Timestamp.from(e.deletedAt()));
      p.executeUpdate();
    } catch (SQLException ex) {
      throw failure("cannot enter file " + e.fileId() + " of " + e.owner(), ex);
    }
  }

  /** One file, deleted or not. */
  public Optional<CatalogEntry> find(String fileId) {
    try (Connection c = ds.getConnection();
        PreparedStatement p =
            c.prepareStatement("SELECT " + COLUMNS + " FROM t_web_catalog WHERE file_id = ?")) {
      p.setString(1, fileId);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? Optional.of(entry(r)) : Optional.empty();
      }
    } catch (SQLException ex) {
      throw failure("cannot read file " + fileId, ex);
    }
  }

  @Override
  public Optional<FileOwner> ownerOf(String fileId) {
    try (Connection c = ds.getConnection();
        PreparedStatement p =
            c.prepareStatement("SELECT app_id, owner FROM t_web_catalog WHERE file_id = ?")) {
      p.setString(1, fileId);
      try (ResultSet r = p.executeQuery()) {
        return r.next()
            ? Optional.of(new FileOwner(r.getString(1), r.getString(2)))
            : Optional.empty();
      }
    } catch (SQLException ex) {
      throw failure("cannot look up the owner of " + fileId, ex);
    }
  }

  /** How many files a user has in the library ({@code deleted} false) or in the deleted items. */
  public long count(String owner, boolean deleted) {
    try (Connection c = ds.getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "SELECT COUNT(*) FROM t_web_catalog WHERE owner = ? AND deleted = ?")) {
      p.setString(1, owner);
      p.setBoolean(2, deleted);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException ex) {
      throw failure("cannot count the files of " + owner, ex);
    }
  }

  /** One page of a user's files, newest first (deleted items: most recently deleted first). */
  public List<CatalogEntry> list(String owner, boolean deleted, Page page) {
    String order = deleted ? "delete_time DESC, file_id" : "create_time DESC, file_id";
    try (Connection c = ds.getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM t_web_catalog WHERE owner = ? AND deleted = ? ORDER BY "
                    + order
                    + " LIMIT ? OFFSET ?")) {
      p.setString(1, owner);
      p.setBoolean(2, deleted);
      p.setInt(3, page.size());
      p.setLong(4, page.offset());
      List<CatalogEntry> out = new ArrayList<>(page.size());
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(entry(r));
        }
      }
      return out;
    } catch (SQLException ex) {
      throw failure("cannot list the files of " + owner, ex);
    }
  }

  /**
   * Marks a user's file deleted or restored; false when the user has no such file in the other
   * state.
   */
  public boolean setDeleted(String owner, String fileId, boolean deleted, Instant now) {
    try (Connection c = ds.getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "UPDATE t_web_catalog SET deleted = ?, delete_time = ?, update_time = ?"
                    + " WHERE file_id = ? AND owner = ? AND deleted = ?")) {
      p.setBoolean(1, deleted);
      p.setTimestamp(2, deleted ? Timestamp.from(now) : null);
      p.setTimestamp(3, Timestamp.from(now));
      p.setString(4, fileId);
      p.setString(5, owner);
      p.setBoolean(6, !deleted);
      return p.executeUpdate() > 0;
    } catch (SQLException ex) {
      throw failure("cannot change file " + fileId + " of " + owner, ex);
    }
  }

  /** Removes a purged file's row; false when the user had no such file. */
  public boolean remove(String owner, String fileId) {
    try (Connection c = ds.getConnection();
        PreparedStatement p =
            c.prepareStatement("DELETE FROM t_web_catalog WHERE file_id = ? AND owner = ?")) {
      p.setString(1, fileId);
      p.setString(2, owner);
      return p.executeUpdate() > 0;
    } catch (SQLException ex) {
      throw failure("cannot remove file " + fileId + " of " + owner, ex);
    }
  }

  private static CatalogEntry entry(ResultSet r) throws SQLException {
    Timestamp deletedAt = r.getTimestamp(11);
    return new CatalogEntry(
        r.getString(1),
        r.getString(2),
        r.getString(3),
        r.getString(4),
        r.getString(5),
        r.getString(6),
        r.getLong(7),
        r.getTimestamp(8).toInstant(),
        r.getTimestamp(9).toInstant(),
        r.getBoolean(10),
        deletedAt == null ? null : deletedAt.toInstant());
  }

  private static IllegalStateException failure(String what, SQLException e) {
    return new IllegalStateException(what + ": " + e.getMessage(), e);
  }
}
