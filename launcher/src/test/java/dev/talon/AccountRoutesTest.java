package dev.talon;

import static dev.talon.support.ApiAssertions.APPLICATION_KEY_ON_CLIENT_API;
import static dev.talon.support.ApiAssertions.assertError;
import static dev.talon.support.ApiAssertions.assertForbidden;
import static dev.talon.support.ApiAssertions.assertUnauthenticated;
import static dev.talon.support.ApiAssertions.assertValidation;
import static dev.talon.support.ApiAssertions.validationEntry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.WebSessionsTest.Browser;
import dev.talon.support.Http;
import dev.talon.support.LogCapture;
import dev.talon.support.Poll;
import dev.talon.support.Sql;
import dev.talon.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The account routes of the Client API over HTTP with real client keys (and web sessions where a
 * browser matters): e-mail and password changes, the activity log and SSH keys, with Pterodactyl's
 * rules, messages and shapes. Expected SSH fingerprints and PEM texts are what OpenSSH's
 * {@code ssh-keygen -l} and {@code ssh-keygen -e -m PKCS8} printed for the same keys.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccountRoutesTest {

  private static final String ACCOUNT = "/api/client/account";
  private static final String EMAIL = ACCOUNT + "/email";
  private static final String PASSWORD = ACCOUNT + "/password";
  private static final String ACTIVITY = ACCOUNT + "/activity";
  private static final String SSH_KEYS = ACCOUNT + "/ssh-keys";
  private static final String INVALID_PASSWORD = "The password provided was invalid for this account.";
  private static final Pattern ATOM = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+00:00");

  private static final String ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKomSYcRv4Cv4Q/riFC86GaqqmSKx71mGCY3lysne7dD "
      + "test@talon";
  private static final String ED25519_FINGERPRINT = "MxVCdYwrcsM+M9DMo5klEjacBrIEV5/KU0bqeflF2tA";
  private static final String RSA_3072 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCjY7GHfla+1eDUBoTpbjbLbD3gMrj6F1VF693sSFmMnXf"
      + "Ow844mY9jS0o1neQv/bSzOID6K6ZnGsFG1CfdTyeyHlYVce6qX/u+MgcA2I5yRiS/2G70vZj5rVv0jQQUQR3K/Ag8iabKs0fcjPF8QTg2iKXB7J"
      + "BLgJO/3hpOPbTQwoRbPkqHwUdyxU13sTk9qVb5WBnQ5+eeK0w19VjY9URhuSlwRUdEgDXmeqePVYXYgxzE0kfZVQ/KOGhmEUW3+EJq6n+Tb8NRLT"
      + "xc1XIuBSMD4rk/OEj8c3pVmQSL8fqZ/LUWuuGXggiP8pAx2ln9nSKwHVX4w9NpxnJM3Ixl0/FmqxNE6T8aYvVijY+0aYWKVJe6ZfY7MX0JA3x4pF"
      + "7G7ZXeuvJodfaD2FuQ9tky4X67cZA8BnEflhNz6PKHyXawMWv7G3gzCyrfsnn99GQ7eTj+F9YxcaYzmCX2FrHsgPjmtAMzjSJKUkA3RtFrNnGGOX"
      + "L0GUSwYfgd+JLDL0uswSU= test@talon";
  private static final String RSA_3072_FINGERPRINT = "GaFql1qUzIiQI6d9JykHTjUxNdsNC3pt/srrs81lphg";
  private static final String RSA_3072_PEM = String.join("\r\n", "-----BEGIN PUBLIC KEY-----",
      "MIIBojANBgkqhkiG9w0BAQEFAAOCAY8AMIIBigKCAYEAo2Oxh35WvtXg1AaE6W42",
      "y2w94DK4+hdVRevd7EhZjJ13zsPOOJmPY0tKNZ3kL/20sziA+iumZxrBRtQn3U8n",
      "sh5WFXHuql/7vjIHANiOckYkv9hu9L2Y+a1b9I0EFEEdyvwIPImmyrNH3IzxfEE4",
      "NoilweyQS4CTv94aTj200MKEWz5Kh8FHcsVNd7E5PalW+VgZ0OfnnitMNfVY2PVE",
      "YbkpcEVHRIA15nqnj1WF2IMcxNJH2VUPyjhoZhFFt/hCaup/k2/DUS08XNVyLgUj",
      "A+K5PzhI/HN6VZkEi/H6mfy1Frrhl4IIj/KQMdpZ/Z0isB1V+MPTacZyTNyMZdPx",
      "ZqsTROk/GmL1Yo2PtGmFilSXumX2OzF9CQN8eKRexu2V3rryaHX2g9hbkPbZMuF+",
      "u3GQPAZxH5YTc+jyh8l2sDFr+xt4Mwsq37J5/fRkO3k4/hfWMXGmM5gl9hax7ID4",
      "5rQDM40iSlJAN0bRazZxhjly9BlEsGH4HfiSwy9LrMElAgMBAAE=",
      "-----END PUBLIC KEY-----");
  private static final String P256 = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBKIUbh/a/eL"
      + "0ni8yKEqo00/SjDWNWZSOBATYJxOWIjjbwYPjz9G7v8LXd129hDqCNwTIMtjnqXAv/6AyC0KUL3o= test@talon";
  private static final String P256_FINGERPRINT = "VVSYo1pmRsIPgtf0pbambHt30cdJyIx3WhJRVSBqE9c";
  private static final String P256_PEM = String.join("\r\n", "-----BEGIN PUBLIC KEY-----",
      "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEohRuH9r94vSeLzIoSqjTT9KMNY1Z",
      "lI4EBNgnE5YiONvBg+PP0bu/wtd3Xb2EOoI3BMgy2OepcC//oDILQpQveg==",
      "-----END PUBLIC KEY-----");
  private static final String P521 = "ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAGW+Amr/w"
      + "QNJCice3dhmlbZkrHo2hjyChZHouumgT8cvfoBiEdO+lmB8RtUFdeLY+RXp92VlsCr5/UR1jm1zRYt+QCpoqbdx52V558vZqUHvc59FYiZEPigT"
      + "ctRCczE0FsQXiIobeCb5Syzwmzdw42kMT9w95M0rsH3pOui9LtVWhmaqg== test@talon";
  private static final String P521_FINGERPRINT = "g6BGxrRObinQCn8NtFIKFmTOWSgxGBEZrR2n/MBDjfo";
  private static final String RSA_1024 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDkhosIOfEU98XFY9zmYvVFSYuIyjtyGCZaFnEvcIob"
      + "YJOiWMqXqd2IuDbGUN0ju5lLAeHvt00AylHH7lvHXT74sqgKlIAE0PWH9IHUK9Zxcs+XGz8jE1IKIc1QM5c8dZ6nKoXeWy7x+v5HJ8nwSnF48rdA"
      + "QYWDnEa3uSnJ2OnP4Q== short";
  private static final String DSA = "ssh-dss AAAAB3NzaC1kc3MAAACBAJwcK7shKhJsH2LH5d6G6tqJM8fxpctJBAmSJ6SD4me+hyd3PRV8gKs"
      + "B161dOUn+AzWrRo/DTDpZxGmQsdBTpGxHhKVTVNUVdgPXsiLK3e8n0jF/2DGBdV/XYGXwyxrzgQAao7n15xfh28vPZRTNbSJT01Lr1USH+KRCSujA"
      + "GON1AAAAFQD7ixDW5E/IYO9WjHwVijaBY5gilQAAAIBf6+W7nNQk2B6ktiYS1IjQnCuk9AV0J23KoRlHYJN8Iu9iRqeFuOQE0aJ11shu8O3y+wMu"
      + "RrMF0U7B55mwrf/oZhpzuF8rVJWXHHWx8kLM/8umtfywYw0rQ8bwXyJ83rsEkKZHmGfS3O4OwmeGf1r1W34ZLnrUdcWtDRrpeKJWQgAAAIAbQC43"
      + "kQP7eJRfFg356AFriHwFb5n6zXjwCIBdEY2OGsnVg97+V4ihr5blJBB8NU6Gj/+DKhrzbdWmi6FUjTgpWb9FU9SbJvAp5te3M6tr2OXMAzfw3KYs"
      + "Aq+NqFaIx3Gl0s7vB3EDbegQ9FQ128peiIwYtJSWdC3NeR0sEJ8bcQ== dsa";

  private static final AtomicInteger USER_SEQ = new AtomicInteger();
  private static final List<String> PASSWORDS = new ArrayList<>();
  private static TestNode node;
  private static String applicationKey;

  /** A fresh user, their password and a client key to act as them. */
  private record Account(int id, String username, String password, String key) {
  }

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of());
    int admin = node.makeUser("acct-admin", true);
    remember("password-acct-admin");
    applicationKey = node.makeKey(admin, "application", new JsonObject().put("permissions", new JsonObject().put("users", 3)));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String remember(String password) {
    PASSWORDS.add(password);
    LogCapture.rememberSecret(password);
    return password;
  }

  private static Account account(String stem) {
    String username = stem + USER_SEQ.incrementAndGet();
    int id = node.makeUser(username, false);
    return new Account(id, username, remember("password-" + username), node.makeKey(id, "client", null));
  }

  private static Http.Response put(String path, String key, JsonObject body) {
    return node.http.request("PUT", path).key(key).json(body).send();
  }

  private static Http.Request asBrowser(Browser browser, String method, String path) {
    return node.http.request(method, path).header("Cookie", browser.cookie()).header("X-CSRF-Token", browser.csrf());
  }

  private static Http.Response signIn(String user, String password) {
    return node.http.request("POST", "/auth/login").json(new JsonObject().put("user", user).put("password", password)).send();
  }

  private static JsonObject attributes(Http.Response r) {
    return r.json().getJsonObject("attributes");
  }

  private static void assertInvalidPassword(Http.Response r) {
    assertError(r, 400, "InvalidPasswordProvidedException", INVALID_PASSWORD);
  }

  private static JsonObject only(JsonArray errors, String field, String rule, String detail) {
    JsonObject entry = validationEntry(errors, field);
    assertEquals(rule, entry.getJsonObject("meta").getString("rule"), entry::encode);
    assertEquals(detail, entry.getString("detail"), entry::encode);
    return entry;
  }

  // ---------------------------------------------------------------- every route: who may call it

  @Test
  void everyAccountRouteWantsAClientKey() {
    String[][] routes = {{"PUT", EMAIL}, {"PUT", PASSWORD}, {"GET", ACTIVITY}, {"GET", SSH_KEYS}, {"POST", SSH_KEYS},
        {"POST", SSH_KEYS + "/remove"}};
    for (String[] route : routes) {
      Http.Request request = node.http.request(route[0], route[1]);
      Http.Request withApplicationKey = node.http.request(route[0], route[1]).key(applicationKey);
      if (!route[0].equals("GET")) {
        request.json(new JsonObject());
        withApplicationKey.json(new JsonObject());
      }
      assertUnauthenticated(request.send());
      assertForbidden(withApplicationKey.send(), APPLICATION_KEY_ON_CLIENT_API);
    }
  }

  // ---------------------------------------------------------------- e-mail

  @Test
  void theEmailChangesOnlyWithTheRightPasswordAndIsSeenOnTheVeryNextRequest() {
    Account a = account("emma");
    assertEquals(a.username() + "@example.com", attributes(node.http.get(ACCOUNT, a.key())).getString("email"),
        "the key's context is cached before the change");

    assertInvalidPassword(put(EMAIL, a.key(), new JsonObject().put("email", "new@example.com").put("password", "wrong")));
    assertInvalidPassword(put(EMAIL, a.key(), new JsonObject().put("email", "new@example.com")));
    assertInvalidPassword(put(EMAIL, a.key(), new JsonObject().put("email", "not an address").put("password", "")));
    assertInvalidPassword(put(EMAIL, a.key(), new JsonObject().put("email", "new@example.com").put("password", 12345)));

    Http.Response changed = put(EMAIL, a.key(), new JsonObject().put("email", "  Emma.New@Example.com ")
        .put("password", a.password()));
    assertEquals(204, changed.status(), changed.toString());
    assertEquals("", changed.body());
    assertEquals("Emma.New@Example.com", attributes(node.http.get(ACCOUNT, a.key())).getString("email"),
        "the cached context was dropped: the next request shows the new address");
    assertEquals("Emma.New@Example.com", Sql.value(node, "SELECT email FROM users WHERE id = ?", a.id()));
    assertEquals(200, signIn("emma.new@example.com", a.password()).status(), "the new address signs in");
    assertEquals(401, signIn(a.username() + "@example.com", a.password()).status(), "the old one no longer does");

    Http.Response same = put(EMAIL, a.key(), new JsonObject().put("email", "emma.new@example.com").put("password", a.password()));
    assertEquals(204, same.status(), "unique ignores the user's own address, in any case: " + same);
  }

  @Test
  void aNewEmailFollowsPterodactylsRules() {
    Account a = account("rules");
    Account other = account("taken");
    JsonObject withPassword = new JsonObject().put("password", a.password());

    only(assertValidation(put(EMAIL, a.key(), withPassword.copy())), "email", "required", "The email field is required.");
    only(assertValidation(put(EMAIL, a.key(), withPassword.copy().put("email", "  "))), "email", "required",
        "The email field is required.");
    only(assertValidation(put(EMAIL, a.key(), withPassword.copy().put("email", "no-at-sign"))), "email", "email",
        "The email must be a valid email address.");
    only(assertValidation(put(EMAIL, a.key(), withPassword.copy().put("email", 42))), "email", "email",
        "The email must be a valid email address.");
    String tooLong = "a".repeat(180) + "@example.com";
    only(assertValidation(put(EMAIL, a.key(), withPassword.copy().put("email", tooLong))), "email", "between",
        "The email must be between 1 and 191 characters.");
    only(assertValidation(put(EMAIL, a.key(), withPassword.copy().put("email", other.username().toUpperCase() + "@EXAMPLE.COM"))),
        "email", "unique", "The email has already been taken.");
    assertEquals(a.username() + "@example.com", attributes(node.http.get(ACCOUNT, a.key())).getString("email"));
  }

  // ---------------------------------------------------------------- password

  @Test
  void aNewPasswordFollowsPterodactylsRulesAfterTheCurrentOne() {
    Account a = account("pw-rules");
    assertInvalidPassword(put(PASSWORD, a.key(), new JsonObject().put("current_password", "nope")
        .put("password", "long-enough-1").put("password_confirmation", "long-enough-1")));
    assertInvalidPassword(put(PASSWORD, a.key(), new JsonObject().put("password", "x")));

    JsonObject current = new JsonObject().put("current_password", a.password());
    only(assertValidation(put(PASSWORD, a.key(), current.copy())), "password", "required", "The password field is required.");
    only(assertValidation(put(PASSWORD, a.key(), current.copy().put("password", 123456789)
        .put("password_confirmation", 123456789))), "password", "string", "The password must be a string.");
    JsonArray both = assertValidation(put(PASSWORD, a.key(), current.copy().put("password", "short")
        .put("password_confirmation", "other")));
    assertEquals(2, both.size(), both::encode);
    assertEquals("confirmed", both.getJsonObject(0).getJsonObject("meta").getString("rule"));
    assertEquals("The password confirmation does not match.", both.getJsonObject(0).getString("detail"));
    assertEquals("min", both.getJsonObject(1).getJsonObject("meta").getString("rule"));
    assertEquals("The password must be at least 8 characters.", both.getJsonObject(1).getString("detail"));
    assertEquals(200, signIn(a.username(), a.password()).status(), "nothing changed");
  }

  @Test
  void aNewPasswordEndsTheOtherSessionsButNotTheCallersNorAnyKey() {
    Account a = account("paula");
    Browser changing = WebSessionsTest.browser(node, a.username(), a.password());
    Browser elsewhere = WebSessionsTest.browser(node, a.username(), a.password());
    Browser onAnotherAccount = WebSessionsTest.browser(node, "acct-admin", "password-acct-admin");
    String newPassword = remember("a brand new passphrase");

    Http.Response changed = asBrowser(changing, "PUT", PASSWORD).json(new JsonObject()
        .put("current_password", a.password()).put("password", newPassword).put("password_confirmation", newPassword))
        .send();
    assertEquals(204, changed.status(), changed.toString());
    assertEquals("", changed.body());

    assertEquals(200, asBrowser(changing, "GET", ACCOUNT).send().status(), "the session that asked stays");
    assertUnauthenticated(asBrowser(elsewhere, "GET", ACCOUNT).send());
    assertEquals(200, asBrowser(onAnotherAccount, "GET", ACCOUNT).send().status(), "other users keep theirs");
    assertEquals(200, node.http.get(ACCOUNT, a.key()).status(), "API keys stay valid, as in Pterodactyl");
    assertError(signIn(a.username(), a.password()), 401, "AuthenticationException", "These credentials do not match our records.");
    assertEquals(200, signIn(a.username(), newPassword).status(), "the new password signs in");
    assertInvalidPassword(put(PASSWORD, a.key(), new JsonObject().put("current_password", a.password())
        .put("password", "whatever-else").put("password_confirmation", "whatever-else")));

    Browser later = WebSessionsTest.browser(node, a.username(), newPassword);
    String third = remember("and a third one here");
    Http.Response byKey = put(PASSWORD, a.key(), new JsonObject().put("current_password", newPassword)
        .put("password", third).put("password_confirmation", third));
    assertEquals(204, byKey.status(), byKey.toString());
    assertUnauthenticated(asBrowser(later, "GET", ACCOUNT).send());
    // a change made with a key keeps no session at all
    assertUnauthenticated(asBrowser(changing, "GET", ACCOUNT).send());
    assertEquals(0, Sql.count(node, "SELECT count(*) FROM web_sessions WHERE user_id = ?", a.id()));
    String stored = (String) Sql.value(node, "SELECT password FROM users WHERE id = ?", a.id());
    assertTrue(stored.startsWith("$2y$10$"), "bcrypt, as Pterodactyl stores it");
  }

  // ---------------------------------------------------------------- activity

  private static JsonArray activity(Account a, String query) {
    Http.Response r = node.http.get(ACTIVITY + query, a.key());
    assertEquals(200, r.status(), r.toString());
    return r.json().getJsonArray("data");
  }

  private static List<String> events(JsonArray data) {
    List<String> out = new ArrayList<>();
    data.forEach(e -> out.add(((JsonObject) e).getJsonObject("attributes").getString("event")));
    return out;
  }

  private static void awaitEvents(Account a, String... expected) {
    long took = Poll.until(10_000, 50, () -> events(activity(a, "")).containsAll(List.of(expected)));
    assertTrue(took >= 0, () -> "entries " + Arrays.toString(expected) + " in " + events(activity(a, "")));
  }

  @Test
  void keyCreationAndDeletionAppearInTheActivityLogNewestFirst() {
    Account a = account("ada");
    Account bob = account("bob");
    Http.Response created = node.http.post(ACCOUNT + "/api-keys", a.key(), new JsonObject().put("description", "logged"));
    assertEquals(200, created.status(), created.toString());
    String identifier = attributes(created).getString("identifier");
    LogCapture.rememberSecret(created.json().getJsonObject("meta").getString("secret_token"));
    assertEquals(204, node.http.delete(ACCOUNT + "/api-keys/" + identifier, a.key()).status());
    assertEquals(200, node.http.post(ACCOUNT + "/api-keys", bob.key(), new JsonObject().put("description", "bob's")).status());
    awaitEvents(a, "user:api-key.create", "user:api-key.delete");

    Http.Response r = node.http.get(ACTIVITY, a.key());
    JsonObject body = r.json();
    assertEquals("list", body.getString("object"));
    JsonArray data = body.getJsonArray("data");
    // the oldest: the key this test acts with, made over the event bus
    assertEquals(List.of("user:api-key.delete", "user:api-key.create", "user:api-key.create"), events(data),
        "the user's own, newest first");
    JsonObject deletion = data.getJsonObject(0);
    assertEquals("activity_log", deletion.getString("object"));
    JsonObject entry = deletion.getJsonObject("attributes");
    assertEquals(List.of("id", "batch", "event", "is_api", "ip", "description", "properties", "has_additional_metadata",
        "timestamp"), List.copyOf(entry.fieldNames()));
    // as Pterodactyl: the SHA-1 (hex) of the row's number, a key for lists rather than the number
    assertTrue(entry.getString("id").matches("[0-9a-f]{40}"), "id: " + entry.getValue("id"));
    assertNotEquals(entry.getString("id"), data.getJsonObject(1).getJsonObject("attributes").getString("id"));
    assertNull(entry.getValue("batch"));
    assertNull(entry.getValue("description"));
    assertTrue(entry.getBoolean("is_api"), "asked with a key");
    assertEquals("127.0.0.1", entry.getString("ip"));
    assertEquals(new JsonObject().put("identifier", identifier), entry.getJsonObject("properties"));
    assertFalse(entry.getBoolean("has_additional_metadata"), "the identifier is in the event's sentence");
    assertTrue(ATOM.matcher(entry.getString("timestamp")).matches(), entry.getString("timestamp"));
    assertEquals(new JsonObject().put("total", 3).put("count", 3).put("per_page", 25).put("current_page", 1)
        .put("total_pages", 1).put("links", new JsonObject()), body.getJsonObject("meta").getJsonObject("pagination"));

    assertEquals(List.of("user:api-key.create", "user:api-key.create", "user:api-key.delete"),
        events(activity(a, "?sort=timestamp")));
    assertEquals(events(data), events(activity(a, "?sort=-timestamp")));
    assertEquals(List.of("user:api-key.delete"), events(activity(a, "?filter[event]=KEY.DEL")), "partial, any case");
    assertEquals(List.of(), events(activity(a, "?filter[ip]=10.0.0.1")));
    assertEquals(2, activity(a, "?filter[ip]=127.0.0.1").size(), "the key made over the bus has no address");
    assertError(node.http.get(ACTIVITY + "?filter[actor]=1", a.key()), 400, "InvalidFilterQuery",
        "Requested filter(s) `actor` are not allowed. Allowed filter(s) are `ip, event`.");
    assertError(node.http.get(ACTIVITY + "?sort=-id", a.key()), 400, "InvalidSortQuery",
        "Requested sort(s) `id` is not allowed. Allowed sort(s) are `timestamp`.");
  }

  @Test
  void theActivityLogPagesBy25AtMost100KeepingTheQueryString() {
    Account a = account("pager");
    for (int i = 0; i < 3; i++) {
      Http.Response created = node.http.post(ACCOUNT + "/api-keys", a.key(), new JsonObject().put("description", "k" + i));
      assertEquals(200, created.status(), created.toString());
      LogCapture.rememberSecret(created.json().getJsonObject("meta").getString("secret_token"));
    }
    long took = Poll.until(10_000, 50, () -> activity(a, "").size() == 4);
    assertTrue(took >= 0, "four entries: the key the test acts with and three more");
    Http.Response first = node.http.get(ACTIVITY + "?per_page=2&filter[event]=api-key", a.key());
    JsonObject pagination = first.json().getJsonObject("meta").getJsonObject("pagination");
    assertEquals(4, pagination.getInteger("total"));
    assertEquals(2, pagination.getInteger("count"));
    assertEquals(2, pagination.getInteger("per_page"));
    assertEquals(2, pagination.getInteger("total_pages"));
    String next = pagination.getJsonObject("links").getString("next");
    assertTrue(next.endsWith(ACTIVITY + "?per_page=2&filter%5Bevent%5D=api-key&page=2"), next);
    JsonObject second = node.http.get(ACTIVITY + "?per_page=2&filter[event]=api-key&page=2", a.key()).json();
    assertEquals(2, second.getJsonArray("data").size());
    assertTrue(second.getJsonObject("meta").getJsonObject("pagination").getJsonObject("links").getString("previous")
        .endsWith("page=1"));
    assertEquals(100, node.http.get(ACTIVITY + "?per_page=1000", a.key()).json().getJsonObject("meta")
        .getJsonObject("pagination").getInteger("per_page"));
    assertEquals(25, node.http.get(ACTIVITY + "?per_page=0", a.key()).json().getJsonObject("meta")
        .getJsonObject("pagination").getInteger("per_page"));
  }

  @Test
  void anEntryMadeInABrowserIsNotApiAndActorIsTheUser() {
    Account a = account("brow");
    WebSessionsTest.browser(node, a.username(), a.password());
    awaitEvents(a, "auth:success");
    JsonObject entry = activity(a, "?include=actor").getJsonObject(0).getJsonObject("attributes");
    assertEquals("auth:success", entry.getString("event"));
    assertFalse(entry.getBoolean("is_api"));
    assertEquals(new JsonArray(), entry.getValue("properties"), "empty properties are PHP's empty array");
    JsonObject actor = entry.getJsonObject("relationships").getJsonObject("actor");
    assertEquals("user", actor.getString("object"));
    JsonObject user = actor.getJsonObject("attributes");
    assertEquals(List.of("uuid", "username", "email", "image", "2fa_enabled", "created_at"), List.copyOf(user.fieldNames()));
    assertEquals(a.username(), user.getString("username"));
    assertTrue(user.getString("image").startsWith("https://gravatar.com/avatar/"));
    assertFalse(activity(a, "").getJsonObject(0).getJsonObject("attributes").containsKey("relationships"));
  }

  @Test
  void accountChangesAreLoggedWithoutTheirSecrets() {
    Account a = account("logged");
    String newPassword = remember("logged-new-password");
    assertEquals(204, put(EMAIL, a.key(), new JsonObject().put("email", "logged-new@example.com")
        .put("password", a.password())).status());
    assertEquals(204, put(PASSWORD, a.key(), new JsonObject().put("current_password", a.password())
        .put("password", newPassword).put("password_confirmation", newPassword)).status());
    awaitEvents(a, "user:account.email-changed", "user:account.password-changed");
    JsonArray data = activity(a, "?sort=timestamp&filter[event]=account");
    assertEquals(2, data.size(), data::encode);
    JsonObject email = data.getJsonObject(0).getJsonObject("attributes");
    assertEquals("user:account.email-changed", email.getString("event"));
    assertEquals(new JsonObject().put("old", a.username() + "@example.com").put("new", "logged-new@example.com"),
        email.getJsonObject("properties"));
    assertTrue(email.getBoolean("is_api"));
    JsonObject password = data.getJsonObject(1).getJsonObject("attributes");
    assertEquals("user:account.password-changed", password.getString("event"));
    assertEquals(new JsonArray(), password.getValue("properties"));
    String logged = String.valueOf(Sql.value(node, "SELECT string_agg(properties::text, ' ') FROM activity_logs "
        + "WHERE actor_id = ?", a.id()));
    assertFalse(logged.contains(a.password()) || logged.contains(newPassword), logged);
  }

  // ---------------------------------------------------------------- SSH keys

  private static Http.Response addSshKey(Account a, String name, String publicKey) {
    return node.http.post(SSH_KEYS, a.key(), new JsonObject().put("name", name).put("public_key", publicKey));
  }

  private static List<String> fingerprints(Account a) {
    Http.Response r = node.http.get(SSH_KEYS, a.key());
    assertEquals(200, r.status(), r.toString());
    List<String> out = new ArrayList<>();
    r.json().getJsonArray("data").forEach(k -> out.add(((JsonObject) k).getJsonObject("attributes").getString("fingerprint")));
    return out;
  }

  @Test
  void sshKeysOfEachKindAreStoredAsPkcs8WithOpenSshsFingerprint() throws Exception {
    Account a = account("sshy");
    Http.Response rsa = addSshKey(a, "  laptop  ", RSA_3072);
    assertEquals(200, rsa.status(), rsa.toString());
    assertEquals("ssh_key", rsa.json().getString("object"));
    JsonObject key = attributes(rsa);
    assertEquals(List.of("name", "fingerprint", "public_key", "created_at"), List.copyOf(key.fieldNames()));
    assertEquals("laptop", key.getString("name"));
    assertEquals(RSA_3072_FINGERPRINT, key.getString("fingerprint"));
    assertEquals(RSA_3072_PEM, key.getString("public_key"));
    assertTrue(ATOM.matcher(key.getString("created_at")).matches(), key.getString("created_at"));

    JsonObject p256 = attributes(addSshKey(a, "p256", P256));
    assertEquals(P256_FINGERPRINT, p256.getString("fingerprint"));
    assertEquals(P256_PEM, p256.getString("public_key"));
    assertEquals(P521_FINGERPRINT, attributes(addSshKey(a, "p521", P521)).getString("fingerprint"));

    JsonObject ed25519 = attributes(addSshKey(a, "ed", ED25519.substring(ED25519.indexOf(' ') + 1, ED25519.lastIndexOf(' '))));
    assertEquals(ED25519_FINGERPRINT, ed25519.getString("fingerprint"), "the base64 alone is a key too");
    String pem = ed25519.getString("public_key");
    assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----\r\n") && pem.endsWith("\r\n-----END PUBLIC KEY-----"), pem);
    byte[] spki = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    byte[] blob = Base64.getDecoder().decode(ED25519.split(" ")[1]);
    assertArrayEquals(Arrays.copyOfRange(blob, blob.length - 32, blob.length), Arrays.copyOfRange(spki, spki.length - 32,
        spki.length), "the same Ed25519 key");

    assertEquals(List.of(RSA_3072_FINGERPRINT, P256_FINGERPRINT, P521_FINGERPRINT, ED25519_FINGERPRINT), fingerprints(a));
  }

  @Test
  void badSshKeysGetPterodactylsMessages() {
    Account a = account("badkeys");
    String notValid = "The public key provided is not valid.";
    JsonArray missing = assertValidation(node.http.post(SSH_KEYS, a.key(), new JsonObject()));
    assertEquals(2, missing.size(), missing::encode);
    only(missing, "name", "required", "The name field is required.");
    only(missing, "public_key", "required", "The public key field is required.");
    only(assertValidation(addSshKey(a, "n", RSA_1024)), "public_key", "", "RSA keys must be at least 2048 bytes in length.");
    only(assertValidation(addSshKey(a, "n", DSA)), "public_key", "", "DSA keys are not supported.");
    only(assertValidation(addSshKey(a, "n", "ssh-rsa not*base64 x")), "public_key", "", notValid);
    only(assertValidation(addSshKey(a, "n", "ssh-ed25519 " + P256.split(" ")[1])), "public_key", "", notValid);
    only(assertValidation(addSshKey(a, "n", "ssh-ed25519 " + ED25519.split(" ")[1] + "AAAA")), "public_key", "", notValid);
    only(assertValidation(addSshKey(a, "n", tamperedPoint(P256))), "public_key", "", notValid);
    only(assertValidation(addSshKey(a, "n", "-----BEGIN PUBLIC KEY-----")), "public_key", "", notValid);
    only(assertValidation(addSshKey(a, "x".repeat(192), ED25519)), "name", "between",
        "The name must be between 1 and 191 characters.");
    only(assertValidation(node.http.post(SSH_KEYS, a.key(), new JsonObject().put("name", "n").put("public_key", 7))),
        "public_key", "string", "The public key must be a string.");
    assertEquals(List.of(), fingerprints(a));
  }

  /** The key with one coordinate of its point changed: no longer on the curve. */
  private static String tamperedPoint(String line) {
    byte[] blob = Base64.getDecoder().decode(line.split(" ")[1]);
    blob[blob.length - 1] ^= 1;
    return line.split(" ")[0] + " " + Base64.getEncoder().encodeToString(blob);
  }

  @Test
  void aFingerprintIsOncePerAccountAndRemovalIsSoft() {
    Account a = account("dup");
    Account b = account("dup-other");
    assertEquals(200, addSshKey(a, "first", ED25519).status());
    only(assertValidation(addSshKey(a, "again", ED25519.replace("test@talon", "another comment"))), "public_key", "",
        "The public key provided already exists on your account.");
    assertEquals(200, addSshKey(b, "theirs", ED25519).status(), "another account may hold the same key");

    only(assertValidation(node.http.post(SSH_KEYS + "/remove", a.key(), new JsonObject())), "fingerprint", "required",
        "The fingerprint field is required.");
    Http.Response unknown = node.http.post(SSH_KEYS + "/remove", a.key(), new JsonObject().put("fingerprint", "nothing"));
    assertEquals(204, unknown.status(), unknown.toString());
    Http.Response removed = node.http.post(SSH_KEYS + "/remove", a.key(), new JsonObject().put("fingerprint", ED25519_FINGERPRINT));
    assertEquals(204, removed.status(), removed.toString());
    assertEquals("", removed.body());
    assertEquals(List.of(), fingerprints(a));
    assertEquals(List.of(ED25519_FINGERPRINT), fingerprints(b), "only the caller's own key goes");
    assertEquals(1, Sql.count(node, "SELECT count(*) FROM user_ssh_keys WHERE user_id = ? AND deleted_at IS NOT NULL", a.id()),
        "kept with deleted_at, as Pterodactyl's soft delete");
    assertEquals(200, addSshKey(a, "back", ED25519).status(), "a removed key can be added again");
    assertEquals(List.of(ED25519_FINGERPRINT), fingerprints(a));

    awaitEvents(a, "user:ssh-key.create", "user:ssh-key.delete");
    JsonObject creation = activity(a, "?filter[event]=ssh-key.create").getJsonObject(0).getJsonObject("attributes");
    assertEquals(new JsonObject().put("fingerprint", ED25519_FINGERPRINT), creation.getJsonObject("properties"));
    assertTrue(creation.getBoolean("is_api"));
    assertEquals(3, activity(a, "?filter[event]=ssh-key").size(), "two additions and one removal, not the unknown one");
  }

  // ---------------------------------------------------------------- no secret logged

  @Test
  @Order(Integer.MAX_VALUE)
  void noPasswordAppearsInAnyLogLine() {
    assertFalse(PASSWORDS.isEmpty());
    List<String> lines = LogCapture.lines();
    assertNotEquals(0, lines.size());
    for (String line : lines) {
      for (String password : PASSWORDS) {
        assertFalse(line.contains(password), () -> "a password leaked into the log: " + line.replace(password, "<password>"));
      }
    }
  }
}
