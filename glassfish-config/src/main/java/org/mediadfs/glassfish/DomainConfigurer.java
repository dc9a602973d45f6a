package org.mediadfs.glassfish;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Writes mediadfs's settings into a <em>stopped</em> Payara Server domain ({@code
 * config/domain.xml}), so that the domain starts once with everything in place: the heap and JVM
 * options, the {@code mediadfs.*} MicroProfile Config values as system properties, the web port,
 * the HTTP thread pool and Hazelcast on or off.
 *
 * <p>Why not {@code asadmin create-jvm-options}: asadmin changes a running domain, and JVM options
 * take effect only after a restart (about 15 s here); system properties set on a running domain
 * reach an application that is already deployed only after it is reloaded. Writing them before the
 * start costs one JVM launch of this tool (~1 s) and makes every start, cold or warm, apply the
 * same file. {@code glassfish-config/bin/payara-server.sh} runs this tool before each {@code
 * start-domain}; asadmin still creates, starts, stops and deploys.
 *
 * <p>Invariants after {@link #apply}: exactly one {@code -Xmx} option; exactly one {@link
 * #VT_CARRIERS} option (the extra options' or {@value #DEFAULT_VT_CARRIERS}); the {@code
 * mediadfs.*} system properties of the domain are exactly those of the settings (stale ones are
 * removed, including ones added by hand with {@code create-system-properties}); the extra JVM
 * options added by the previous run are replaced by this run's. Everything else in {@code
 * domain.xml} is left as it was.
 *
 * <p>The settings file is a Java properties file:
 *
 * <ul>
 *   <li>{@code payara.heap} ({@value #DEFAULT_HEAP}): the {@code -Xmx} value;
 *   <li>{@code payara.http-port} ({@value #DEFAULT_HTTP_PORT}): port of {@code http-listener-1}
 *       (the web tier);
 *   <li>{@code payara.http-threads} ({@value #DEFAULT_HTTP_THREADS}): maximum threads of {@code
 *       http-thread-pool} (Payara's default is 5; every stream being sent holds one);
 *   <li>{@code payara.hazelcast} (false): Payara's data grid; mediadfs does not use it, and two
 *       domains on one machine must not find each other;
 *   <li>{@code payara.jvm-options}: extra JVM options separated by spaces;
 *   <li>{@code payara.portbase}: read by the script when it creates the domain, ignored here;
 *   <li>every {@code mediadfs.*} key: a system property of the server (MicroProfile Config reads
 *       system properties with ordinal 400, above environment variables and the application's own
 *       {@code microprofile-config.properties}; the same values Payara Micro gets as {@code -D}).
 * </ul>
 *
 * Any other key is refused, so a typo fails loudly instead of being ignored.
 */
public final class DomainConfigurer {
  /** Default maximum heap, the same as Payara Micro's in {@code bin/mediadfs}. */
  public static final String DEFAULT_HEAP = "512m";

  /**
   * The JVM option that sets the carrier threads of virtual threads, and its value unless the extra
   * options set it. With the default (one carrier per core), connection threads of the tracker and
   * the ID server waiting for a class another virtual thread was loading through GlassFish's class
   * loaders pinned both carriers of a 2-core machine (class loading still pins, JEP 491) while that
   * thread, holding the loaders' locks, waited for a carrier: both servers hung for good.
   */
  public static final String VT_CARRIERS = "-Djdk.virtualThreadScheduler.parallelism=";

  public static final int DEFAULT_VT_CARRIERS = 16;

  /** Default web port, the original's. */
  public static final int DEFAULT_HTTP_PORT = 8080;

  /** Default maximum of the HTTP worker threads. */
  public static final int DEFAULT_HTTP_THREADS = 64;

  /** The prefix of the keys that become system properties. */
  public static final String APP_PREFIX = "mediadfs.";

  /** The prefix of the keys that configure the server itself. */
  public static final String SERVER_PREFIX = "payara.";

  /** Default tracker and ID ports (the application's defaults), for the readiness line. */
  static final int DEFAULT_TRACKER_PORT = 21000;

  static final int DEFAULT_ID_PORT = 22000;

  /** Where the extra JVM options of the last run are remembered (next to domain.xml). */
  static final String EXTRA_OPTIONS_FILE = "mediadfs-jvm-options";

  private static final Set<String> SERVER_KEYS =
      Set.of(
          "payara.heap",
          "payara.http-port",
          "payara.http-threads",
          "payara.hazelcast",
          "payara.jvm-options",
          "payara.portbase");

  private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]?");
  private static final Pattern KEY = Pattern.compile("mediadfs\\.[A-Za-z0-9._-]+");

  private DomainConfigurer() {}

  /**
   * What is written into the domain.
   *
   * @param heap the {@code -Xmx} value, e.g. {@code 512m}
   * @param httpPort the web port
   * @param httpThreads maximum HTTP worker threads
   * @param hazelcast whether Payara's Hazelcast data grid runs
   * @param jvmOptions extra JVM options, each starting with {@code -}
   * @param systemProperties the {@code mediadfs.*} values, in key order
   */
  public record Settings(
      String heap,
      int httpPort,
      int httpThreads,
      boolean hazelcast,
      List<String> jvmOptions,
      Map<String, String> systemProperties) {
    public Settings {
      if (!HEAP.matcher(heap).matches()) {
        throw new IllegalArgumentException("payara.heap must look like 512m or 2g, not " + heap);
      }
      if (httpPort < 1 || httpPort > 65535) {
        throw new IllegalArgumentException("payara.http-port out of range: " + httpPort);
      }
      if (httpThreads < 1 || httpThreads > 10_000) {
        throw new IllegalArgumentException("payara.http-threads must be 1..10000: " + httpThreads);
      }
      for (String o : jvmOptions) {
        if (!o.startsWith("-") || o.startsWith("-Xmx")) {
          throw new IllegalArgumentException(
              "payara.jvm-options: " + o + " (options start with '-'; the heap is payara.heap)");
        }
      }
      for (String k : systemProperties.keySet()) {
        if (!KEY.matcher(k).matches()) {
          throw new IllegalArgumentException("not a mediadfs key: " + k);
        }
      }
      jvmOptions = List.copyOf(jvmOptions);
      systemProperties = Collections.unmodifiableMap(new TreeMap<>(systemProperties));
    }

    /** Reads and validates settings; unknown keys are refused. */
    public static Settings from(Properties p) {
      Map<String, String> system = new LinkedHashMap<>();
      for (String key : p.stringPropertyNames()) {
        if (key.startsWith(APP_PREFIX)) {
          system.put(key, p.getProperty(key).strip());
        } else if (!SERVER_KEYS.contains(key)) {
          throw new IllegalArgumentException(
              "unknown key " + key + ": keys are " + new TreeSet<>(SERVER_KEYS) + " or mediadfs.*");
        }
      }
      String extra = p.getProperty("payara.jvm-options", "").strip();
      return new Settings(
          p.getProperty("payara.heap", DEFAULT_HEAP).strip(),
          intValue(p, "payara.http-port", DEFAULT_HTTP_PORT),
          intValue(p, "payara.http-threads", DEFAULT_HTTP_THREADS),
          boolValue(p, "payara.hazelcast"),
          extra.isEmpty() ? List.of() : List.of(extra.split("\\s+")),
          system);
    }

    /** The tracker port the application will listen on. */
    public int trackerPort() {
      return Integer.parseInt(
          systemProperties.getOrDefault(
              APP_PREFIX + "tracker.port", Integer.toString(DEFAULT_TRACKER_PORT)));
    }

    /** The ID server port the application will listen on. */
    public int idPort() {
      return Integer.parseInt(
          systemProperties.getOrDefault(APP_PREFIX + "id.port", Integer.toString(DEFAULT_ID_PORT)));
    }
  }

  private static int intValue(Properties p, String key, int fallback) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is not a number: " + v, e);
    }
  }

  private static boolean boolValue(Properties p, String key) {
    String v = p.getProperty(key, "false").strip();
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(key + " must be true or false, not " + v);
    };
  }

  /**
   * Applies the settings to a parsed {@code domain.xml}.
   *
   * @param domain the document
   * @param s the settings
   * @param previousExtraOptions the extra JVM options the previous run added (removed first)
   * @return a line per change, for the log
   * @throws IllegalArgumentException if the document lacks the elements a Payara domain has
   */
  public static List<String> apply(Document domain, Settings s, List<String> previousExtraOptions) {
    List<String> changes = new ArrayList<>();
    Element root = domain.getDocumentElement();
    if (!root.getTagName().equals("domain")) {
      throw new IllegalArgumentException("not a domain.xml: root element " + root.getTagName());
    }
    Element config = child(root, "configs", "config", "name", "server-config");
    Element server = child(root, "servers", "server", "name", "server");

    Element java = single(config, "java-config");
    for (Element o : children(java, "jvm-options")) {
      String text = o.getTextContent().strip();
      if (text.startsWith("-Xmx")
          || text.startsWith(VT_CARRIERS)
          || previousExtraOptions.contains(text)) {
        remove(o);
      }
    }
    List<String> added = new ArrayList<>();
    added.add("-Xmx" + s.heap());
    if (s.jvmOptions().stream().noneMatch(o -> o.startsWith(VT_CARRIERS))) {
      added.add(VT_CARRIERS + DEFAULT_VT_CARRIERS);
    }
    added.addAll(s.jvmOptions());
    for (String option : added) {
      Element e = domain.createElement("jvm-options");
      e.setTextContent(option);
      append(java, e);
    }
    changes.add("jvm-options " + added);

    int removed = 0;
    for (Element holder : List.of(config, server)) {
      for (Element p : children(holder, "system-property")) {
        if (p.getAttribute("name").startsWith(APP_PREFIX)) {
          remove(p);
          removed++;
        }
      }
    }
    for (var e : s.systemProperties().entrySet()) {
      Element p = domain.createElement("system-property");
      p.setAttribute("name", e.getKey());
      p.setAttribute("value", e.getValue());
      append(server, p);
    }
    changes.add(
        "system properties: " + s.systemProperties().size() + " set, " + removed + " replaced");

    Element listener =
        child(
            single(config, "network-config"),
            "network-listeners",
            "network-listener",
            "name",
            "http-listener-1");
    listener.setAttribute("port", Integer.toString(s.httpPort()));
    changes.add("http-listener-1 port " + s.httpPort());

    Element pool = child(config, "thread-pools", "thread-pool", "name", "http-thread-pool");
    pool.setAttribute("max-thread-pool-size", Integer.toString(s.httpThreads()));
    pool.setAttribute("min-thread-pool-size", Integer.toString(Math.min(4, s.httpThreads())));
    changes.add("http-thread-pool max " + s.httpThreads());

    for (Element c : children(root, "configs")) {
      for (Element each : children(c, "config")) {
        for (Element hz : children(each, "hazelcast-config-specific-configuration")) {
          hz.setAttribute("enabled", Boolean.toString(s.hazelcast()));
        }
      }
    }
    changes.add("hazelcast " + (s.hazelcast() ? "on" : "off"));
    return changes;
  }

  /**
   * Reads the domain's {@code domain.xml}, applies the settings and writes it back atomically.
   *
   * @return the change lines of {@link #apply}
   */
  public static List<String> configure(Path domainXml, Settings s) throws IOException {
    Document d = parse(domainXml);
    Path remembered = domainXml.resolveSibling(EXTRA_OPTIONS_FILE);
    List<String> previous =
        Files.exists(remembered)
            ? Files.readAllLines(remembered, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .toList()
            : List.of();
    List<String> changes = apply(d, s, previous);
    Path tmp = domainXml.resolveSibling(domainXml.getFileName() + ".mediadfs-tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      write(d, out);
    }
    move(tmp, domainXml);
    Files.write(remembered, s.jvmOptions(), StandardCharsets.UTF_8);
    return changes;
  }

  /** The admin listener's port (asadmin's {@code --port}). */
  public static int adminPort(Document domain) {
    Element config =
        child(domain.getDocumentElement(), "configs", "config", "name", "server-config");
    Element listener =
        child(
            single(config, "network-config"),
            "network-listeners",
            "network-listener",
            "name",
            "admin-listener");
    return Integer.parseInt(listener.getAttribute("port"));
  }

  static Document parse(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return f.newDocumentBuilder().parse(in);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static void write(Document d, OutputStream out) throws IOException {
    try {
      var t = TransformerFactory.newInstance().newTransformer();
      t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      t.transform(new DOMSource(d), new StreamResult(out));
    } catch (TransformerException e) {
      throw new IOException("cannot write domain.xml: " + e.getMessage(), e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static Element child(
      Element parent, String holder, String tag, String attribute, String value) {
    for (Element h : children(parent, holder)) {
      for (Element e : children(h, tag)) {
        if (value.equals(e.getAttribute(attribute))) {
          return e;
        }
      }
    }
    throw new IllegalArgumentException(
        "domain.xml has no " + holder + "/" + tag + "[@" + attribute + "='" + value + "']");
  }

  private static Element single(Element parent, String tag) {
    List<Element> found = children(parent, tag);
    if (found.size() != 1) {
      throw new IllegalArgumentException(
          "domain.xml: expected one " + tag + " in " + parent.getTagName() + ", not " + found);
    }
    return found.getFirst();
  }

  private static List<Element> children(Element parent, String tag) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e && e.getTagName().equals(tag)) {
        out.add(e);
      }
    }
    return out;
  }

  /** Removes an element and the indentation before it. */
  private static void remove(Element e) {
    Node before = e.getPreviousSibling();
    if (before != null
        && before.getNodeType() == Node.TEXT_NODE
        && before.getNodeValue().isBlank()) {
      before.getParentNode().removeChild(before);
    }
    e.getParentNode().removeChild(e);
  }

  /** Appends an element after the parent's last element, on its own indented line. */
  private static void append(Element parent, Element e) {
    Node last = parent.getLastChild();
    String indent = "\n    ";
    Node anchor = null;
    if (last != null && last.getNodeType() == Node.TEXT_NODE && last.getNodeValue().isBlank()) {
      anchor = last;
      Node prev = last.getPreviousSibling();
      if (prev != null
          && prev.getPreviousSibling() != null
          && prev.getPreviousSibling().getNodeType() == Node.TEXT_NODE) {
        indent = prev.getPreviousSibling().getNodeValue();
      }
    }
    parent.insertBefore(parent.getOwnerDocument().createTextNode(indent), anchor);
    parent.insertBefore(e, anchor);
  }

  /**
   * {@code DomainConfigurer <domain.xml> <settings.properties>}: applies the settings and prints
   * the changes, then one line {@code ports tracker=<p> id=<p> http=<p> admin=<p>} for the script's
   * readiness checks. Exit code 2 on bad settings or a file that is not a Payara domain.
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 2) {
      err.println("usage: DomainConfigurer <domain.xml> <settings.properties>");
      return 2;
    }
    try {
      Path domainXml = Path.of(args[0]);
      Properties p = new Properties();
      try (var in = Files.newBufferedReader(Path.of(args[1]), StandardCharsets.UTF_8)) {
        p.load(in);
      }
      Settings s = Settings.from(p);
      for (String line : configure(domainXml, s)) {
        out.println("domain: " + line);
      }
      out.printf(
          "ports tracker=%d id=%d http=%d admin=%d%n",
          s.trackerPort(), s.idPort(), s.httpPort(), adminPort(parse(domainXml)));
      return 0;
    } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
      err.println("DomainConfigurer: " + e.getMessage());
      return 2;
    }
  }
}
