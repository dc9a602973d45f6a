package org.mediadfs.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mediadfs.client.MediadfsException;
import org.mediadfs.tracker.application.TrackerException;
import org.mediadfs.wire.ErrorCode;

class ProblemTest {
  @Test
  void jsonHasTheRfc9457MembersInOrderAndEscapes() {
    assertThat(Problem.of(404, "no \"such\" file\n").withCode("NOT_FOUND").toJson())
        .isEqualTo(
            "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"no \\\"such\\\" file\\n\",\"code\":\"NOT_FOUND\"}");
    assertThat(Problem.of(500, "a\u0001b\\").toJson()).contains("\"detail\":\"a\\u0001b\\\\\"");
    assertThat(Problem.of(500, "x").toJson()).doesNotContain("code");
  }

  @Test
  void clusterErrorsMapByCode() {
    assertThat(ProblemMapping.of(MediadfsException.local(ErrorCode.NOT_FOUND, "x")).status())
        .isEqualTo(404);
    assertThat(ProblemMapping.of(MediadfsException.local(ErrorCode.DELETED, "x")).status())
        .isEqualTo(410);
    assertThat(ProblemMapping.of(MediadfsException.local(ErrorCode.INVALID_NAME, "x")).status())
        .isEqualTo(400);
    assertThat(ProblemMapping.of(MediadfsException.local(ErrorCode.NO_STORAGE, "x")).status())
        .isEqualTo(503);
    Problem p = ProblemMapping.of(MediadfsException.local(ErrorCode.DISK_FULL, "full"));
    assertThat(p.status()).isEqualTo(507);
    assertThat(p.code()).isEqualTo("DISK_FULL");
    assertThat(p.detail()).contains("full");
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void everyProtocolCodeIsAnErrorStatus(ErrorCode c) {
    assertThat(ProblemMapping.status(c)).isBetween(400, 599);
    if (c.retryable()) {
      assertThat(ProblemMapping.status(c))
          .as("try later: a server-side status")
          .isGreaterThanOrEqualTo(500);
    }
  }

  @Test
  void trackerApiAndJaxRsErrors() {
    assertThat(ProblemMapping.of(new TrackerException(ErrorCode.CONFLICT, "has nodes")).status())
        .isEqualTo(409);
    assertThat(ProblemMapping.of(new TrackerException(ErrorCode.UNKNOWN_GROUP, "x")).status())
        .isEqualTo(404);
    assertThat(ProblemMapping.of(new TrackerException(ErrorCode.UNKNOWN_NODE, "x")).status())
        .isEqualTo(404);
    assertThat(ProblemMapping.of(ApiException.badRequest("bad")).status()).isEqualTo(400);
    assertThat(ProblemMapping.of(ApiException.badRequest("bad")).detail()).isEqualTo("bad");
    assertThat(ProblemMapping.of(new IOException("refused")).status()).isEqualTo(503);
  }

  @Test
  void unexpectedErrorsAre500WithoutInternals() {
    Problem p = ProblemMapping.of(new NullPointerException("secret internals"));
    assertThat(p.status()).isEqualTo(500);
    assertThat(p.detail()).doesNotContain("secret");
  }
}
