package org.mediadfs.faults;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands the one {@link Suite} of this test JVM to test methods and lifecycle methods (a {@code
 * Suite} parameter). It is created on first use and closed when the whole run ends, which is when
 * the final invariant check runs. After each test it heals whatever a failed scenario left broken
 * (a node not restarted, Redis frozen, the database proxy paused), so one failure does not cascade.
 */
public final class SuiteExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(SuiteExtension.class);

  /** Closes the suite at the end of the run. */
  private record Holder(Suite suite) implements AutoCloseable {
    @Override
    public void close() {
      suite.close();
    }
  }

  @Override
  public void afterEach(ExtensionContext ctx) {
    Holder h = ctx.getRoot().getStore(NS).get("suite", Holder.class);
    if (h != null) {
      h.suite().heal(ctx.getDisplayName());
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) {
    return p.getParameter().getType() == Suite.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext ctx) {
    return ctx.getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent("suite", k -> new Holder(Suite.start()), Holder.class)
        .suite();
  }
}
