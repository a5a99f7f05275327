package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.contracts.Addresses;
import dev.talon.support.Http;
import dev.talon.support.LogCapture;
import dev.talon.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web pages' sessions over plain HTTP: signing in and out, the cookie's flags, the session on the
 * JSON API (as its user, CSRF token on every change), the pages' guards, failed sign-ins limited per
 * account and per address, and a session shared by every node of one database.
 */
class WebSessionsTest {

  private static final Pattern COOKIE = Pattern.compile("talon_session=([^;]*)");
  private static TestNode node;
  private static JsonObject beforeAnyUser;
  private static int adminId;
  private static int userId;

  /** A signed-in browser: its session cookie and the CSRF token the pages send back. */
  record Browser(String cookie, String csrf, JsonObject body) {
  }

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of());
    beforeAnyUser = node.http.get("/auth/session", null).json();
    adminId = node.makeUser("wanda", true);
    userId = node.makeUser("peter", false);
    LogCapture.rememberSecret("password-wanda");
    LogCapture.rememberSecret("password-peter");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static Http.Response signIn(TestNode on, String user, String password) {
    return on.http.request("POST", "/auth/login")
        .json(new JsonObject().put("user", user).put("password", password)).send();
  }

  static Browser browser(TestNode on, String user, String password) {
    Http.Response r = signIn(on, user, password);
    assertEquals(200, r.status(), r.toString());
    Matcher m = COOKIE.matcher(setCookie(r));
    assertTrue(m.find(), setCookie(r));
    String csrf = r.json().getString("csrf_token");
    LogCapture.rememberSecret(m.group(1));
    LogCapture.rememberSecret(csrf);
    return new Browser("talon_session=" + m.group(1), csrf, r.json());
  }

  private static String setCookie(Http.Response r) {
    return String.join("\n", r.raw().headers().allValues("set-cookie"));
  }

  private static Http.Request as(TestNode on, Browser b, String method, String path) {
    return on.http.request(method, path).header("Cookie", b.cookie());
  }

  @Test
  void theSignInPageKnowsWhenNobodyCanSignInYet() {
    assertEquals(new JsonObject().put("signed_in", false).put("first_run", true), beforeAnyUser);
    assertEquals(new JsonObject().put("signed_in", false).put("first_run", false),
        node.http.get("/auth/session", null).json());
  }

  @Test
  void signingInWithUsernameOrEmailSetsAStrictHttpOnlySessionCookie() {
    Http.Response r = signIn(node, "peter", "password-peter");
    assertEquals(200, r.status(), r.toString());
    String cookie = setCookie(r);
    assertTrue(cookie.matches("(?s)talon_session=[A-Za-z0-9_-]{43};.*"), cookie);
    assertTrue(cookie.toLowerCase(Locale.ROOT).contains("; httponly"), cookie);
    assertTrue(cookie.contains("SameSite=Strict"), cookie);
    assertTrue(cookie.contains("Path=/"), cookie);
    assertFalse(cookie.contains("Secure"), "plain HTTP: a Secure cookie would never come back: " + cookie);
    JsonObject body = r.json();
    assertTrue(body.getBoolean("signed_in"));
    assertEquals("peter", body.getJsonObject("user").getString("username"));
    assertFalse(body.getJsonObject("user").getBoolean("root_admin"));
    assertEquals(43, body.getString("csrf_token").length());
    assertEquals(25, body.getInteger("key_limit"));
    assertFalse(body.encode().contains("password"), "no password hash in the answer");

    Browser byEmail = browser(node, "PETER@example.com", "password-peter");
    assertEquals(userId, byEmail.body().getJsonObject("user").getInteger("id"));
    JsonObject session = as(node, byEmail, "GET", "/auth/session").send().json();
    assertTrue(session.getBoolean("signed_in"));
    assertEquals(byEmail.csrf(), session.getString("csrf_token"));
  }

  @Test
  void wrongCredentialsGetOneClearMessageWhetherTheAccountExistsOrNot() {
    for (String[] attempt : new String[][] {{"peter", "not-his-password"}, {"nobody-here", "whatever"}}) {
      Http.Response r = signIn(node, attempt[0], attempt[1]);
      assertEquals(401, r.status(), r.toString());
      assertEquals("AuthenticationException", r.error().getString("code"));
      assertEquals("These credentials do not match our records.", r.error().getString("detail"));
      assertTrue(r.raw().headers().allValues("set-cookie").isEmpty());
    }
    Http.Response missing = node.http.request("POST", "/auth/login").json(new JsonObject()).send();
    assertEquals(422, missing.status());
    JsonArray errors = missing.json().getJsonArray("errors");
    assertEquals("user", errors.getJsonObject(0).getJsonObject("meta").getString("source_field"));
    assertEquals("password", errors.getJsonObject(1).getJsonObject("meta").getString("source_field"));
    Http.Response form = node.http.request("POST", "/auth/login")
        .body("user=peter&password=password-peter", "application/x-www-form-urlencoded").send();
    assertEquals(415, form.status(), "another site's form cannot sign a browser in");
  }

  @Test
  void aSessionActsAsItsUserAndNeedsItsCsrfTokenToChangeAnything() {
    Browser peter = browser(node, "peter", "password-peter");
    Http.Response account = as(node, peter, "GET", "/api/client/account").send();
    assertEquals(200, account.status(), account.toString());
    assertEquals("peter", account.json().getJsonObject("attributes").getString("username"));

    JsonObject key = new JsonObject().put("description", "from the page").put("allowed_ips", new JsonArray().add("10.9.8.7"));
    int keysBefore = as(node, peter, "GET", "/api/client/account/api-keys").send().json().getJsonArray("data").size();
    Http.Response noToken = as(node, peter, "POST", "/api/client/account/api-keys").json(key).send();
    assertEquals(419, noToken.status(), noToken.toString());
    assertEquals("HttpException", noToken.error().getString("code"));
    assertEquals("CSRF token mismatch.", noToken.error().getString("detail"));
    Http.Response wrongToken = as(node, peter, "POST", "/api/client/account/api-keys")
        .header("X-CSRF-Token", peter.csrf().substring(1) + "x").json(key).send();
    assertEquals(419, wrongToken.status());
    assertEquals(keysBefore, as(node, peter, "GET", "/api/client/account/api-keys").send().json().getJsonArray("data").size(),
        "nothing was created without the token");

    Http.Response created = as(node, peter, "POST", "/api/client/account/api-keys")
        .header("X-CSRF-Token", peter.csrf()).json(key).send();
    assertEquals(200, created.status(), created.toString());
    String identifier = created.json().getJsonObject("attributes").getString("identifier");
    String fullKey = identifier + created.json().getJsonObject("meta").getString("secret_token");
    LogCapture.rememberSecret(fullKey);
    assertEquals(403, node.http.get("/api/client/account", fullKey).status(), "the key keeps its own IP list");
    assertEquals(419, as(node, peter, "DELETE", "/api/client/account/api-keys/" + identifier).send().status());
    assertEquals(204, as(node, peter, "DELETE", "/api/client/account/api-keys/" + identifier)
        .header("X-CSRF-Token", peter.csrf()).send().status());

    Http.Response application = as(node, peter, "GET", "/api/application/users").send();
    assertEquals(403, application.status());
    assertEquals("This account does not have permission to access the API.", application.error().getString("detail"));
  }

  @Test
  void aRootAdminsSessionHasTheRightsOfTheAdminsClientKey() {
    Browser wanda = browser(node, "wanda", "password-wanda");
    assertTrue(wanda.body().getJsonObject("user").getBoolean("root_admin"));
    assertEquals(200, as(node, wanda, "GET", "/api/application/users").send().status());
    JsonObject request = new JsonObject().put("description", "billing").put("permissions", new JsonObject().put("users", 1));
    assertEquals(419, as(node, wanda, "POST", "/api/application/api-keys").json(request).send().status());
    Http.Response created = as(node, wanda, "POST", "/api/application/api-keys")
        .header("X-CSRF-Token", wanda.csrf()).json(request).send();
    assertEquals(201, created.status(), created.toString());
    String key = created.json().getJsonObject("attributes").getString("identifier")
        + created.json().getJsonObject("meta").getString("secret_token");
    LogCapture.rememberSecret(key);
    assertEquals(200, node.http.get("/api/application/users", key).status());
    assertEquals(403, node.http.post("/api/application/users", key, new JsonObject()).status());
  }

  @Test
  void anAuthorizationHeaderDecidesWhateverCookieComesWithIt() {
    Browser wanda = browser(node, "wanda", "password-wanda");
    String peterKey = node.makeKey(userId, "client", null);
    Http.Response r = as(node, wanda, "GET", "/api/client/account").key(peterKey).send();
    assertEquals("peter", r.json().getJsonObject("attributes").getString("username"));
    Http.Response bad = as(node, wanda, "GET", "/api/client/account").header("Authorization", "Bearer nonsense").send();
    assertEquals(401, bad.status(), "a bad key is not rescued by the cookie");
    Http.Response change = as(node, wanda, "POST", "/api/client/account/api-keys").key(peterKey)
        .json(new JsonObject().put("description", "no csrf needed with a key")).send();
    assertEquals(200, change.status(), "key requests need no CSRF token: " + change);
  }

  @Test
  void signingOutEndsTheSession() {
    Browser peter = browser(node, "peter", "password-peter");
    assertEquals(419, as(node, peter, "POST", "/auth/logout").send().status());
    Http.Response out = as(node, peter, "POST", "/auth/logout").header("X-CSRF-Token", peter.csrf()).send();
    assertEquals(204, out.status());
    assertTrue(setCookie(out).contains("Max-Age=0"), setCookie(out));
    assertEquals(401, as(node, peter, "GET", "/api/client/account").send().status());
    assertFalse(as(node, peter, "GET", "/auth/session").send().json().getBoolean("signed_in"));
    assertEquals(302, as(node, peter, "GET", "/account/api").send().status());
  }

  @Test
  void demotingOrDeletingTheUserCountsAtTheNextRequest() {
    int id = node.makeUser("tony", true);
    Browser tony = browser(node, "tony", "password-tony");
    assertEquals(200, as(node, tony, "GET", "/api/application/users").send().status());
    assertEquals(200, as(node, tony, "GET", "/admin/api").send().status());
    node.request(Addresses.AUTH_USER_UPDATE, new JsonObject().put("id", id).put("root_admin", false)
        .put("username", "tony").put("email", "tony@example.com"));
    assertEquals(403, as(node, tony, "GET", "/api/application/users").send().status());
    assertEquals(404, as(node, tony, "GET", "/admin/api").send().status());
    node.request(Addresses.AUTH_USER_DELETE, new JsonObject().put("id", id));
    assertEquals(401, as(node, tony, "GET", "/api/client/account").send().status());
  }

  @Test
  void pagesSendStrangersToSignInAndHideTheAdminPage() {
    Http.Response anonymous = node.http.request("GET", "/account/api").header("Accept", "text/html").send();
    assertEquals(302, anonymous.status());
    assertEquals("/auth/login", anonymous.header("Location"));
    assertEquals(302, node.http.request("GET", "/admin/api").header("Accept", "text/html").send().status());

    Http.Response login = node.http.request("GET", "/auth/login").header("Accept", "text/html").send();
    assertEquals(200, login.status());
    assertTrue(login.header("Content-Type").startsWith("text/html"));
    assertTrue(login.header("Content-Security-Policy").contains("frame-ancestors 'none'"));
    assertTrue(login.body().contains("Username or email"));
    Http.Response css = node.http.request("GET", "/assets/talon.css").header("Accept", "text/css,*/*;q=0.1").send();
    assertEquals(200, css.status());
    assertTrue(css.header("Content-Type").startsWith("text/css"), css.header("Content-Type"));

    Browser peter = browser(node, "peter", "password-peter");
    assertEquals(200, as(node, peter, "GET", "/account/api").send().status());
    Http.Response admin = as(node, peter, "GET", "/admin/api").send();
    assertEquals(404, admin.status());
    assertTrue(admin.body().contains("Page not found"));
    assertFalse(admin.body().contains("Application API"));
    Http.Response signedIn = as(node, peter, "GET", "/auth/login").send();
    assertEquals(302, signedIn.status());
    assertEquals("/account/api", signedIn.header("Location"));
  }

  @Test
  void failedSignInsAreLimitedPerAccountAndPerAddressWithinAWindow() throws InterruptedException {
    Map<String, String> settings = Map.of("trusted-proxies", "127.0.0.1", "password.bcrypt-cost", "4",
        "web.sign-in-failures-per-account", "3", "web.sign-in-failures-per-ip", "5", "web.sign-in-window-seconds", "6");
    try (TestNode limited = TestNode.start(settings)) {
      limited.makeUser("carol", false);
      limited.makeUser("dave", false);
      long windowStart = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        assertEquals(401, from(limited, "198.51.100.1", "carol", "wrong").status());
      }
      Http.Response locked = from(limited, "198.51.100.2", "carol", "password-carol");
      assertEquals(429, locked.status(), "the account is locked from any address, right password or not");
      assertEquals("ThrottleRequestsException", locked.error().getString("code"));
      assertTrue(locked.error().getString("detail").matches("Too many login attempts\\. Please try again in [1-6] seconds\\."),
          locked.error().getString("detail"));
      assertEquals(200, from(limited, "198.51.100.1", "dave", "password-dave").status(), "other accounts still sign in");

      assertEquals(401, from(limited, "198.51.100.1", "nobody-1", "wrong").status());
      assertEquals(401, from(limited, "198.51.100.1", "nobody-2", "wrong").status());
      assertEquals(429, from(limited, "198.51.100.1", "dave", "password-dave").status(), "five failures from one address");
      assertEquals(200, from(limited, "198.51.100.3", "dave", "password-dave").status(), "another address still can");

      limited.makeUser("erin", false);
      List<Integer> parallel = inParallel(10, i -> from(limited, "198.51.100." + (10 + i), "erin", "wrong").status());
      assertEquals(3, parallel.stream().filter(status -> status == 401).count(), "parallel guesses: " + parallel);
      assertEquals(7, parallel.stream().filter(status -> status == 429).count(), "parallel guesses: " + parallel);

      long waitMs = 6_500 - (System.nanoTime() - windowStart) / 1_000_000;
      Thread.sleep(Math.max(0, waitMs));
      Http.Response later = from(limited, "198.51.100.1", "carol", "password-carol");
      assertEquals(200, later.status(), "the window has ended: " + later);
      assertFalse(setCookie(later).contains("Secure"));
      Http.Response overTls = limited.http.request("POST", "/auth/login").header("X-Forwarded-For", "198.51.100.4")
          .header("X-Forwarded-Proto", "https")
          .json(new JsonObject().put("user", "dave").put("password", "password-dave")).send();
      assertTrue(setCookie(overTls).contains("Secure"), "TLS ended at a trusted proxy: " + setCookie(overTls));
    }
  }

  /** {@code count} calls at once, each on its own thread: their answers in order. */
  private static <T> List<T> inParallel(int count, IntFunction<T> call) throws InterruptedException {
    ExecutorService threads = Executors.newFixedThreadPool(count);
    try {
      List<Callable<T>> calls = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        calls.add(() -> call.apply(index));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> answer : threads.invokeAll(calls)) {
        out.add(answer.get());
      }
      return out;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      threads.shutdownNow();
    }
  }

  private static Http.Response from(TestNode on, String ip, String user, String password) {
    return on.http.request("POST", "/auth/login").header("X-Forwarded-For", ip)
        .json(new JsonObject().put("user", user).put("password", password)).send();
  }

  @Test
  void aSessionHoldsOnEveryNodeOfTheDatabaseAndSigningOutAnywhereEndsIt() {
    Browser wanda = browser(node, "wanda", "password-wanda");
    TestNode other = TestNode.start(node.dbUri, Map.of("secret", node.config.getString("secret")));
    try {
      Http.Response there = other.http.request("GET", "/api/client/account").header("Cookie", wanda.cookie()).send();
      assertEquals(200, there.status(), "a session made on one node holds on another (and after a restart)");
      assertEquals(204, other.http.request("POST", "/auth/logout").header("Cookie", wanda.cookie())
          .header("X-CSRF-Token", wanda.csrf()).send().status());
      assertEquals(401, as(node, wanda, "GET", "/api/client/account").send().status(), "signed out everywhere");
    } finally {
      other.closeKeepingDatabase();
    }
  }

  @Test
  void theCsrfTokenIsTheSessionsOwn() {
    Browser a = browser(node, "peter", "password-peter");
    Browser b = browser(node, "peter", "password-peter");
    assertNotNull(a.csrf());
    assertFalse(a.csrf().equals(b.csrf()));
    Http.Response crossed = as(node, a, "POST", "/api/client/account/api-keys").header("X-CSRF-Token", b.csrf())
        .json(new JsonObject().put("description", "crossed")).send();
    assertEquals(419, crossed.status(), "another session's token does not pass");
    assertEquals(List.of(), as(node, a, "GET", "/api/client/account/api-keys").send().json().getJsonArray("data")
        .stream().filter(k -> ((JsonObject) k).getJsonObject("attributes").getString("description").equals("crossed"))
        .toList());
  }
}
