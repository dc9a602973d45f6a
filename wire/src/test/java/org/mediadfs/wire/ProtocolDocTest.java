package org.mediadfs.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.codec.Limits;

/**
 * {@code docs/protocol.md} must match the code: its code map and error table are parsed and
 * compared with {@link Command} and {@link ErrorCode}, so neither can drift from the other.
 */
class ProtocolDocTest {
  private static List<String> lines;

  @BeforeAll
  static void readDoc() throws IOException {
    Path doc = Path.of(System.getProperty("basedir", ".")).resolve("../docs/protocol.md");
    if (!Files.exists(doc)) {
      doc = Path.of("../docs/protocol.md");
    }
    lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
  }

  /** The lines of the section whose heading starts with {@code heading}, up to the next one. */
  private static List<String> section(String heading) {
    List<String> out = new ArrayList<>();
    boolean in = false;
    for (String line : lines) {
      if (line.startsWith("## ")) {
        in = line.startsWith(heading);
        continue;
      }
      if (in) {
        out.add(line);
      }
    }
    assertThat(out).as("section %s", heading).isNotEmpty();
    return out;
  }

  private static final Pattern CODE_ROW =
      Pattern.compile("^\\|\\s*(-?\\d+)\\s*\\|\\s*`?([A-Z_]+)`?\\s*\\|(.*)$");

  @Test
  void codeMapListsEveryCommandWithItsCodeAndNothingElse() {
    Map<Integer, String> documented = new LinkedHashMap<>();
    for (String line : section("## 3. Code map")) {
      Matcher m = CODE_ROW.matcher(line);
      if (m.matches()) {
        String previous = documented.put(Integer.parseInt(m.group(1)), m.group(2));
        assertThat(previous).as("code %s listed twice", m.group(1)).isNull();
      }
    }
    Map<Integer, String> actual =
        Arrays.stream(Command.values()).collect(Collectors.toMap(Command::code, Command::name));
    assertThat(documented).isEqualTo(actual);
  }

  @Test
  void everyRequestCommandHasItsOwnByteTableSection() {
    List<String> headings =
        section("## 4. Commands").stream().filter(l -> l.startsWith("### ")).toList();
    List<String> expected =
        Arrays.stream(Command.values())
            .filter(c -> !c.isReply())
            .map(c -> "### " + c.code() + " " + c.name())
            .toList();
    assertThat(headings).containsExactlyElementsOf(expected);
  }

  @Test
  void errorTableMatchesErrorCodeNumbersNamesAndRetryability() {
    record Row(int number, String name, boolean retryable) {}
    List<Row> documented = new ArrayList<>();
    for (String line : section("## 7. Error numbers")) {
      Matcher m = CODE_ROW.matcher(line);
      if (m.matches()) {
        String retry = m.group(3).split("\\|")[0].strip();
        assertThat(retry).as("retryable column of %s", m.group(2)).isIn("yes", "no");
        String when = m.group(3).split("\\|", 2)[1].replace("|", "").strip();
        assertThat(when).as("when %s is sent", m.group(2)).isNotEmpty();
        documented.add(new Row(Integer.parseInt(m.group(1)), m.group(2), retry.equals("yes")));
      }
    }
    List<Row> actual =
        Arrays.stream(ErrorCode.values())
            .map(c -> new Row(c.number(), c.name(), c.retryable()))
            .toList();
    assertThat(documented).containsExactlyElementsOf(actual);
  }

  @Test
  void documentedDefaultLimitsAreTheCodes() {
    String text = String.join("\n", section("## 8. Validation rules and limits"));
    assertThat(text)
        .contains("maxControlBody " + Limits.DEFAULT.maxControlBody() + " bytes")
        .contains("maxPayload " + Limits.DEFAULT.maxPayload() + " bytes");
  }

  @Test
  void documentedHelloConstantsAreTheCodes() {
    String text = String.join("\n", section("## 6. HELLO proof"));
    assertThat(text)
        .contains("`" + HelloProof.CLIENT_LABEL + "`")
        .contains("`" + HelloProof.SERVER_LABEL + "`")
        .contains("= " + HelloProof.MAX_CLOCK_SKEW_MILLIS + ")");
  }
}
