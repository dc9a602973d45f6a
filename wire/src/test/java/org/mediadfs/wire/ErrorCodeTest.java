package org.mediadfs.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Error numbers are stable; clients decide retries by them. */
class ErrorCodeTest {
  private static final Map<String, Integer> NUMBERS =
      Map.ofEntries(
          Map.entry("GENERIC", -1),
          Map.entry("BAD_REQUEST", 1),
          Map.entry("UNKNOWN_COMMAND", 2),
          Map.entry("UNKNOWN_APP", 3),
          Map.entry("INVALID_NAME", 4),
          Map.entry("TOO_LARGE", 5),
          Map.entry("BAD_RANGE", 6),
          Map.entry("AUTH", 10),
          Map.entry("PROTOCOL_VERSION", 11),
          Map.entry("NOT_FOUND", 20),
          Map.entry("DELETED", 21),
          Map.entry("NOT_HERE_YET", 22),
          Map.entry("CONFLICT", 23),
          Map.entry("CHECKSUM_MISMATCH", 24),
          Map.entry("DISK_FULL", 30),
          Map.entry("NO_GROUP", 40),
          Map.entry("NO_STORAGE", 41),
          Map.entry("UNKNOWN_GROUP", 42),
          Map.entry("UNKNOWN_NODE", 43),
          Map.entry("UNAVAILABLE", 50),
          Map.entry("INTERNAL", 51),
          Map.entry("BUSY", 52));

  private static final Set<String> RETRYABLE =
      Set.of(
          "NOT_HERE_YET",
          "CHECKSUM_MISMATCH",
          "DISK_FULL",
          "NO_GROUP",
          "NO_STORAGE",
          "UNKNOWN_NODE",
          "UNAVAILABLE",
          "INTERNAL",
          "BUSY");

  @Test
  void everyCodeKeepsItsReleasedNumber() {
    Map<String, Integer> actual =
        Arrays.stream(ErrorCode.values())
            .collect(Collectors.toMap(ErrorCode::name, c -> (int) c.number()));
    assertThat(actual).isEqualTo(NUMBERS);
  }

  @Test
  void retryableFlagsAreAsDocumented() {
    Set<String> actual =
        Arrays.stream(ErrorCode.values())
            .filter(ErrorCode::retryable)
            .map(ErrorCode::name)
            .collect(Collectors.toSet());
    assertThat(actual).isEqualTo(RETRYABLE);
  }

  @Test
  void numbersLookUpBothWays() {
    for (ErrorCode c : ErrorCode.values()) {
      assertThat(ErrorCode.find(c.number())).contains(c);
      assertThat(ErrorCode.of(c.number())).isSameAs(c);
    }
  }

  @Test
  void unknownNumbersMapToGeneric() {
    assertThat(ErrorCode.find(999)).isEmpty();
    assertThat(ErrorCode.of(999)).isEqualTo(ErrorCode.GENERIC);
    assertThat(ErrorCode.of(0xFFFF))
        .as("not -1: numbers are signed shorts")
        .isEqualTo(ErrorCode.GENERIC);
  }

  @Test
  void errorReplyExceptionCarriesTheRawNumberAndTheCode() {
    ErrorReplyException e = new ErrorReplyException((short) 22, "not here yet");
    assertThat(e.code()).isEqualTo(ErrorCode.NOT_HERE_YET);
    assertThat(e.code().retryable()).isTrue();
    assertThat(e.number()).isEqualTo((short) 22);
    assertThat(e.text()).isEqualTo("not here yet");
    assertThat(e.getMessage()).contains("22").contains("NOT_HERE_YET");
    assertThat(new ErrorReplyException((short) 777, "x").code()).isEqualTo(ErrorCode.GENERIC);
  }

  @Test
  void wireExceptionsCarryTheNumberToSendBack() {
    assertThat(new FrameTooLargeException("x").code()).isEqualTo(ErrorCode.TOO_LARGE);
    assertThat(new TruncatedFrameException("x").code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(new MalformedFrameException("x").code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(new MalformedFrameException(ErrorCode.INVALID_NAME, "x").code())
        .isEqualTo(ErrorCode.INVALID_NAME);
    assertThat(new UnknownCommandException(9).code()).isEqualTo(ErrorCode.UNKNOWN_COMMAND);
  }
}
