<%@ page contentType="text/html; charset=UTF-8" %>
<%@ include file="parts/head.jspf" %>
<h1>Cluster</h1>
<c:choose>
<c:when test="${not empty clusterError}">
  <p class="flash flash-error" role="alert">The tracker did not answer: <c:out value="${clusterError}"/></p>
</c:when>
<c:otherwise>
<section class="stats" aria-label="Summary">
  <div class="stat"><span class="stat-value" id="stat-groups">${fn:length(cluster.groups())}</span><span class="stat-label">groups</span></div>
  <div class="stat"><span class="stat-value" id="stat-active">${cluster.active()} / ${cluster.nodes()}</span><span class="stat-label">nodes active</span></div>
  <div class="stat"><span class="stat-value"><c:out value="${cluster.free()}"/></span><span class="stat-label">free</span></div>
</section>
<c:if test="${empty cluster.groups()}"><p class="empty">No group is registered and no storage node has joined yet.</p></c:if>
<c:forEach var="g" items="${cluster.groups()}">
<section class="group card" data-group="${fn:escapeXml(g.name())}">
  <h2><c:out value="${g.name()}"/> <c:choose><c:when test="${empty g.nodes()}"><span class="pill">no nodes</span></c:when><c:otherwise><span class="pill ${g.healthy() ? 'ok' : 'warn'}">${g.active()} of ${fn:length(g.nodes())} active</span></c:otherwise></c:choose><c:if test="${not empty g.nodes()}"> <span class="sub"><c:out value="${g.free()}"/> free</span></c:if></h2>
  <c:choose>
  <c:when test="${empty g.nodes()}"><p class="empty">No storage node has joined this group yet.</p></c:when>
  <c:otherwise>
  <table class="nodes">
    <thead><tr><th scope="col">Node</th><th scope="col">State</th><th scope="col">Free space</th><th scope="col" class="num">Connections</th><th scope="col">In / out</th><th scope="col">Replication lag</th><th scope="col">Last beat</th></tr></thead>
    <tbody>
    <c:forEach var="n" items="${g.nodes()}">
      <tr>
        <td data-label="Node"><span class="mono"><c:out value="${n.address()}"/></span>
          <span class="sub"><c:out value="${n.hostName()}"/> &middot; <c:out value="${n.version()}"/><c:if test="${not empty n.nodeId()}"> &middot; <span class="mono" title="${fn:escapeXml(n.nodeId())}"><c:out value="${fn:substring(n.nodeId(), 0, 8)}"/></span></c:if></span></td>
        <td data-label="State"><span class="pill ${n.statusClass()} node-status"><c:out value="${n.status()}"/></span>
          <c:if test="${n.readOnlyRoots() > 0}"><span class="pill bad">${n.readOnlyRoots()} read-only root(s)</span></c:if></td>
        <td data-label="Free space"><meter min="0" max="100" low="70" high="90" optimum="0" value="${n.usedPercent()}">${n.usedPercent()}% used</meter>
          <span class="sub"><c:out value="${n.free()}"/> free of <c:out value="${n.capacity()}"/></span></td>
        <td class="num" data-label="Connections">${n.connections()}</td>
        <td data-label="In / out"><c:out value="${n.rateIn()}"/> / <c:out value="${n.rateOut()}"/></td>
        <td data-label="Replication lag">
          <c:choose>
            <c:when test="${n.lagging()}"><span class="pill warn">${n.lagEntries()} entries, <c:out value="${n.lagBytes()}"/></span></c:when>
            <c:otherwise><span class="pill ok">in sync</span></c:otherwise>
          </c:choose></td>
        <td data-label="Last beat"><c:out value="${n.lastBeat()}"/></td>
      </tr>
    </c:forEach>
    </tbody>
  </table>
  </c:otherwise>
  </c:choose>
</section>
</c:forEach>
</c:otherwise>
</c:choose>
<%@ include file="parts/foot.jspf" %>
