package org.mediadfs.glassfish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mediadfs.glassfish.DomainConfigurer.Settings;

/**
 * {@link DomainConfigurer} against the {@code domain.xml} that Payara Server 7.2025.1's {@code
 * create-domain --portbase 14900} writes (a fixture copied from a real run).
 */
class DomainConfigurerTest {
  private static final String FIXTURE = "/payara-7.2025.1-domain.xml";

  @TempDir Path dir;

  private Path domainXml() throws IOException {
    Path p = dir.resolve("domain.xml");
    try (InputStream in = getClass().getResourceAsStream(FIXTURE)) {
      Files.copy(in, p);
    }
    return p;
  }

  private static Properties props(Map<String, String> m) {
    Properties p = new Properties();
    p.putAll(m);
    return p;
  }

  private static Settings settings(Map<String, String> m) {
    return Settings.from(props(m));
  }

  /** The server-config section of the file (the default-config template follows it). */
  private static String serverConfig(String xml) {
    int start = xml.lastIndexOf("<config ", xml.indexOf("name=\"server-config\""));
    return xml.substring(start, xml.indexOf("</config>", start));
  }

  private static List<String> all(Pattern p, String text) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void writesHeapPortsThreadsAndSystemProperties() throws IOException {
    Path xml = domainXml();
    DomainConfigurer.configure(
        xml,
        settings(
            Map.of(
                "payara.heap", "700m",
                "payara.http-port", "18080",
                "payara.http-threads", "48",
                "mediadfs.tracker.port", "21005",
                "mediadfs.db.url", "jdbc:mysql://127.0.0.1:3306/m?user=root&x=<y>")));

    String text = Files.readString(xml);
    String server = serverConfig(text);
    assertThat(all(Pattern.compile("<jvm-options>(-Xmx[^<]*)</jvm-options>"), server))
        .containsExactly("-Xmx700m");
    assertThat(server)
        .containsPattern(
            "port=\"18080\"[^>]*name=\"http-listener-1\"|name=\"http-listener-1\"[^>]*port=\"18080\"")
        .contains("max-thread-pool-size=\"48\"");
    // the template config is untouched
    assertThat(text.substring(text.indexOf("name=\"default-config\"")))
        .contains("port=\"${HTTP_LISTENER_PORT}\"")
        .doesNotContain("-Xmx700m");

    var d = DomainConfigurer.parse(xml);
    assertThat(DomainConfigurer.adminPort(d)).isEqualTo(14948);
    assertThat(all(Pattern.compile("name=\"(mediadfs\\.[^\"]+)\""), text))
        .containsExactlyInAnyOrder("mediadfs.tracker.port", "mediadfs.db.url");
    // XML escaping is the DOM's job: the value reads back unchanged
    assertThat(text).contains("value=\"jdbc:mysql://127.0.0.1:3306/m?user=root&amp;x=&lt;y&gt;\"");
  }

  @Test
  void theVirtualThreadCarriersOfTheExtraOptionsReplaceTheDefaultOnes() throws IOException {
    Path xml = domainXml();
    DomainConfigurer.configure(
        xml, settings(Map.of("payara.jvm-options", DomainConfigurer.VT_CARRIERS + "4 -Dfoo=1")));
    DomainConfigurer.configure(
        xml, settings(Map.of("payara.jvm-options", DomainConfigurer.VT_CARRIERS + "8 -Dfoo=1")));
    String server = serverConfig(Files.readString(xml));
    assertThat(all(Pattern.compile("<jvm-options>(-Djdk.virtualThreadScheduler[^<]*)<"), server))
        .containsExactly(DomainConfigurer.VT_CARRIERS + "8");
  }

  @Test
  void runningTwiceReplacesInsteadOfAdding() throws IOException {
    Path xml = domainXml();
    DomainConfigurer.configure(
        xml,
        settings(
            Map.of(
                "payara.jvm-options", "-XX:+UseSerialGC -Dfoo=1",
                "mediadfs.redis.address", "127.0.0.1:6379",
                "mediadfs.tracker.port", "21000")));
    String first = Files.readString(xml);

    DomainConfigurer.configure(
        xml, settings(Map.of("payara.jvm-options", "-Dfoo=2", "mediadfs.tracker.port", "21001")));
    String second = serverConfig(Files.readString(xml));

    assertThat(all(Pattern.compile("<jvm-options>(-Xmx[^<]*)</jvm-options>"), second))
        .containsExactly("-Xmx" + DomainConfigurer.DEFAULT_HEAP);
    assertThat(second).contains("<jvm-options>-Dfoo=2</jvm-options>");
    assertThat(second).doesNotContain("-Dfoo=1").doesNotContain("UseSerialGC");
    assertThat(all(Pattern.compile("<jvm-options>(-Djdk.virtualThreadScheduler[^<]*)<"), second))
        .containsExactly(DomainConfigurer.VT_CARRIERS + DomainConfigurer.DEFAULT_VT_CARRIERS);
    String text = Files.readString(xml);
    assertThat(all(Pattern.compile("name=\"(mediadfs\\.[^\"]+)\""), text))
        .containsExactly("mediadfs.tracker.port");
    assertThat(text).contains("value=\"21001\"").doesNotContain("6379");
    assertThat(first).contains("6379");
  }

  @Test
  void removesMediadfsPropertiesSetByHandButKeepsOthers() throws IOException {
    Path xml = domainXml();
    String text = Files.readString(xml);
    // what `asadmin create-system-properties mediadfs.id.port=1` leaves on the server element
    text =
        text.replaceFirst(
            "(<server [^>]*name=\"server\"[^>]*>)",
            "$1<system-property name=\"mediadfs.id.port\" value=\"1\"></system-property>");
    Files.writeString(xml, text);

    DomainConfigurer.configure(xml, settings(Map.of("mediadfs.id.port", "22001")));

    String after = Files.readString(xml);
    assertThat(after).doesNotContain("value=\"1\"").contains("value=\"22001\"");
    assertThat(after).contains("name=\"JMS_PROVIDER_PORT\"");
  }

  @Test
  void turnsHazelcastOffByDefault() throws IOException {
    Path xml = domainXml();
    DomainConfigurer.configure(xml, settings(Map.of()));
    assertThat(
            all(
                Pattern.compile("<hazelcast-config-specific-configuration[^>]*enabled=\"(\\w+)\""),
                Files.readString(xml)))
        .containsExactly("false", "false");

    DomainConfigurer.configure(xml, settings(Map.of("payara.hazelcast", "true")));
    assertThat(
            all(
                Pattern.compile("<hazelcast-config-specific-configuration[^>]*enabled=\"(\\w+)\""),
                Files.readString(xml)))
        .containsExactly("true", "true");
  }

  @Test
  void refusesUnknownKeysAndBadValues() {
    assertThatThrownBy(() -> settings(Map.of("payara.heapp", "1g")))
        .hasMessageContaining("unknown key payara.heapp");
    assertThatThrownBy(() -> settings(Map.of("tracker.port", "1")))
        .hasMessageContaining("unknown key");
    assertThatThrownBy(() -> settings(Map.of("payara.heap", "lots")))
        .hasMessageContaining("payara.heap");
    assertThatThrownBy(() -> settings(Map.of("payara.http-port", "70000")))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> settings(Map.of("payara.http-threads", "x")))
        .hasMessageContaining("not a number");
    assertThatThrownBy(() -> settings(Map.of("payara.jvm-options", "-Xmx2g")))
        .hasMessageContaining("payara.heap");
    assertThatThrownBy(() -> settings(Map.of("payara.hazelcast", "yes")))
        .hasMessageContaining("true or false");
  }

  @Test
  void readinessPortsComeFromTheSettingsWithTheApplicationsDefaults() {
    Settings defaults = settings(Map.of());
    assertThat(defaults.trackerPort()).isEqualTo(21000);
    assertThat(defaults.idPort()).isEqualTo(22000);
    assertThat(defaults.httpPort()).isEqualTo(8080);
    Settings s = settings(Map.of("mediadfs.tracker.port", "21001", "mediadfs.id.port", "22001"));
    assertThat(s.trackerPort()).isEqualTo(21001);
    assertThat(s.idPort()).isEqualTo(22001);
  }

  @Test
  void refusesAFileThatIsNotADomain() throws IOException {
    Path xml = dir.resolve("domain.xml");
    Files.writeString(xml, "<beans/>");
    assertThatThrownBy(() -> DomainConfigurer.configure(xml, settings(Map.of())))
        .hasMessageContaining("not a domain.xml");
  }

  @Test
  void commandLinePrintsChangesAndPortsAndFailsWithExitCode2() throws IOException {
    Path xml = domainXml();
    Path settings = dir.resolve("s.properties");
    Files.writeString(settings, "payara.http-port=18081\nmediadfs.tracker.port=21009\n");
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code =
        DomainConfigurer.run(
            new String[] {xml.toString(), settings.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("ports tracker=21009 id=22000 http=18081 admin=14948");

    Files.writeString(settings, "payara.bogus=1\n");
    var err2 = new ByteArrayOutputStream();
    code =
        DomainConfigurer.run(
            new String[] {xml.toString(), settings.toString()},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err2, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err2.toString(StandardCharsets.UTF_8)).contains("unknown key payara.bogus");
  }
}
