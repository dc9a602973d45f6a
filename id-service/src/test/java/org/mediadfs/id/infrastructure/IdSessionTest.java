package org.mediadfs.id.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.mediadfs.id.application.IdAllocator;
import org.mediadfs.id.application.IdBlock;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.HelloProof;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

class IdSessionTest {
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-11-26T12:00:00Z"));
  private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 5000);

  private static IdSession session(IdAllocator a, String secret) {
    return new IdSession(a, HelloProof.secret(secret), "id-test", CLOCK, PEER);
  }

  @Test
  void answersIdsPerKey() {
    IdSession s = session(new IdAllocator((k, n) -> new IdBlock(100, n), 10, 10), "");
    assertThat(s.handle(new Request.IdGet("group001"))).isEqualTo(new Response.IdValue(100));
    assertThat(s.handle(new Request.IdGet("group001"))).isEqualTo(new Response.IdValue(101));
  }

  @Test
  void answersRunsOfIdsFromTheSameSequenceAndNeverPastTheBlock() {
    IdSession s = session(new IdAllocator((k, n) -> new IdBlock(100 * n, n), 10, 10), "");
    assertThat(s.handle(new Request.IdGet("g"))).isEqualTo(new Response.IdValue(1000));
    assertThat(s.handle(new Request.IdRange("g", 4))).isEqualTo(new Response.IdSpan(1001, 4));
    // Five IDs are left of the block: the run stops there, and the next one starts a block.
    assertThat(s.handle(new Request.IdRange("g", 64))).isEqualTo(new Response.IdSpan(1005, 5));
    assertThat(s.handle(new Request.IdRange("g", 3))).isEqualTo(new Response.IdSpan(1000, 3));
    assertThat(((Response.Error) s.handle(new Request.IdRange("a\u0001b", 3))).code())
        .isEqualTo(ErrorCode.INVALID_NAME);
  }

  @Test
  void aDatabaseFailureIsAnErrorReplyNeverANumber() {
    IdSession s =
        session(
            new IdAllocator(
                (k, n) -> {
                  throw new IllegalStateException("down");
                },
                10,
                10),
            "");
    Response r = s.handle(new Request.IdGet("k"));
    assertThat(r).isInstanceOf(Response.Error.class);
    assertThat(((Response.Error) r).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    Response run = s.handle(new Request.IdRange("k", 10));
    assertThat(run).isInstanceOf(Response.Error.class);
    assertThat(((Response.Error) run).code()).isEqualTo(ErrorCode.UNAVAILABLE);
  }

  @Test
  void badKeysAndForeignCommandsAreRefused() {
    IdSession s = session(new IdAllocator((k, n) -> new IdBlock(0, n), 10, 10), "");
    assertThat(((Response.Error) s.handle(new Request.IdGet("a\u0001b"))).code())
        .isEqualTo(ErrorCode.INVALID_NAME);
    assertThat(((Response.Error) s.handle(new Request.IdGet("x".repeat(65)))).code())
        .isEqualTo(ErrorCode.INVALID_NAME);
    assertThat(((Response.Error) s.handle(new Request.Groups())).code())
        .isEqualTo(ErrorCode.UNKNOWN_COMMAND);
  }

  @Test
  void helloIsCheckedAgainstTheSecret() {
    IdSession s = session(new IdAllocator((k, n) -> new IdBlock(0, n), 10, 10), "k");
    Request.Hello good = HelloProof.hello(HelloProof.secret("k"), "", CLOCK.millis());
    assertThat(s.handle(good)).isInstanceOf(Response.Hello.class);
    Request.Hello bad = HelloProof.hello(HelloProof.secret("x"), "", CLOCK.millis());
    assertThat(((Response.Error) s.handle(bad)).code()).isEqualTo(ErrorCode.AUTH);
  }
}
