package org.mediadfs.web.cluster;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.lang.System.Logger.Level;
import org.eclipse.microprofile.config.ConfigProvider;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.web.config.WebConfig;

/**
 * The web tier's one {@link MediadfsClient} (thread-safe, pooled) and its {@link WebConfig},
 * created when the application starts and closed when it stops. Other beans inject {@code
 * MediadfsClient} and {@code WebConfig} through the producer methods. A bad configuration fails the
 * deployment.
 */
@ApplicationScoped
public class ClusterClient {
  private static final System.Logger LOG = System.getLogger(ClusterClient.class.getName());

  private WebConfig config;
  private MediadfsClient client;

  @PostConstruct
  void open() {
    config = WebConfig.from(ConfigProvider.getConfig(ClusterClient.class.getClassLoader()));
    client = MediadfsClient.create(config.clientConfig());
    LOG.log(
        Level.INFO,
        () ->
            "web tier: trackers "
                + config.trackers()
                + ", "
                + config.storageConnections()
                + " connections per storage node, signed links "
                + (config.signedLinks() ? "required" : "optional"));
  }

  /** Creates the client at start, so that a bad configuration fails the deployment. */
  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    config();
  }

  /** The client every bean of the web tier uses. */
  @Produces
  public MediadfsClient client() {
    return client;
  }

  /** The web tier's settings. */
  @Produces
  public WebConfig config() {
    return config;
  }

  @PreDestroy
  void close() {
    if (client != null) {
      client.close();
    }
  }
}
