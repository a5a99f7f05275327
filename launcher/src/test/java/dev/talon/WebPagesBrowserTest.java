package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.support.Chromium;
import dev.talon.support.Http;
import dev.talon.support.LogCapture;
import dev.talon.support.TestNode;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The seed's steps in a real headless Chromium: sign in, create a client key with an IP list, use
 * the key shown once over HTTP, see it listed as used, delete it; as a root admin create an
 * application key with Read on users only and see it read users and be refused a write; a user who
 * is no admin never sees nor reaches the admin page. A screenshot of each page goes to
 * {@code target/screenshots/}.
 */
class WebPagesBrowserTest {

  private static final String TIME_ZONE = "Asia/Tokyo";
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static TestNode node;
  private static ChromeDriver browser;
  private static WebDriverWait wait;
  private static String base;
  private static int bobId;

  @BeforeAll
  static void start() throws IOException {
    Files.createDirectories(SCREENSHOTS);
    browser = Chromium.start(TIME_ZONE);
    wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    node = TestNode.start(Map.of());
    base = node.baseUrl;

    browser.get(base + "/auth/login");
    WebElement hint = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("first-run")));
    assertTrue(hint.getText().contains("./talon user:make --admin"), hint.getText());
    screenshot("sign-in-first-run");

    node.makeUser("ada", true);
    bobId = node.makeUser("bob", false);
    LogCapture.rememberSecret("password-ada");
    LogCapture.rememberSecret("password-bob");
  }

  @AfterAll
  static void stop() {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      if (node != null) {
        node.close();
      }
    }
  }

  /** Scripts ran without errors (a refused request the test made on purpose is no script error). */
  @AfterEach
  void noScriptErrors() {
    List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .filter(message -> !message.matches(".*the server responded with a status of 4\\d\\d.*"))
        .toList();
    assertEquals(List.of(), errors);
  }

  @Test
  void aWrongPasswordGetsAClearMessageAndTheFormWorksFromTheKeyboard() {
    signOutEverywhere();
    browser.get(base + "/auth/login");
    WebElement user = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("user")));
    assertFalse(browser.findElement(By.id("first-run")).isDisplayed(), "users exist: no first-run hint");
    assertEquals(user, browser.switchTo().activeElement(), "the username field has the focus");
    screenshot("sign-in");
    new Actions(browser).sendKeys("bob").sendKeys(Keys.TAB).sendKeys("not-the-password").sendKeys(Keys.ENTER).perform();
    WebElement alert = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#sign-in-form .form-error")));
    assertEquals("These credentials do not match our records.", alert.getText());
    assertEquals("", browser.findElement(By.id("password")).getAttribute("value"));
    assertTrue(browser.getCurrentUrl().endsWith("/auth/login"));
    screenshot("sign-in-wrong-password");
  }

  @Test
  void aUserCreatesAClientKeyUsesItSeesItUsedAndDeletesIt() {
    signIn("bob");
    List<String> sections = browser.findElements(By.cssSelector("#nav a")).stream().map(WebElement::getText).toList();
    assertEquals(1, sections.size(), "a user who is no admin sees no admin link: " + sections);
    assertTrue(sections.get(0).contains("API Credentials"));
    assertTrue(browser.findElement(By.cssSelector(".caption")).getText().contains(TIME_ZONE));
    screenshot("api-credentials-empty");

    // errors show beside their fields
    browser.findElement(By.id("allowed-ips")).sendKeys("hodor, 127.0.0.1");
    browser.findElement(By.id("create-button")).click();
    WebElement ipError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("allowed-ips-error")));
    assertEquals("\"hodor\" is not a valid IP address or CIDR range.", ipError.getText());
    assertEquals("The description field is required.", browser.findElement(By.id("description-error")).getText());
    assertEquals("true", browser.findElement(By.id("description")).getAttribute("aria-invalid"));
    screenshot("api-credentials-errors");

    WebElement ips = browser.findElement(By.id("allowed-ips"));
    ips.clear();
    ips.sendKeys("127.0.0.1", Keys.ENTER, "10.0.0.0/8, 2001:db8::/32");
    browser.findElement(By.id("description")).sendKeys("Deploy bot");
    browser.findElement(By.id("create-button")).click();
    String key = shownKey("ptlc_");
    assertFalse(browser.findElement(By.id("description-error")).isDisplayed(), "errors are gone after a success");
    screenshot("api-credentials-new-key");

    Http.Response used = node.http.get("/api/client/account", key);
    assertEquals(200, used.status(), used.toString());
    assertEquals("bob", used.json().getJsonObject("attributes").getString("username"));

    browser.navigate().refresh();
    waitLoaded();
    WebElement row = keyRow(key.substring(0, 21));
    assertEquals("Deploy bot", row.findElement(By.className("description")).getText());
    assertEquals("127.0.0.1, 10.0.0.0/8, 2001:db8::/32", row.findElement(By.className("allowed-ips")).getText());
    assertEquals("Never", row.findElement(By.className("expires")).getText());
    assertNotNever(row.findElement(By.className("last-used")));
    assertShownInTimeZone(row.findElement(By.cssSelector(".created time")));
    assertShownInTimeZone(row.findElement(By.cssSelector(".last-used time")));
    screenshot("api-credentials");
    phoneScreenshot("api-credentials-phone");

    row.findElement(By.className("delete")).click();
    WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-delete")));
    assertTrue(dialog.getText().contains(key.substring(0, 21)));
    screenshot("api-credentials-delete");
    new Actions(browser).sendKeys(Keys.ESCAPE).perform();
    wait.until(ExpectedConditions.invisibilityOf(dialog));
    assertEquals(200, node.http.get("/api/client/account", key).status(), "Escape cancels");

    keyRow(key.substring(0, 21)).findElement(By.className("delete")).click();
    wait.until(ExpectedConditions.visibilityOf(dialog));
    browser.findElement(By.id("confirm-delete-button")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[data-identifier='" + key.substring(0, 21) + "']")));
    assertEquals(401, node.http.get("/api/client/account", key).status(), "the deleted key is refused at once");
  }

  @Test
  void anAdminCreatesAnApplicationKeyThatReadsUsersOnly() {
    signIn("ada");
    WebElement link = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#nav a[href='/admin/api']")));
    assertTrue(link.getText().contains("Application API"), link.getText());
    link.click();
    wait.until(ExpectedConditions.urlToBe(base + "/admin/api"));
    waitLoaded();
    assertEquals(9, browser.findElements(By.cssSelector("#permissions .permission select")).size());
    screenshot("application-api-empty");

    browser.findElement(By.id("description")).sendKeys("Users reader");
    new Select(browser.findElement(By.id("perm-users"))).selectByVisibleText("Read");
    // the picker's value is a local time: the browser's zone (Tokyo, UTC+9) turns it into UTC
    ((JavascriptExecutor) browser).executeScript("arguments[0].value = '2031-06-01T09:30';",
        browser.findElement(By.id("expires-at")));
    screenshot("application-api-form");
    browser.findElement(By.id("create-button")).click();
    String key = shownKey("ptla_");
    screenshot("application-api-new-key");

    assertEquals(200, node.http.get("/api/application/users", key).status(), "Read on users reads users");
    Http.Response write = node.http.post("/api/application/users", key, new JsonObject()
        .put("username", "mallory").put("email", "mallory@example.com").put("first_name", "M").put("last_name", "M"));
    assertEquals(403, write.status(), "Read only: a write is refused");
    assertEquals(403, node.http.get("/api/application/locations", key).status(), "no level on locations");

    WebElement row = keyRow(key.substring(0, 21));
    List<String> chips = row.findElements(By.className("chip")).stream().map(WebElement::getText).toList();
    assertEquals(List.of("Users: Read"), chips);
    WebElement expires = row.findElement(By.cssSelector(".expires time"));
    assertEquals("2031-06-01T00:30:00+00:00", expires.getAttribute("datetime"));
    assertEquals("Jun 1, 2031, 09:30 AM", normalized(expires.getText()));
    screenshot("application-api");
    phoneScreenshot("application-api-phone");

    row.findElement(By.className("delete")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-delete")));
    browser.findElement(By.id("confirm-delete-button")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[data-identifier='" + key.substring(0, 21) + "']")));
    assertEquals(401, node.http.get("/api/application/users", key).status());
  }

  @Test
  void aUserWhoIsNoAdminCannotReachTheAdminPage() {
    signIn("bob");
    browser.get(base + "/admin/api");
    WebElement heading = wait.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")));
    assertEquals("Page not found", heading.getText());
    assertFalse(browser.getPageSource().contains("Create application key"));
    screenshot("admin-page-as-user");
  }

  @Test
  void aChangeWithoutTheCsrfTokenIsRefused() {
    signIn("bob");
    Object status = ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch('/api/client/account/api-keys', {method: 'POST', headers: {'Content-Type': 'application/json',"
            + " Accept: 'application/json'}, body: JSON.stringify({description: 'no token'})})"
            + ".then(r => done(r.status), e => done(String(e)));");
    assertEquals(419L, status, "the cookie alone does not change anything");
    Object withToken = ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch('/auth/session').then(r => r.json()).then(s => fetch('/api/client/account/api-keys', {method: 'POST',"
            + " headers: {'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': s.csrf_token},"
            + " body: JSON.stringify({description: 'with token'})})).then(r => done(r.status), e => done(String(e)));");
    assertEquals(200L, withToken);
  }

  @Test
  void theKeyLimitIsExplainedWhenReached() {
    int cara = node.makeUser("cara", false);
    LogCapture.rememberSecret("password-cara");
    for (int i = 0; i < 25; i++) {
      node.makeKey(cara, "client", new JsonObject().put("description", "integration " + (i + 1)));
    }
    signIn("cara");
    WebElement reached = browser.findElement(By.id("limit-reached"));
    assertTrue(reached.isDisplayed());
    assertTrue(reached.getText().startsWith("Key limit reached. An account can hold 25 API keys"), reached.getText());
    assertFalse(browser.findElement(By.id("create-button")).isEnabled());
    assertEquals("25 keys", browser.findElement(By.id("key-count")).getText());
    screenshot("api-credentials-limit");
  }

  @Test
  void signingOutLeadsBackToSignIn() {
    signIn("bob");
    browser.findElement(By.id("sign-out")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/auth/login"));
    browser.get(base + "/account/api");
    wait.until(ExpectedConditions.urlToBe(base + "/auth/login"));
    assertEquals(bobId, node.http.get("/api/client/account", node.makeKey(bobId, "client", null)).json()
        .getJsonObject("attributes").getInteger("id"), "signing out leaves the user's keys alone");
  }

  /** Signs in from the keyboard alone and waits for the key list. */
  private static void signIn(String username) {
    signOutEverywhere();
    browser.get(base + "/auth/login");
    WebElement user = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("user")));
    user.click();
    new Actions(browser).sendKeys(username).sendKeys(Keys.TAB).sendKeys("password-" + username).sendKeys(Keys.ENTER)
        .perform();
    wait.until(ExpectedConditions.urlToBe(base + "/account/api"));
    waitLoaded();
  }

  private static void signOutEverywhere() {
    browser.get(base + "/assets/logo.svg");
    browser.manage().deleteAllCookies();
  }

  private static void waitLoaded() {
    wait.until(ExpectedConditions.attributeToBe(By.id("keys"), "aria-busy", "false"));
  }

  /** The key in the shown-once panel, checked for its format. */
  private static String shownKey(String prefix) {
    WebElement panel = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-key")));
    assertTrue(panel.getText().contains("it will not be shown again"), panel.getText());
    String key = browser.findElement(By.id("new-key-value")).getAttribute("value");
    LogCapture.rememberSecret(key);
    assertTrue(key.matches(prefix + "[A-Za-z0-9]{48}"), key);
    browser.findElement(By.id("copy-key")).click();
    wait.until(ExpectedConditions.not(ExpectedConditions.textToBe(By.id("copy-status"), "")));
    waitLoaded();
    return key;
  }

  private static WebElement keyRow(String identifier) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-identifier='" + identifier + "']")));
  }

  /** Last use is recorded in batches: the list shows it once the page is loaded again after the use. */
  private static void assertNotNever(WebElement lastUsed) {
    assertFalse(lastUsed.getText().equals("Never"), "the key's use shows in the list");
  }

  /** The text of a {@code <time>} is its instant in the browser's time zone, as en-US writes it. */
  private static void assertShownInTimeZone(WebElement time) {
    OffsetDateTime at = OffsetDateTime.parse(time.getAttribute("datetime"));
    String expected = DateTimeFormatter.ofPattern("MMM d, yyyy, hh:mm a", Locale.US)
        .format(at.atZoneSameInstant(ZoneId.of(TIME_ZONE)));
    assertEquals(expected, normalized(time.getText()));
  }

  /** ICU puts narrow no-break spaces before AM/PM. */
  private static String normalized(String text) {
    return text.replace('\u202f', ' ').replace('\u00a0', ' ');
  }

  /** The page at a phone's width: its top, then its list of keys. */
  private static void phoneScreenshot(String name) {
    Dimension laptop = browser.manage().window().getSize();
    browser.manage().window().setSize(new Dimension(390, 1100));
    try {
      screenshot(name);
      ((JavascriptExecutor) browser).executeScript("document.getElementById('keys-title').scrollIntoView();");
      screenshot(name + "-list");
      ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0);");
    } finally {
      browser.manage().window().setSize(laptop);
    }
  }

  private static void screenshot(String name) {
    try {
      Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
