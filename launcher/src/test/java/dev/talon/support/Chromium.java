package dev.talon.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium driven by Selenium through the installed chromedriver (Debian's
 * {@code chromium} and {@code chromium-driver}; {@code TALON_CHROMIUM} and {@code TALON_CHROMEDRIVER}
 * name others). Nothing is downloaded. When either is missing the tests fail, saying how to install
 * them: a browser test is never skipped.
 */
public final class Chromium {

  public static final String INSTALL_HINT = "The browser tests need Chromium and its driver: "
      + "apt-get update && apt-get install -y chromium chromium-driver (Debian; .ci/run does it), "
      + "or set TALON_CHROMIUM and TALON_CHROMEDRIVER to a Chromium and a matching chromedriver.";

  private Chromium() {
  }

  /**
   * Starts a browser with a laptop-sized window, English, in {@code timeZone} (so that a test can
   * tell the pages show dates in the browser's time zone, whatever the machine's).
   */
  public static ChromeDriver start(String timeZone) {
    Path browser = find("TALON_CHROMIUM", List.of("chromium", "chromium-browser", "google-chrome"));
    Path driver = find("TALON_CHROMEDRIVER", List.of("chromedriver"));
    if (browser == null || driver == null) {
      throw new IllegalStateException((browser == null ? "Chromium" : "chromedriver") + " was not found. "
          + INSTALL_HINT);
    }
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(driver.toFile())
        .usingAnyFreePort()
        .withEnvironment(Map.of("TZ", timeZone))
        .withTimeout(Duration.ofSeconds(60))
        .build();
    ChromeOptions options = new ChromeOptions()
        .setBinary(browser.toFile())
        // as root (CI) Chromium refuses to start sandboxed; /dev/shm is small in containers
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--window-size=1280,1000", "--lang=en-US", "--force-device-scale-factor=1",
            "--disable-search-engine-choice-screen", "--no-first-run");
    // the console, so that a test can tell a page ran without script errors
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    return new ChromeDriver(service, options);
  }

  private static Path find(String variable, List<String> names) {
    String named = System.getenv(variable);
    if (named != null && !named.isBlank()) {
      Path path = Path.of(named);
      return Files.isExecutable(path) ? path : null;
    }
    String searchPath = System.getenv().getOrDefault("PATH", "/usr/bin");
    for (String name : names) {
      for (String dir : searchPath.split(File.pathSeparator)) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }
}
