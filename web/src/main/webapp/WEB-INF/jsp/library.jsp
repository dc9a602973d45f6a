<%@ page contentType="text/html; charset=UTF-8" %>
<%@ include file="parts/head.jspf" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<div class="title-row">
  <h1><c:out value="${pageTitle}"/></h1>
  <a class="button primary" href="${ctx}/upload">Upload a video</a>
</div>
<nav class="tabs" aria-label="Views">
  <c:choose>
    <c:when test="${deletedView}">
      <a href="${ctx}/">Library (${otherCount})</a>
      <a class="current" aria-current="page" href="${ctx}/?view=deleted">Deleted items (${page.total()})</a>
    </c:when>
    <c:otherwise>
      <a class="current" aria-current="page" href="${ctx}/">Library (${page.total()})</a>
      <a href="${ctx}/?view=deleted">Deleted items (${otherCount})</a>
    </c:otherwise>
  </c:choose>
</nav>
<c:choose>
<c:when test="${empty items}">
  <p class="empty" id="library-empty">
    <c:choose>
      <c:when test="${deletedView}">Nothing here. Deleted files stay restorable until they are purged.</c:when>
      <c:otherwise>No videos yet. <a href="${ctx}/upload">Upload one</a>.</c:otherwise>
    </c:choose>
  </p>
</c:when>
<c:otherwise>
<table class="files" id="library">
  <thead><tr><th scope="col">Title</th><th scope="col">Type</th><th scope="col" class="num">Size</th><th scope="col">${deletedView ? 'Deleted' : 'Uploaded'}</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
  <tbody>
  <c:forEach var="it" items="${items}">
    <tr data-file-id="${fn:escapeXml(it.fileId())}">
      <td class="title" data-label="Title">
        <c:choose>
          <c:when test="${not deletedView}"><a class="file-title" href="${ctx}/watch/${it.fileId()}"><c:out value="${it.title()}"/></a></c:when>
          <c:otherwise><span class="file-title"><c:out value="${it.title()}"/></span></c:otherwise>
        </c:choose>
        <span class="sub"><c:out value="${it.originalName()}"/></span>
      </td>
      <td data-label="Type"><c:out value="${it.type()}"/></td>
      <td class="num" data-label="Size" title="${it.sizeBytes()} bytes"><c:out value="${it.size()}"/></td>
      <td data-label="${deletedView ? 'Deleted' : 'Uploaded'}"><c:out value="${it.date()}"/></td>
      <td class="actions">
        <c:choose>
          <c:when test="${deletedView}">
            <form method="post" action="${ctx}/library/restore">
              <input type="hidden" name="csrf" value="${fn:escapeXml(csrf)}">
              <input type="hidden" name="fileId" value="${fn:escapeXml(it.fileId())}">
              <input type="hidden" name="page" value="${page.number()}">
              <button type="submit" class="small restore">Restore</button>
            </form>
            <form method="post" action="${ctx}/library/purge" data-confirm="Delete this file for good? This cannot be undone.">
              <input type="hidden" name="csrf" value="${fn:escapeXml(csrf)}">
              <input type="hidden" name="fileId" value="${fn:escapeXml(it.fileId())}">
              <input type="hidden" name="page" value="${page.number()}">
              <button type="submit" class="small danger purge">Delete forever</button>
            </form>
          </c:when>
          <c:otherwise>
            <form method="post" action="${ctx}/library/delete">
              <input type="hidden" name="csrf" value="${fn:escapeXml(csrf)}">
              <input type="hidden" name="fileId" value="${fn:escapeXml(it.fileId())}">
              <input type="hidden" name="page" value="${page.number()}">
              <button type="submit" class="small delete">Delete</button>
            </form>
          </c:otherwise>
        </c:choose>
      </td>
    </tr>
  </c:forEach>
  </tbody>
</table>
<c:set var="viewParam" value="${deletedView ? 'view=deleted&amp;' : ''}"/>
<nav class="pager" aria-label="Pages">
  <span class="range">${page.firstItem()}&ndash;${page.lastItem()} of ${page.total()}</span>
  <c:choose>
    <c:when test="${page.hasPrevious()}"><a class="button small" rel="prev" href="${ctx}/?${viewParam}page=${page.number() - 1}">&larr; Newer</a></c:when>
    <c:otherwise><span class="button small disabled" aria-disabled="true">&larr; Newer</span></c:otherwise>
  </c:choose>
  <span class="of">Page ${page.number()} of ${page.lastPage()}</span>
  <c:choose>
    <c:when test="${page.hasNext()}"><a class="button small" rel="next" href="${ctx}/?${viewParam}page=${page.number() + 1}">Older &rarr;</a></c:when>
    <c:otherwise><span class="button small disabled" aria-disabled="true">Older &rarr;</span></c:otherwise>
  </c:choose>
</nav>
</c:otherwise>
</c:choose>
<%@ include file="parts/foot.jspf" %>
