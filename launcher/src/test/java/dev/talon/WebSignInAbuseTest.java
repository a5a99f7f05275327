package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.contracts.Addresses;
import dev.talon.support.Http;
import dev.talon.support.LogCapture;
import dev.talon.support.Poll;
import dev.talon.support.Sql;
import dev.talon.support.TestNode;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What unauthenticated clients can make the web sign-in cost: a locked-out address writes nothing, a
 * flood from one address stops in memory, ended windows are swept without anyone signing in, a
 * cookie that names no session is looked up once, and the waits come with {@code Retry-After}. Also
 * what a browser gets when a page cannot be served.
 */
class WebSignInAbuseTest {

  private static final Pattern SECONDS = Pattern.compile("Too many login attempts\\. Please try again in (\\d+) seconds\\.");
  private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
  private static final int FAILURES_PER_IP = 3;
  private static final int REQUESTS_PER_IP = 12;
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("trusted-proxies", "127.0.0.1", "password.bcrypt-cost", "4",
        "web.sign-in-failures-per-ip", String.valueOf(FAILURES_PER_IP), "web.sign-in-failures-per-account", "100",
        "web.sign-in-requests-per-ip", String.valueOf(REQUESTS_PER_IP)));
    node.makeUser("gina", false);
    LogCapture.rememberSecret("password-gina");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static Http.Response signIn(TestNode on, String ip, String user, String password) {
    return on.http.request("POST", "/auth/login").header("X-Forwarded-For", ip)
        .json(new JsonObject().put("user", user).put("password", password)).send();
  }

  private static long rows(TestNode on) {
    return Sql.count(on, "SELECT count(*) FROM sign_in_failures");
  }

  /** A 429 of the sign-in: its Retry-After is the wait its message gives, within the window. */
  private static void assertRetryAfter(Http.Response refused) {
    assertEquals(429, refused.status(), refused.toString());
    Matcher m = SECONDS.matcher(refused.error().getString("detail"));
    assertTrue(m.matches(), refused.error().getString("detail"));
    assertEquals(m.group(1), refused.header("Retry-After"), "Retry-After says what the message says");
    int seconds = Integer.parseInt(m.group(1));
    assertTrue(seconds >= 1 && seconds <= 60, "within the window: " + seconds);
  }

  /** Counts what is sent to {@code address} on the node's event bus while it is open. */
  private static final class Sent implements AutoCloseable {
    private final AtomicInteger count = new AtomicInteger();
    private final Handler<DeliveryContext<Object>> interceptor;

    Sent(String address) {
      interceptor = delivery -> {
        if (address.equals(delivery.message().address())) {
          count.incrementAndGet();
        }
        delivery.next();
      };
      node.vertx.eventBus().addOutboundInterceptor(interceptor);
    }

    int count() {
      return count.get();
    }

    @Override
    public void close() {
      node.vertx.eventBus().removeOutboundInterceptor(interceptor);
    }
  }

  @Test
  void aLockedOutAddressWritesNothingNotEvenForMadeUpLogins() {
    String ip = "203.0.113.1";
    for (int i = 0; i < FAILURES_PER_IP; i++) {
      assertEquals(401, signIn(node, ip, "ghost-" + i, "wrong").status());
    }
    String subject = "ip:" + ip;
    long rowsWhenLocked = rows(node);
    for (int i = FAILURES_PER_IP; i < FAILURES_PER_IP + 5; i++) {
      assertEquals(429, signIn(node, ip, "ghost-" + i, "wrong").status());
    }
    assertEquals(rowsWhenLocked, rows(node), "no row for the logins a locked-out address makes up");
    assertEquals(FAILURES_PER_IP, Sql.count(node, "SELECT failures FROM sign_in_failures WHERE subject = ?", subject),
        "a refused attempt is not written");
    assertEquals(429, signIn(node, ip, "gina", "password-gina").status(), "the right password too");
    assertEquals(200, signIn(node, "203.0.113.2", "gina", "password-gina").status(), "another address signs in");
  }

  @Test
  void aLockedOutSignInSaysInRetryAfterWhenToComeBack() {
    String ip = "203.0.113.3";
    for (int i = 0; i < FAILURES_PER_IP; i++) {
      assertEquals(401, signIn(node, ip, "gina", "wrong").status());
    }
    assertRetryAfter(signIn(node, ip, "gina", "password-gina"));
  }

  @Test
  void aFloodFromOneAddressIsRefusedBeforeTheDatabase() {
    String ip = "203.0.113.50";
    for (int i = 0; i < REQUESTS_PER_IP; i++) {
      assertEquals(200, signIn(node, ip, "gina", "password-gina").status(), "good sign-ins count no failure");
    }
    try (Sent attempts = new Sent(Addresses.DB_SIGN_IN_ATTEMPT)) {
      for (int i = 0; i < 20; i++) {
        assertRetryAfter(signIn(node, ip, i % 2 == 0 ? "gina" : "flood-" + i, "password-gina"));
      }
      assertEquals(0, attempts.count(), "the flood never reached the auth verticle's count");
      assertEquals(200, signIn(node, "203.0.113.51", "gina", "password-gina").status(), "another address signs in");
      assertEquals(1, attempts.count());
    }
    assertEquals(0, Sql.count(node, "SELECT failures FROM sign_in_failures WHERE subject = ?", "ip:" + ip),
        "good sign-ins leave the address no failure");
  }

  @Test
  void aCookieThatNamesNoSessionIsLookedUpOnceAndSigningOutStillCountsAtOnce() {
    String bogus = "talon_session=" + "Q".repeat(43);
    try (Sent lookups = new Sent(Addresses.DB_SESSION_FIND)) {
      for (int i = 0; i < 10; i++) {
        assertEquals(401, node.http.request("GET", "/api/client/account").header("Cookie", bogus).send().status());
      }
      assertEquals(1, lookups.count(), "a stale cookie sent again and again is looked up once");
      assertEquals(401, node.http.request("GET", "/api/client/account").header("Cookie", "talon_session=" + "R".repeat(43))
          .send().status());
      assertEquals(2, lookups.count(), "another cookie is its own lookup");

      Http.Response opened = signIn(node, "203.0.113.70", "gina", "password-gina");
      assertEquals(200, opened.status(), opened.toString());
      String cookie = opened.header("Set-Cookie").split(";", 2)[0];
      String csrf = opened.json().getString("csrf_token");
      LogCapture.rememberSecret(cookie.substring(cookie.indexOf('=') + 1));
      LogCapture.rememberSecret(csrf);
      int before = lookups.count();
      for (int i = 0; i < 3; i++) {
        assertEquals(200, node.http.request("GET", "/api/client/account").header("Cookie", cookie).send().status());
      }
      assertEquals(before + 3, lookups.count(), "a live session is read every time, never cached");
      assertEquals(204, node.http.request("POST", "/auth/logout").header("Cookie", cookie).header("X-CSRF-Token", csrf)
          .send().status());
      assertEquals(401, node.http.request("GET", "/api/client/account").header("Cookie", cookie).send().status(),
          "signed out at the very next request");
    }
  }

  @Test
  void endedWindowsAreSweptWithoutAnyoneSigningIn() {
    try (TestNode swept = TestNode.start(Map.of("trusted-proxies", "127.0.0.1", "password.bcrypt-cost", "4",
        "web.sign-in-window-seconds", "1", "web.sign-in-sweep-seconds", "1"))) {
      for (int i = 0; i < 4; i++) {
        assertEquals(401, signIn(swept, "203.0.113." + (100 + i), "random-login-" + i, "wrong").status());
      }
      assertEquals(8, rows(swept), "an address and a made-up account per attempt");
      assertNotEquals(-1, Poll.until(5_000, 100, () -> rows(swept) == 0), "rows left: " + rows(swept));
    }
  }

  @Test
  void aPageThatCannotBeServedTellsABrowserInHtmlAndAnApiClientInJson() {
    try (TestNode away = TestNode.start(Map.of())) {
      away.vertx.undeploy(away.persistenceDeployment()).await();
      String cookie = "talon_session=" + "S".repeat(43);
      for (String page : new String[] {"/auth/login", "/account/api", "/admin/api"}) {
        Http.Response html = away.http.request("GET", page).header("Accept", BROWSER_ACCEPT).header("Cookie", cookie).send();
        assertEquals(503, html.status(), page + ": " + html);
        assertTrue(html.header("Content-Type").startsWith("text/html"), page + ": " + html.header("Content-Type"));
        assertTrue(html.header("Content-Security-Policy").contains("script-src 'self'"), page);
        assertTrue(html.body().contains("<h1 id=\"error-title\">Service Unavailable</h1>"), html.body());
        assertTrue(html.body().contains("A Talon service is not running, please try again shortly."), html.body());
        assertTrue(html.body().contains("href=\"" + page + "\""), "a way to try again: " + html.body());

        Http.Response json = away.http.request("GET", page).header("Accept", "application/json").header("Cookie", cookie)
            .send();
        assertEquals(503, json.status(), page + ": " + json);
        assertEquals("ServiceUnavailableHttpException", json.error().getString("code"));
      }
      Http.Response api = away.http.request("GET", "/api/client/account").header("Accept", BROWSER_ACCEPT)
          .header("Cookie", cookie).send();
      assertEquals(503, api.status(), api.toString());
      assertTrue(api.header("Content-Type").startsWith("application/json"), "the API answers JSON always");
      assertEquals("ServiceUnavailableHttpException", api.error().getString("code"));
      Http.Response signInPage = away.http.request("GET", "/auth/login").header("Accept", BROWSER_ACCEPT).send();
      assertEquals(200, signInPage.status(), "without a cookie the sign-in page needs no database");
      assertFalse(signInPage.body().contains("error-title"));
    }
  }
}
