<%@ page contentType="text/html; charset=UTF-8" %>
<%@ include file="parts/head.jspf" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<p class="crumbs"><a href="${ctx}/">&larr; Library</a></p>
<h1 id="watch-title"><c:out value="${item.title()}"/></h1>
<div class="watch">
  <div class="player">
    <c:choose>
      <c:when test="${item.playable()}">
        <video id="player" controls preload="metadata" playsinline src="${fn:escapeXml(src)}">
          Your browser cannot play this video. <a href="${fn:escapeXml(src)}">Download it</a>.
        </video>
      </c:when>
      <c:when test="${fn:startsWith(item.type(), 'image/')}">
        <img id="picture" src="${fn:escapeXml(src)}" alt="${fn:escapeXml(item.title())}">
      </c:when>
      <c:otherwise>
        <p class="empty">This file cannot be shown in the browser. <a href="${fn:escapeXml(src)}">Download it</a>.</p>
      </c:otherwise>
    </c:choose>
  </div>
  <aside class="details card">
    <dl>
      <dt>File</dt><dd><c:out value="${item.originalName()}"/></dd>
      <dt>Type</dt><dd><c:out value="${item.type()}"/></dd>
      <dt>Size</dt><dd title="${item.sizeBytes()} bytes"><c:out value="${item.size()}"/></dd>
      <dt>Uploaded</dt><dd><c:out value="${item.date()}"/> UTC</dd>
    </dl>
    <p><a class="button small" href="${fn:escapeXml(src)}" download="${fn:escapeXml(item.originalName())}">Download</a></p>
    <h2>Share</h2>
    <form method="post" action="${ctx}/watch/${item.fileId()}/share" class="share" id="share-form">
      <input type="hidden" name="csrf" value="${fn:escapeXml(csrf)}">
      <label for="lifetime">Link works for</label>
      <select id="lifetime" name="lifetime">
        <c:forEach var="l" items="${lifetimes}">
          <option value="${l.code()}" ${l.code() == '1d' ? 'selected' : ''}><c:out value="${l.label()}"/></option>
        </c:forEach>
      </select>
      <button type="submit" id="share-button">Create share link</button>
    </form>
    <c:if test="${not empty shared}">
      <div class="shared" id="shared">
        <label for="share-url">Anyone with this link can watch until <c:out value="${shared.expires()}"/>:</label>
        <div class="copy-row">
          <input id="share-url" type="text" readonly value="${fn:escapeXml(shared.url())}">
          <button type="button" class="small" data-copy="share-url">Copy</button>
        </div>
        <c:if test="${not expiryEnforced}">
          <p class="sub" id="share-note">This server does not require signed links, so the link also works after that time, for as long as the file exists.</p>
        </c:if>
      </div>
    </c:if>
  </aside>
</div>
<%@ include file="parts/foot.jspf" %>
