package org.mediadfs.web.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium driven through the system's {@code chromedriver} (Debian's {@code chromium} and
 * {@code chromium-driver}; {@code .ci/run} installs them): no browser download, no Selenium
 * Manager. Each browser gets a fresh profile folder, removed on close, and records the network
 * events of its pages (Chrome's performance log), so tests can see range requests.
 */
final class Browser implements AutoCloseable {
  /** Where Debian puts them. */
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** Where screenshots go (kept as build artifacts). */
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  static Browser start() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException(
          "the browser test needs Debian's chromium and chromium-driver"
              + " (apt-get install chromium chromium-driver)");
    }
    try {
      Path profile = Files.createTempDirectory("mediadfs-chromium-");
      ChromeOptions o = new ChromeOptions();
      o.setBinary(CHROMIUM.toFile());
      o.addArguments(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--no-default-browser-check",
          "--autoplay-policy=no-user-gesture-required",
          "--window-size=1280,900",
          "--user-data-dir=" + profile.toAbsolutePath());
      LoggingPreferences logs = new LoggingPreferences();
      logs.enable(LogType.PERFORMANCE, Level.ALL);
      o.setCapability("goog:loggingPrefs", logs);
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(CHROMEDRIVER.toFile())
              .usingAnyFreePort()
              .withLogOutput(java.io.OutputStream.nullOutputStream())
              .build();
      ChromeDriver d = new ChromeDriver(service, o);
      d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
      d.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
      return new Browser(d, profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Runs a script in the page and returns its value. */
  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Saves a screenshot as {@code target/screenshots/<name>.png}; returns the file. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path tmp = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Network events since the last call (Chrome's performance log, one JSON message each). */
  List<String> networkEvents() {
    return driver.manage().logs().get(LogType.PERFORMANCE).getAll().stream()
        .map(LogEntry::getMessage)
        .filter(m -> m.contains("\"Network."))
        .toList();
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        System.getLogger(Browser.class.getName())
            .log(System.Logger.Level.WARNING, "cannot remove browser profile " + profile, e);
      }
    }
  }
}
