package org.mediadfs.web.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.mediadfs.client.FilePage;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.client.MediadfsException;
import org.mediadfs.tracker.infrastructure.endpoint.TrackerServer;
import org.mediadfs.web.cluster.FileDirectory;
import org.mediadfs.web.cluster.FileLocation;
import org.mediadfs.web.config.WebConfig;
import org.mediadfs.web.portal.Catalog;
import org.mediadfs.web.security.LinkKeys;
import org.mediadfs.web.security.LinkSigner;
import org.mediadfs.web.security.Roles;
import org.mediadfs.web.stream.FilePath;
import org.mediadfs.wire.Names;
import org.mediadfs.wire.message.NodeInfo;

/**
 * The cluster's files: a paged list merged from LIST on every group ({@link FileListing}), metadata
 * (STAT), soft delete, restore, purge, and signed stream links.
 */
@Path("files")
@RequestScoped
@RequireRole(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class FilesResource {
  private static final System.Logger LOG = System.getLogger(FilesResource.class.getName());

  /** Longest page. */
  static final int MAX_LIMIT = MediadfsClient.LIST_MAX;

  @Inject MediadfsClient client;
  @Inject FileDirectory directory;
  @Inject TrackerServer tracker;
  @Inject LinkKeys keys;
  @Inject WebConfig config;
  @Inject Catalog catalog;

  @Context HttpServletRequest request;

  /**
   * A page of files ordered by file ID.
   *
   * @param cursor the {@code next} of the previous page
   * @param limitParam files per page, 1 to 1000
   * @param deleted also list soft-deleted files
   * @param user only this user's files (then only the user's group is asked)
   * @param app the user's app ID (default: the configured one)
   */
  @GET
  public Views.FilePage list(
      @QueryParam("cursor") String cursor,
      @QueryParam("limit") @DefaultValue("100") String limitParam,
      @QueryParam("deleted") @DefaultValue("false") boolean deleted,
      @QueryParam("user") String user,
      @QueryParam("app") String app)
      throws IOException {
    int limit = limit(limitParam);
    String after = FileListing.after(cursor);
    if (user != null && !user.isEmpty()) {
      String appId = app == null || app.isEmpty() ? config.appId() : app;
      FilePage p = client.listUser(appId, user, after, limit, deleted);
      return page(
          FileListing.merge(List.of(new FileListing.GroupPage("", p.files(), p.hasMore())), limit),
          List.of());
    }
    Set<String> groups = new TreeSet<>();
    for (NodeInfo n : client.nodes()) {
      groups.add(n.groupName());
    }
    List<FileListing.GroupPage> pages = new ArrayList<>();
    List<String> unavailable = new ArrayList<>();
    for (String g : groups) {
      try {
        FilePage p = client.listGroup(g, "", after, limit, deleted);
        pages.add(new FileListing.GroupPage(g, p.files(), p.hasMore()));
      } catch (MediadfsException e) {
        LOG.log(Level.WARNING, () -> "cannot list group " + g + ": " + e.getMessage());
        unavailable.add(g);
      }
    }
    return page(FileListing.merge(pages, limit), unavailable);
  }

  private static Views.FilePage page(FileListing.Merged m, List<String> unavailable) {
    return new Views.FilePage(
        m.entries().stream().map(e -> Views.file(e.meta(), e.group())).toList(),
        m.next().orElse(null),
        List.copyOf(unavailable));
  }

  /** A file's metadata, whatever its status. */
  @GET
  @Path("{fileId}")
  public Views.FileView get(@PathParam("fileId") String fileId) throws IOException {
    checkId(fileId);
    FileDirectory.Located l = directory.stat(fileId);
    return Views.file(l.meta(), l.location().group());
  }

  /** Soft-deletes a file (204); with {@code purge=true} removes it for good. */
  @DELETE
  @Path("{fileId}")
  public Response delete(
      @PathParam("fileId") String fileId, @QueryParam("purge") @DefaultValue("false") boolean purge)
      throws IOException {
    if (purge) {
      return purge(fileId);
    }
    FileLocation l = locate(fileId);
    client.delete(l.appId(), l.userId(), fileId);
    inCatalog("delete", fileId, () -> catalog.setDeleted(l.userId(), fileId, true, Instant.now()));
    return Response.noContent().build();
  }

  /** Undoes a soft delete (204). */
  @POST
  @Path("{fileId}/restore")
  public Response restore(@PathParam("fileId") String fileId) throws IOException {
    FileLocation l = locate(fileId);
    client.restore(l.appId(), l.userId(), fileId);
    inCatalog(
        "restore", fileId, () -> catalog.setDeleted(l.userId(), fileId, false, Instant.now()));
    return Response.noContent().build();
  }

  /** Removes a file's bytes for good (204); a tombstone stays for replication. */
  @POST
  @Path("{fileId}/purge")
  public Response purge(@PathParam("fileId") String fileId) throws IOException {
    FileLocation l = locate(fileId);
    client.purge(l.appId(), l.userId(), fileId);
    directory.forget(fileId);
    inCatalog("purge", fileId, () -> catalog.remove(l.userId(), fileId));
    return Response.noContent().build();
  }

  /**
   * A signed stream link to a file, valid for {@code ttlSeconds} (default: configured), as a path
   * from the site root (context path included), with an optional friendly name.
   */
  @POST
  @Path("{fileId}/links")
  @Consumes(MediaType.APPLICATION_JSON)
  public Views.SignedLink link(@PathParam("fileId") String fileId, Views.NewLink body)
      throws IOException {
    checkId(fileId);
    long ttl =
        body == null || body.ttlSeconds() == null
            ? config.linkTtl().toSeconds()
            : body.ttlSeconds();
    if (ttl < 1 || ttl > Duration.ofDays(3660).toSeconds()) {
      throw ApiException.badRequest("ttlSeconds must be 1 to 316224000");
    }
    String name = body == null ? null : body.name();
    if (name != null && !FilePath.validName(name)) {
      throw ApiException.badRequest("invalid download name");
    }
    directory.locate(fileId); // 404 for a file that does not exist
    Instant expires = Instant.now().plusSeconds(ttl);
    LinkSigner.Signature s = keys.sign(fileId, expires);
    String path =
        request.getContextPath()
            + "/files/"
            + fileId
            + (name == null
                ? ""
                : "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"))
            + "?"
            + s.query();
    return new Views.SignedLink(path, Instant.ofEpochSecond(s.exp()));
  }

  /**
   * Moves a file the cluster has just changed in its owner's portal library too (a file uploaded
   * another way is not in it). The cluster's change stands when this fails: the portal catches up
   * when the owner next opens the file.
   */
  private static void inCatalog(String change, String fileId, Runnable follow) {
    try {
      follow.run();
    } catch (IllegalStateException e) {
      LOG.log(
          Level.WARNING,
          () -> "the portal library does not show the " + change + " of " + fileId + " yet",
          e);
    }
  }

  /** The {@code limit} parameter: 1 to {@link #MAX_LIMIT} (JAX-RS answers 404 for a bad int). */
  static int limit(String param) {
    String digits = param.strip();
    if (digits.matches("[0-9]{1,4}")) {
      int limit = Integer.parseInt(digits);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    }
    throw ApiException.badRequest("limit must be 1 to " + MAX_LIMIT);
  }

  private FileLocation locate(String fileId) throws IOException {
    checkId(fileId);
    return directory.locate(fileId);
  }

  private static void checkId(String fileId) {
    if (!Names.validFileId(fileId)) {
      throw ApiException.badRequest("invalid file ID " + Names.quote(fileId));
    }
  }
}
