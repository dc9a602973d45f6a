package org.mediadfs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PausableProxyIT {
  private ServerSocket echo;
  private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

  @BeforeEach
  void startEcho() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    pool.submit(
        () -> {
          while (!echo.isClosed()) {
            Socket s = echo.accept();
            pool.submit(
                () -> {
                  try (s) {
                    s.getInputStream().transferTo(s.getOutputStream());
                  }
                  return null;
                });
          }
          return null;
        });
  }

  @AfterEach
  void stop() throws IOException {
    echo.close();
    pool.shutdownNow();
  }

  private static byte[] roundTrip(Socket s, byte[] data) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(data);
    out.flush();
    return s.getInputStream().readNBytes(data.length);
  }

  @Test
  void forwardsBothWays() throws IOException {
    try (PausableProxy proxy = PausableProxy.to("127.0.0.1", echo.getLocalPort());
        Socket s = new Socket("127.0.0.1", proxy.port())) {
      assertThat(roundTrip(s, "hello".getBytes())).isEqualTo("hello".getBytes());
    }
  }

  @Test
  void pauseHoldsBytesUntilResume() throws IOException {
    try (PausableProxy proxy = PausableProxy.to("127.0.0.1", echo.getLocalPort());
        Socket s = new Socket("127.0.0.1", proxy.port())) {
      assertThat(roundTrip(s, "a".getBytes())).isEqualTo("a".getBytes());
      proxy.pause();
      s.setSoTimeout(300);
      s.getOutputStream().write("b".getBytes());
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
      proxy.resume();
      s.setSoTimeout(5000);
      assertThat(in.read()).isEqualTo('b');
    }
  }

  @Test
  void cutClosesConnectionsAndRefusesNewOnes() throws IOException {
    try (PausableProxy proxy = PausableProxy.to("127.0.0.1", echo.getLocalPort());
        Socket s = new Socket("127.0.0.1", proxy.port())) {
      assertThat(roundTrip(s, "x".getBytes())).isEqualTo("x".getBytes());
      proxy.cut();
      s.setSoTimeout(5000);
      assertThat(s.getInputStream().read()).isEqualTo(-1);
      try (Socket s2 = new Socket("127.0.0.1", proxy.port())) {
        s2.setSoTimeout(5000);
        assertThat(s2.getInputStream().read()).isEqualTo(-1);
      }
      proxy.resume();
      try (Socket s3 = new Socket("127.0.0.1", proxy.port())) {
        assertThat(roundTrip(s3, "y".getBytes())).isEqualTo("y".getBytes());
      }
    }
  }

  @Test
  void throttleLimitsTheRate() throws IOException {
    try (PausableProxy proxy = PausableProxy.to("127.0.0.1", echo.getLocalPort());
        Socket s = new Socket("127.0.0.1", proxy.port())) {
      proxy.throttle(200_000);
      byte[] data = new byte[100_000];
      long t0 = System.nanoTime();
      pool.submit(
          () -> {
            s.getOutputStream().write(data);
            s.getOutputStream().flush();
            return null;
          });
      byte[] back = s.getInputStream().readNBytes(data.length);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(back).hasSize(data.length);
      // 100 kB at 200 kB/s takes at least ~0.5 s (both directions are throttled).
      assertThat(took).isGreaterThan(Duration.ofMillis(400));
    }
  }
}
