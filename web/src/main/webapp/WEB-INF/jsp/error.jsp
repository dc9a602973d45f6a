<%@ page contentType="text/html; charset=UTF-8" %>
<%@ include file="parts/head.jspf" %>
<h1><c:out value="${pageTitle}"/></h1>
<p class="flash flash-error" role="alert" id="error-message"><c:out value="${message}"/></p>
<p><a href="${pageContext.request.contextPath}/">Back to the library</a></p>
<%@ include file="parts/foot.jspf" %>
