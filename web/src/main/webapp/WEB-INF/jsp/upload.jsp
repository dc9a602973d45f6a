<%@ page contentType="text/html; charset=UTF-8" %>
<%@ include file="parts/head.jspf" %>
<c:set var="ctx" value="${pageContext.request.contextPath}"/>
<h1>Upload</h1>
<section class="card">
  <noscript><p class="flash flash-error">Uploading from this page needs JavaScript: the file is streamed
    to the cluster with its name and size, and its progress shown. Without it, use the command line
    (<code>mediadfs-cli upload</code>).</p></noscript>
  <form id="upload-form" class="upload" action="${ctx}/upload" data-max="${maxUpload}" data-max-text="${fn:escapeXml(maxUploadText)}">
    <label class="drop" for="file">
      <span class="drop-title">Choose a video</span>
      <span class="sub">or drop it here &middot; up to <c:out value="${maxUploadText}"/></span>
      <input type="file" id="file" name="file" accept="video/*,audio/*,image/*" required>
    </label>
    <p class="chosen" id="chosen" hidden></p>
    <button type="submit" class="primary" id="upload-button">Upload</button>
  </form>
  <div class="progress-box" id="progress-box" hidden>
    <progress id="upload-progress" max="100" value="0">0%</progress>
    <p class="sub" id="upload-status" role="status" aria-live="polite"></p>
  </div>
  <p class="flash flash-error" id="upload-error" role="alert" hidden></p>
  <p class="flash flash-ok" id="upload-done" role="status" hidden>
    Uploaded <strong id="upload-title"></strong>.
    <a id="upload-watch" href="${ctx}/">Watch it</a> or <a href="${ctx}/">go to your library</a>.
  </p>
</section>
<script src="${ctx}/static/upload.js" defer></script>
<%@ include file="parts/foot.jspf" %>
