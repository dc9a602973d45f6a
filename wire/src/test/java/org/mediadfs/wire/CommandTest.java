package org.mediadfs.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The code map: explicit, stable numbers (issue 2), never ordinals. */
class CommandTest {
  /** The code map as issue 2 and the common brief fix it, typed independently of the enum. */
  private static final Map<String, Integer> CODES =
      Map.ofEntries(
          Map.entry("JOIN", 10),
          Map.entry("BEAT", 11),
          Map.entry("STORAGE_ADDRS", 12),
          Map.entry("GROUPS", 13),
          Map.entry("HELLO", 14),
          Map.entry("JOIN_EX", 15),
          Map.entry("BEAT_EX", 16),
          Map.entry("NODES", 17),
          Map.entry("ID_GET", 40),
          Map.entry("ID_RANGE", 41),
          Map.entry("UPLOAD", 70),
          Map.entry("FILE_SIZE", 71),
          Map.entry("DOWNLOAD", 72),
          Map.entry("DELETE", 73),
          Map.entry("UPLOAD_EX", 74),
          Map.entry("STAT", 75),
          Map.entry("LIST", 76),
          Map.entry("RESTORE", 77),
          Map.entry("PURGE", 78),
          Map.entry("REPL_LOG", 80),
          Map.entry("REPL_FETCH", 81),
          Map.entry("REPL_NOTIFY", 82),
          Map.entry("TRACKER_REPLY", 100),
          Map.entry("ID_REPLY", 101),
          Map.entry("STORAGE_REPLY", 102));

  @Test
  void everyCommandHasItsFixedCode() {
    Map<String, Integer> actual =
        Arrays.stream(Command.values()).collect(Collectors.toMap(Command::name, Command::code));
    assertThat(actual).isEqualTo(CODES);
  }

  @Test
  void codesAreUniqueAndLookUpBothWays() throws UnknownCommandException {
    for (Command c : Command.values()) {
      assertThat(Command.of(c.code())).isSameAs(c);
      assertThat(Command.find(c.code())).contains(c);
    }
  }

  @Test
  void onlyTheThreeReplyCodesAreReplies() {
    assertThat(Arrays.stream(Command.values()).filter(Command::isReply))
        .containsExactlyInAnyOrder(Command.TRACKER_REPLY, Command.ID_REPLY, Command.STORAGE_REPLY);
  }

  @Test
  void eachRequestNamesTheServerThatHandlesIt() {
    assertThat(Command.JOIN.server()).isEqualTo(Command.Server.TRACKER);
    assertThat(Command.NODES.server()).isEqualTo(Command.Server.TRACKER);
    assertThat(Command.ID_GET.server()).isEqualTo(Command.Server.ID);
    assertThat(Command.UPLOAD.server()).isEqualTo(Command.Server.STORAGE);
    assertThat(Command.REPL_NOTIFY.server()).isEqualTo(Command.Server.STORAGE);
    assertThat(Command.HELLO.server()).isEqualTo(Command.Server.ANY);
  }

  @Test
  void unknownCodesAreRefused() {
    assertThat(Command.find(-1)).isEmpty();
    assertThat(Command.find(256)).isEmpty();
    assertThat(Command.find(0)).isEmpty();
    assertThat(Command.find(99)).isEmpty();
    assertThatThrownBy(() -> Command.of(79))
        .isInstanceOfSatisfying(
            UnknownCommandException.class,
            e -> {
              assertThat(e.command()).isEqualTo(79);
              assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_COMMAND);
            });
  }
}
