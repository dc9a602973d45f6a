package org.mediadfs.web.stream;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Closes the TCP connection under a response whose headers (with a {@code Content-Length}) are sent
 * but whose body cannot be finished (the storage side failed mid-stream): the client must see a
 * truncated response, never a short body on a connection kept alive. The Servlet API has no way to
 * say this, so this reaches Payara's Grizzly connection ({@code ResponseFacade.response} → {@code
 * getCoyoteResponse()} → {@code getRequest().getConnection().closeSilently()}) by reflection. If
 * that fails on another container it logs and returns false; the container then ends the response
 * short and its idle timeout closes the connection.
 */
final class ConnectionAbort {
  private static final System.Logger LOG = System.getLogger(ConnectionAbort.class.getName());

  private ConnectionAbort() {}

  /** Closes the connection of {@code response}; true if that worked. */
  static boolean abort(ServletResponse response) {
    ServletResponse r = response;
    while (r instanceof ServletResponseWrapper w) {
      r = w.getResponse();
    }
    try {
      Object catalina = r;
      Field f = field(r.getClass(), "response");
      if (f != null) {
        f.setAccessible(true);
        catalina = f.get(r);
      }
      Object grizzly = call(catalina, "getCoyoteResponse");
      Object request = call(grizzly, "getRequest");
      Object connection = call(request, "getConnection");
      call(connection, "closeSilently");
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(Level.WARNING, () -> "cannot close the connection of a broken stream: " + e);
      return false;
    }
  }

  private static Field field(Class<?> c, String name) {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      try {
        return k.getDeclaredField(name);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    return null;
  }

  private static Object call(Object target, String method) throws ReflectiveOperationException {
    Method m = target.getClass().getMethod(method);
    m.setAccessible(true);
    return m.invoke(target);
  }
}
