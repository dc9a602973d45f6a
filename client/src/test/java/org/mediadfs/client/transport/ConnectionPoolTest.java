package org.mediadfs.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mediadfs.client.testing.FakeNet;
import org.mediadfs.client.testing.FakeTime;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

class ConnectionPoolTest {
  private static final HostPort A = new HostPort("10.0.0.1", 23000);
  private static final HostPort B = new HostPort("10.0.0.2", 23000);

  private final FakeTime time = new FakeTime();
  private final FakeNet net =
      new FakeNet()
          .on(A, (r, u) -> FakeNet.Reply.of(new Response.Ok()))
          .on(B, (r, u) -> FakeNet.Reply.of(new Response.Ok()));

  private ConnectionPool pool(int max) {
    return new ConnectionPool(
        net,
        new ConnectionPool.Settings(
            max,
            Duration.ZERO,
            Duration.ofSeconds(30),
            Duration.ofMinutes(5),
            Duration.ofMillis(5)),
        time);
  }

  @Test
  void releasedConnectionIsReused() throws IOException {
    ConnectionPool p = pool(4);
    ConnectionPool.Lease first = p.borrow(A);
    Connection c = first.connection();
    assertThat(first.reused()).isFalse();
    first.release();
    ConnectionPool.Lease second = p.borrow(A);
    assertThat(second.connection()).isSameAs(c);
    assertThat(second.reused()).isTrue();
    assertThat(p.createdCount()).isEqualTo(1);
  }

  @Test
  void addressesHaveSeparatePools() throws IOException {
    ConnectionPool p = pool(1);
    ConnectionPool.Lease a = p.borrow(A);
    ConnectionPool.Lease b = p.borrow(B);
    assertThat(a.connection().address()).isEqualTo(A);
    assertThat(b.connection().address()).isEqualTo(B);
  }

  @Test
  void connectionIdleUnder30sIsReusedWithoutProbe() throws IOException {
    ConnectionPool p = pool(4);
    ConnectionPool.Lease l = p.borrow(A);
    FakeNet.FakeConnection c = (FakeNet.FakeConnection) l.connection();
    l.release();
    time.advance(Duration.ofSeconds(29));
    assertThat(p.borrow(A).connection()).isSameAs(c);
    assertThat(c.probes).isZero();
  }

  @Test
  void connectionIdleOver30sIsProbedAndReusedWhenAlive() throws IOException {
    ConnectionPool p = pool(4);
    ConnectionPool.Lease l = p.borrow(A);
    FakeNet.FakeConnection c = (FakeNet.FakeConnection) l.connection();
    l.release();
    time.advance(Duration.ofSeconds(31));
    assertThat(p.borrow(A).connection()).isSameAs(c);
    assertThat(c.probes).isEqualTo(1);
  }

  @Test
  void connectionIdleOver30sThatFailsItsProbeIsDiscarded() throws IOException {
    ConnectionPool p = pool(4);
    ConnectionPool.Lease l = p.borrow(A);
    FakeNet.FakeConnection c = (FakeNet.FakeConnection) l.connection();
    l.release();
    c.serverClosed();
    time.advance(Duration.ofSeconds(31));
    ConnectionPool.Lease next = p.borrow(A);
    assertThat(next.connection()).isNotSameAs(c);
    assertThat(next.reused()).isFalse();
    assertThat(c.closed()).isTrue();
    assertThat(p.probeFailures()).isEqualTo(1);
    assertThat(p.createdCount()).isEqualTo(2);
  }

  @Test
  void connectionIdleBeyondMaxIdleIsClosedWithoutProbe() throws IOException {
    ConnectionPool p = pool(4);
    ConnectionPool.Lease l = p.borrow(A);
    FakeNet.FakeConnection c = (FakeNet.FakeConnection) l.connection();
    l.release();
    time.advance(Duration.ofMinutes(6));
    assertThat(p.borrow(A).connection()).isNotSameAs(c);
    assertThat(c.probes).isZero();
    assertThat(c.closed()).isTrue();
  }

  @Test
  void brokenConnectionIsDiscardedOnRelease() throws IOException {
    ConnectionPool p = pool(4);
    ConnectionPool.Lease l = p.borrow(A);
    l.connection().markBroken();
    l.release();
    assertThat(p.idleCount(A)).isZero();
    assertThat(p.discardedCount()).isEqualTo(1);
    assertThat(((FakeNet.FakeConnection) l.connection()).closed()).isTrue();
  }

  @Test
  void connectionWithUnreadPayloadIsDiscardedOnRelease() throws IOException {
    FakeNet dl = new FakeNet().on(A, (r, u) -> FakeNet.Reply.download(new byte[100]));
    ConnectionPool p = new ConnectionPool(dl, ConnectionPool.Settings.of(2), time);
    ConnectionPool.Lease l = p.borrow(A);
    l.connection().receive(new Request.Groups());
    assertThat(l.connection().payloadRemaining()).isEqualTo(100);
    l.release();
    assertThat(p.idleCount(A)).isZero();
    assertThat(p.discardedCount()).isEqualTo(1);
  }

  @Test
  void discardClosesAndFreesThePermit() throws IOException {
    ConnectionPool p = pool(1);
    ConnectionPool.Lease l = p.borrow(A);
    l.discard();
    l.release(); // second end is ignored
    assertThat(((FakeNet.FakeConnection) l.connection()).closed()).isTrue();
    assertThat(p.borrow(A).reused()).isFalse();
    assertThat(p.leasedCount(A)).isEqualTo(1);
  }

  @Test
  void sizeIsBoundedPerAddress() throws IOException {
    ConnectionPool p = pool(2);
    p.borrow(A);
    p.borrow(A);
    assertThatThrownBy(() -> p.borrow(A))
        .isInstanceOf(PoolTimeoutException.class)
        .hasMessageContaining(A.toString());
    assertThat(net.connects.get()).isEqualTo(2);
  }

  @Test
  void failedConnectGivesThePermitBack() throws IOException {
    ConnectionPool p = pool(1);
    net.down(A);
    assertThatThrownBy(() -> p.borrow(A)).isInstanceOf(ConnectException.class);
    net.up(A);
    assertThat(p.borrow(A).connection().address()).isEqualTo(A);
  }

  @Test
  void evictIdleClosesEveryIdleConnectionOfThatAddress() throws IOException {
    ConnectionPool p = pool(3);
    List<ConnectionPool.Lease> leases = List.of(p.borrow(A), p.borrow(A), p.borrow(B));
    leases.forEach(ConnectionPool.Lease::release);
    p.evictIdle(A);
    assertThat(p.idleCount(A)).isZero();
    assertThat(p.idleCount(B)).isEqualTo(1);
  }

  @Test
  void closeClosesIdleAndLaterReleasedConnections() throws IOException {
    ConnectionPool p = pool(3);
    ConnectionPool.Lease idle = p.borrow(A);
    ConnectionPool.Lease busy = p.borrow(A);
    idle.release();
    p.close();
    assertThat(((FakeNet.FakeConnection) idle.connection()).closed()).isTrue();
    busy.release();
    assertThat(((FakeNet.FakeConnection) busy.connection()).closed()).isTrue();
    assertThatThrownBy(() -> p.borrow(A)).isInstanceOf(IOException.class);
  }

  @Test
  void manyVirtualThreadsNeverExceedTheBound() throws Exception {
    int max = 4;
    ConnectionPool p =
        new ConnectionPool(
            net,
            new ConnectionPool.Settings(
                max,
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                Duration.ofMillis(5)),
            time);
    AtomicInteger inUse = new AtomicInteger();
    AtomicInteger highWater = new AtomicInteger();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 64; t++) {
        fs.add(
            ex.submit(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    ConnectionPool.Lease l = p.borrow(A);
                    int now = inUse.incrementAndGet();
                    highWater.accumulateAndGet(now, Math::max);
                    l.connection().call(new Request.Groups());
                    inUse.decrementAndGet();
                    l.release();
                  }
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    }
    assertThat(highWater.get()).isLessThanOrEqualTo(max).isGreaterThan(0);
    assertThat(p.createdCount()).isLessThanOrEqualTo(max);
    assertThat(net.calls).hasSize(64 * 200);
    assertThat(p.leasedCount(A)).isZero();
  }
}
