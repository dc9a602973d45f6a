<%@ page contentType="text/html; charset=UTF-8" %>
<%@ include file="parts/head.jspf" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<h1>Users</h1>
<div class="two-col">
<section class="card">
  <table class="users" id="users">
    <thead><tr><th scope="col">User</th><th scope="col">Roles</th><th scope="col">Created</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
    <tbody>
    <c:forEach var="u" items="${users}">
      <tr>
        <td data-label="User" class="user-name"><c:out value="${u.username()}"/><c:if test="${u.self()}"> <span class="sub">(you)</span></c:if></td>
        <td data-label="Roles"><c:out value="${u.roles()}"/></td>
        <td data-label="Created"><c:out value="${u.created()}"/></td>
        <td class="actions">
          <c:if test="${not u.self()}">
          <form method="post" action="${ctx}/admin/users/delete" data-confirm="Remove this account? Its files stay in the cluster.">
            <input type="hidden" name="csrf" value="${fn:escapeXml(csrf)}">
            <input type="hidden" name="username" value="${fn:escapeXml(u.username())}">
            <button type="submit" class="small danger">Remove</button>
          </form>
          </c:if>
        </td>
      </tr>
    </c:forEach>
    </tbody>
  </table>
</section>
<section class="card">
  <h2>New user</h2>
  <form method="post" action="${ctx}/admin/users" class="stack" id="new-user">
    <input type="hidden" name="csrf" value="${fn:escapeXml(csrf)}">
    <label>User name <input name="username" required maxlength="64" pattern="[A-Za-z0-9._@\-]{1,64}" autocomplete="off"></label>
    <label>Password <input name="password" type="password" required minlength="8" autocomplete="new-password"></label>
    <label>Role
      <select name="role"><option value="user" selected>user</option><option value="admin">admin</option></select>
    </label>
    <button type="submit" class="primary">Create</button>
  </form>
</section>
</div>
<%@ include file="parts/foot.jspf" %>
