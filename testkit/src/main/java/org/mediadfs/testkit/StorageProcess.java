package org.mediadfs.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mediadfs.wire.message.HostPort;

/**
 * A storage node ({@code org.mediadfs.storage.StorageMain}) in its own JVM, launched with the
 * current test classpath, so that it can be killed with {@code -9} and restarted on the same data.
 */
public final class StorageProcess implements AutoCloseable {
  /** The storage node's main class. */
  public static final String MAIN = "org.mediadfs.storage.StorageMain";

  private final String name;
  private final JavaProcess process;
  private final HostPort address;
  private final Map<String, String> props;

  private StorageProcess(
      String name, JavaProcess process, HostPort address, Map<String, String> props) {
    this.name = name;
    this.process = process;
    this.address = address;
    this.props = Map.copyOf(props);
  }

  /**
   * How a node's JVM is launched: extra JVM options (e.g. an AOT cache, see {@link StorageAot}) and
   * the class path.
   *
   * @param jvmArgs options added after the defaults ({@code -Xmx256m -XX:+UseSerialGC ...})
   * @param classPath the {@code -cp} of the node
   */
  public record Launch(List<String> jvmArgs, String classPath) {
    public Launch {
      jvmArgs = List.copyOf(jvmArgs);
    }

    /** No extra options, the current JVM's class path. */
    public static Launch defaults() {
      return new Launch(List.of(), System.getProperty("java.class.path"));
    }
  }

  /** The JVM options of every node (the heap cap is part of what LoadIT measures). */
  static final List<String> BASE_JVM_ARGS =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED");

  /**
   * Starts a node and waits until its port answers.
   *
   * @param name e.g. {@code g1m1}; used for logs
   * @param workDir holds the node's data directory, store root and log unless props say otherwise
   * @param props {@code mediadfs.storage.*} settings; group, trackers and ID servers are required;
   *     the port, data directory and root default to fresh ones under {@code workDir}
   */
  public static StorageProcess start(String name, Path workDir, Map<String, String> props) {
    StorageProcess s = create(name, workDir, props, Launch.defaults());
    s.start();
    return s;
  }

  /**
   * Describes a node without starting it: {@link #launch()} then {@link #awaitReady()} (or {@link
   * #start()}) start it, so that several nodes can start at once.
   *
   * @param name e.g. {@code g1m1}; used for logs
   * @param workDir holds the node's data directory, store root and log unless props say otherwise
   * @param props as for {@link #start(String, Path, Map)}
   * @param launch JVM options and class path
   */
  public static StorageProcess create(
      String name, Path workDir, Map<String, String> props, Launch launch) {
    Map<String, String> all = new LinkedHashMap<>();
    int port = FreePorts.next();
    Path dir = workDir.resolve(name).toAbsolutePath();
    all.put("mediadfs.storage.port", Integer.toString(port));
    all.put("mediadfs.storage.bind", "127.0.0.1");
    all.put("mediadfs.storage.host", "127.0.0.1");
    all.put("mediadfs.storage.data-dir", dir.resolve("data").toString());
    all.put("mediadfs.storage.roots", dir.resolve("store").toString());
    all.putAll(props);
    int actualPort = Integer.parseInt(all.get("mediadfs.storage.port"));
    List<String> jvm = new ArrayList<>(BASE_JVM_ARGS);
    jvm.addAll(launch.jvmArgs());
    JavaProcess p =
        JavaProcess.of(
            "storage-" + name,
            jvm,
            all,
            List.of("-cp", launch.classPath(), MAIN),
            dir.resolve("node.log"));
    return new StorageProcess(name, p, new HostPort("127.0.0.1", actualPort), all);
  }

  /** Starts the node (again: same ports, same data) and waits for its port. */
  public void start() {
    launch();
    awaitReady();
  }

  /** Starts the node's process without waiting for it; {@link #awaitReady()} waits. */
  public void launch() {
    process.start();
  }

  /** Waits until the launched node's port answers (failing early if the process dies). */
  public void awaitReady() {
    process.awaitPort(address.host(), address.port(), Duration.ofMinutes(2));
  }

  /** The node's name in this cluster. */
  public String name() {
    return name;
  }

  /** The node's group. */
  public String group() {
    return props.get("mediadfs.storage.group");
  }

  /** The settings it was started with. */
  public Map<String, String> props() {
    return props;
  }

  /** The data directory (node ID, database). */
  public Path dataDir() {
    return Path.of(props.get("mediadfs.storage.data-dir"));
  }

  /** The store roots. */
  public List<Path> roots() {
    return org.mediadfs.wire.Names.split(props.get("mediadfs.storage.roots")).stream()
        .map(Path::of)
        .toList();
  }

  /** The address clients use. */
  public HostPort address() {
    return address;
  }

  /** The process, for logs and pid. */
  public JavaProcess process() {
    return process;
  }

  /** True while it runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** {@code kill -9}. */
  public void kill() {
    process.kill();
  }

  /** Graceful stop. */
  public void stop() {
    process.stop(Duration.ofSeconds(20));
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Stops several nodes gracefully at once (each one's shutdown overlaps the others'); the first
   * failure is thrown once all have been asked.
   */
  public static void stopAll(Collection<StorageProcess> nodes) {
    SideBySide.throwFirst(
        SideBySide.run(
            nodes.stream().map(n -> new SideBySide.Task("stop-" + n.name(), n::stop)).toList()));
  }

  @Override
  public String toString() {
    return "storage " + name + " " + address + " " + process;
  }
}
