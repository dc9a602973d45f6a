package org.mediadfs.client;

import java.util.SplittableRandom;
import org.mediadfs.client.testing.FakeTime;
import org.mediadfs.client.transport.Connector;

/** Builds clients over fake transports for tests in other packages (the CLI's). */
public final class TestClients {
  private TestClients() {}

  /** A client whose connections come from {@code connector} and whose clock is {@code time}. */
  public static MediadfsClient create(ClientConfig config, Connector connector, FakeTime time) {
    return new MediadfsClient(config, connector, time, time, new SplittableRandom(1));
  }
}
