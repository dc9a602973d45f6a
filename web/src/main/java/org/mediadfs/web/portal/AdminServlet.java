package org.mediadfs.web.portal;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.web.api.ApiException;
import org.mediadfs.web.security.Roles;
import org.mediadfs.web.security.UserAccounts;

/**
 * The admin pages (role {@code admin}): {@code /admin} shows the groups and nodes at a glance
 * (state, free space, load, replication lag: the tracker's live view, {@link ClusterView}); {@code
 * /admin/users} lists the accounts and creates ({@code POST /admin/users}) or removes ({@code POST
 * /admin/users/delete}) them. Accounts are kept by {@link UserAccounts} (PBKDF2 hashes); an admin
 * cannot remove their own account, so the last admin cannot lock everyone out by accident.
 */
@WebServlet(urlPatterns = {"/admin", "/admin/*"})
@ServletSecurity(@HttpConstraint(rolesAllowed = Roles.ADMIN))
public class AdminServlet extends PortalServlet {
  private static final System.Logger LOG = System.getLogger(AdminServlet.class.getName());

  @Inject transient MediadfsClient client;
  @Inject transient UserAccounts accounts;

  /**
   * An account row.
   *
   * @param username the name
   * @param roles its roles, comma-separated
   * @param created when it was made (UTC)
   * @param self true for the signed-in admin's own account
   */
  public record UserRow(String username, String roles, String created, boolean self) {}

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res)
      throws ServletException, IOException {
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    switch (path) {
      case "", "/" -> cluster(req, res);
      case "/users" -> users(req, res);
      default -> refuse(req, res, 404, "No such page.");
    }
  }

  private void cluster(HttpServletRequest req, HttpServletResponse res)
      throws ServletException, IOException {
    try {
      req.setAttribute(
          "cluster", ClusterView.of(client.groupNames(), client.nodes(), Instant.now()));
    } catch (IOException e) {
      LOG.log(Level.WARNING, () -> "admin page: cannot ask the tracker for groups and nodes: " + e);
      req.setAttribute("clusterError", e.getMessage());
    }
    render(req, res, "admin-cluster", "Cluster");
  }

  private void users(HttpServletRequest req, HttpServletResponse res)
      throws ServletException, IOException {
    String me = user(req);
    List<UserRow> rows =
        accounts.list().stream()
            .map(
                a ->
                    new UserRow(
                        a.username(),
                        String.join(", ", a.roles()),
                        Formats.dateTime(a.created(), ZoneOffset.UTC),
                        a.username().equals(me)))
            .toList();
    req.setAttribute("users", rows);
    render(req, res, "admin-users", "Users");
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res)
      throws ServletException, IOException {
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    switch (path) {
      case "/users" -> create(req);
      case "/users/delete" -> delete(req);
      default -> {
        refuse(req, res, 404, "No such page.");
        return;
      }
    }
    seeOther(req, res, "/admin/users");
  }

  private void create(HttpServletRequest req) {
    String name = trim(req.getParameter("username"));
    String password = req.getParameter("password");
    String role = Roles.ADMIN.equals(req.getParameter("role")) ? Roles.ADMIN : Roles.USER;
    try {
      accounts.create(name, password == null ? "" : password, Set.of(role));
      LOG.log(Level.INFO, () -> "admin " + user(req) + " created user " + name + " (" + role + ")");
      flash(req, false, "Created " + role + " \u201c" + name + "\u201d.");
    } catch (ApiException e) {
      flash(req, true, "Could not create \u201c" + name + "\u201d: " + e.getMessage());
    }
  }

  private void delete(HttpServletRequest req) {
    String name = trim(req.getParameter("username"));
    if (name.equals(user(req))) {
      flash(req, true, "You cannot remove your own account.");
      return;
    }
    if (accounts.delete(name)) {
      LOG.log(Level.INFO, () -> "admin " + user(req) + " removed user " + name);
      flash(req, false, "Removed \u201c" + name + "\u201d. Their files stay in the cluster.");
    } else {
      flash(req, true, "There is no user \u201c" + name + "\u201d.");
    }
  }

  private static String trim(String s) {
    return s == null ? "" : s.strip();
  }
}
