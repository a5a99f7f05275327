package dev.talon;

import static dev.talon.support.ApiAssertions.NOT_FOUND;
import static dev.talon.support.ApiAssertions.UNAUTHORIZED;
import static dev.talon.support.ApiAssertions.assertError;
import static dev.talon.support.ApiAssertions.assertForbidden;
import static dev.talon.support.ApiAssertions.assertValidation;
import static dev.talon.support.ApiAssertions.validationEntry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.contracts.Addresses;
import dev.talon.support.Http;
import dev.talon.support.ClientRows;
import dev.talon.support.Sql;
import dev.talon.support.TestNode;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/client/servers/:server/users}: adding, changing and removing subusers with
 * Pterodactyl's rules, through client keys; a seat's removal or change holds on the next request.
 */
class SubusersTest {

  private static final String NO_ACCESS = "The requested resource does not exist on this server.";
  private static final String ESCALATION = "Cannot assign permissions to a subuser that your account does not actively possess.";

  private static TestNode node;
  private static ClientRows rows;
  private static int olivia;
  private static int sam;
  private static ClientRows.Server main;
  private static ClientRows.Server other;
  private static String oliviaKey;
  private static String samKey;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of());
    rows = ClientRows.create(node);
    olivia = node.makeUser("olivia", false);
    sam = node.makeUser("sam", false);
    main = rows.server(olivia, "main");
    other = rows.server(olivia, "other");
    rows.subuser(main, sam, "websocket.connect", "user.create", "user.read", "user.update", "user.delete", "control.console");
    oliviaKey = node.makeKey(olivia, "client", null);
    samKey = node.makeKey(sam, "client", null);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String users(ClientRows.Server server) {
    return "/api/client/servers/" + server.identifier() + "/users";
  }

  private static String uuidOf(int userId) {
    return (String) Sql.value(node, "SELECT uuid::text FROM users WHERE id = ?", userId);
  }

  private static Http.Response add(String key, ClientRows.Server server, String email, String... permissions) {
    return node.http.post(users(server), key, new JsonObject().put("email", email)
        .put("permissions", new JsonArray(List.of((Object[]) permissions))));
  }

  @Test
  void ownerAddsViewsChangesAndRemovesASubuser() throws Exception {
    int tina = node.makeUser("tina", false);
    Http.Response added = add(oliviaKey, main, "TINA@example.com", "control.start", "bogus.permission", "control.start");
    assertEquals(200, added.status(), added.toString());
    assertEquals("server_subuser", added.json().getString("object"));
    JsonObject seat = added.json().getJsonObject("attributes");
    assertEquals(List.of("uuid", "username", "email", "image", "2fa_enabled", "created_at", "permissions"),
        List.copyOf(seat.fieldNames()));
    assertEquals(uuidOf(tina), seat.getString("uuid"));
    assertEquals("tina", seat.getString("username"));
    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
        .digest("tina@example.com".getBytes(StandardCharsets.UTF_8)));
    assertEquals("https://gravatar.com/avatar/" + md5, seat.getString("image"));
    assertEquals(new JsonArray().add("control.start").add("websocket.connect"), seat.getJsonArray("permissions"),
        "unknown strings dropped, duplicates removed, websocket.connect added");

    Http.Response list = node.http.get(users(main), oliviaKey);
    assertEquals(200, list.status(), list.toString());
    assertTrue(list.body().contains(uuidOf(tina)));
    String path = users(main) + "/" + uuidOf(tina);
    assertEquals("tina@example.com", node.http.get(path, oliviaKey).json().getJsonObject("attributes").getString("email"));

    Http.Response changed = node.http.post(path, oliviaKey, new JsonObject().put("permissions", new JsonArray().add("control.stop")));
    assertEquals(200, changed.status(), changed.toString());
    assertEquals(new JsonArray().add("control.stop").add("websocket.connect"),
        changed.json().getJsonObject("attributes").getJsonArray("permissions"));

    Http.Response removed = node.http.delete(path, oliviaKey);
    assertEquals(204, removed.status(), removed.toString());
    assertEquals("", removed.body());
    assertError(node.http.get(path, oliviaKey), 404, "NotFoundHttpException", NOT_FOUND);
    assertError(node.http.delete(path, oliviaKey), 404, "NotFoundHttpException", NOT_FOUND);
  }

  @Test
  void anUnknownEmailCreatesTheUser() {
    Http.Response added = add(oliviaKey, main, "new.person+x@example.org", "file.read");
    assertEquals(200, added.status(), added.toString());
    String username = added.json().getJsonObject("attributes").getString("username");
    assertTrue(username.matches("new\\.personx[a-z0-9]{3}"), username);
    assertEquals("Server Subuser", Sql.value(node,
        "SELECT name_first || ' ' || name_last FROM users WHERE email = 'new.person+x@example.org'"));
    // the new user cannot sign in with a password anyone knows, but has a seat
    assertEquals(1L, Sql.count(node, "SELECT count(*) FROM subusers s JOIN users u ON u.id = s.user_id "
        + "WHERE u.email = 'new.person+x@example.org' AND s.server_id = ?", main.id()));
  }

  @Test
  void ownerDuplicateAndValidation() {
    assertError(add(oliviaKey, main, "olivia@example.com", "control.start"), 400, "UserIsServerOwnerException",
        "You cannot add the server owner as a subuser for this server.");
    assertError(add(oliviaKey, main, "sam@example.com", "control.start"), 400, "ServerSubuserExistsException",
        "A user with that email address is already assigned as a subuser for this server.");

    JsonArray missing = assertValidation(node.http.post(users(main), oliviaKey, new JsonObject()));
    assertEquals("The email field is required.", validationEntry(missing, "email").getString("detail"));
    assertEquals("The permissions field is required.", validationEntry(missing, "permissions").getString("detail"));
    JsonArray bad = assertValidation(node.http.post(users(main), oliviaKey,
        new JsonObject().put("email", "not-an-email").put("permissions", "control.start")));
    assertEquals("email", validationEntry(bad, "email").getJsonObject("meta").getString("rule"));
    assertEquals("The permissions must be an array.", validationEntry(bad, "permissions").getString("detail"));
    JsonArray empty = assertValidation(node.http.post(users(main), oliviaKey,
        new JsonObject().put("email", "x@example.com").put("permissions", new JsonArray())));
    assertEquals("required", validationEntry(empty, "permissions").getJsonObject("meta").getString("rule"));
    JsonArray notStrings = assertValidation(node.http.post(users(main), oliviaKey,
        new JsonObject().put("email", "x@example.com").put("permissions", new JsonArray().add("control.start").add(5))));
    assertEquals("The permissions.1 must be a string.", validationEntry(notStrings, "permissions.1").getString("detail"));
    assertEquals(0L, Sql.count(node, "SELECT count(*) FROM users WHERE email = 'x@example.com'"), "nothing was created");
  }

  @Test
  void aSubuserGrantsOnlyWhatItHoldsAndNeverEditsItself() {
    int uma = node.makeUser("uma", false);
    Http.Response escalation = add(samKey, main, "uma@example.com", "control.console", "control.start");
    assertError(escalation, 403, "HttpForbiddenException", ESCALATION);
    Http.Response granted = add(samKey, main, "uma@example.com", "control.console", "user.read");
    assertEquals(200, granted.status(), granted.toString());

    String umaPath = users(main) + "/" + uuidOf(uma);
    assertError(node.http.post(umaPath, samKey, new JsonObject().put("permissions", new JsonArray().add("startup.read"))),
        403, "HttpForbiddenException", ESCALATION);
    assertEquals(200, node.http.post(umaPath, samKey,
        new JsonObject().put("permissions", new JsonArray().add("user.read"))).status());

    String self = users(main) + "/" + uuidOf(sam);
    assertForbidden(node.http.get(self, samKey), UNAUTHORIZED);
    assertForbidden(node.http.post(self, samKey, new JsonObject().put("permissions", new JsonArray().add("user.read"))),
        UNAUTHORIZED);
    assertForbidden(node.http.delete(self, samKey), UNAUTHORIZED);
    assertEquals(200, node.http.get(self, oliviaKey).status(), "the owner may view it");
    assertEquals(204, node.http.delete(umaPath, samKey).status(), "sam holds user.delete");
  }

  @Test
  void aRemovedSeatLosesAccessOnTheNextRequest() {
    int vic = node.makeUser("vic", false);
    String vicKey = node.makeKey(vic, "client", null);
    assertEquals(200, add(oliviaKey, main, "vic@example.com", "startup.read").status());
    String server = "/api/client/servers/" + main.identifier();
    assertEquals(200, node.http.get(server, vicKey).status());
    assertEquals(200, node.http.get(server + "/startup", vicKey).status());
    assertEquals(1, node.http.get("/api/client", vicKey).json().getJsonArray("data").size());

    assertEquals(204, node.http.delete(users(main) + "/" + uuidOf(vic), oliviaKey).status());
    assertError(node.http.get(server, vicKey), 404, "NotFoundHttpException", NO_ACCESS);
    assertError(node.http.get(server + "/startup", vicKey), 404, "NotFoundHttpException", NO_ACCESS);
    assertEquals(0, node.http.get("/api/client", vicKey).json().getJsonArray("data").size());
  }

  @Test
  void aPermissionChangeHoldsOnTheNextRequest() {
    int wes = node.makeUser("wes", false);
    String wesKey = node.makeKey(wes, "client", null);
    assertEquals(200, add(oliviaKey, main, "wes@example.com", "websocket.connect").status());
    String startup = "/api/client/servers/" + main.identifier() + "/startup";
    String seat = users(main) + "/" + uuidOf(wes);
    assertForbidden(node.http.get(startup, wesKey), UNAUTHORIZED);
    assertEquals(200, node.http.post(seat, oliviaKey, new JsonObject().put("permissions", new JsonArray().add("startup.read")))
        .status());
    assertEquals(200, node.http.get(startup, wesKey).status());
    assertEquals(200, node.http.post(seat, oliviaKey, new JsonObject().put("permissions", new JsonArray().add("file.read")))
        .status());
    assertForbidden(node.http.get(startup, wesKey), UNAUTHORIZED);
  }

  @Test
  void subuserPermissionsGuardTheRoutes() {
    int xia = node.makeUser("xia", false);
    String xiaKey = node.makeKey(xia, "client", null);
    rows.subuser(main, xia, "websocket.connect");
    assertForbidden(node.http.get(users(main), xiaKey), UNAUTHORIZED);
    assertForbidden(add(xiaKey, main, "nobody@example.com", "websocket.connect"), UNAUTHORIZED);
    String samPath = users(main) + "/" + uuidOf(sam);
    assertForbidden(node.http.get(samPath, xiaKey), UNAUTHORIZED);
    assertForbidden(node.http.post(samPath, xiaKey, new JsonObject().put("permissions", new JsonArray())), UNAUTHORIZED);
    assertForbidden(node.http.delete(samPath, xiaKey), UNAUTHORIZED);

    // a seat of another server, and a server the caller has no relation with
    int yan = node.makeUser("yan", false);
    rows.subuser(other, yan, "websocket.connect");
    assertError(node.http.get(users(main) + "/" + uuidOf(yan), oliviaKey), 404, "NotFoundHttpException", NOT_FOUND);
    assertError(node.http.delete(users(main) + "/" + uuidOf(yan), oliviaKey), 404, "NotFoundHttpException", NOT_FOUND);
    assertError(node.http.get(users(other), samKey), 404, "NotFoundHttpException", NO_ACCESS);
    assertError(node.http.get(users(main) + "/not-a-uuid", oliviaKey), 404, "NotFoundHttpException", NOT_FOUND);
  }

  @Test
  void everyChangeIsPublished() throws Exception {
    BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    MessageConsumer<JsonObject> consumer = node.vertx.eventBus().consumer(Addresses.EVENT_SUBUSER_CHANGED,
        msg -> events.add(msg.body()));
    consumer.completion().await();
    try {
      int zoe = node.makeUser("zoe", false);
      assertEquals(200, add(oliviaKey, other, "zoe@example.com", "control.start").status());
      JsonObject created = next(events, zoe);
      assertEquals("created", created.getString("change"));
      assertEquals(other.id(), created.getInteger("server_id"));
      assertEquals(new JsonArray().add("control.start").add("websocket.connect"), created.getJsonArray("permissions"));

      String path = users(other) + "/" + uuidOf(zoe);
      assertEquals(200, node.http.post(path, oliviaKey, new JsonObject().put("permissions", new JsonArray().add("control.stop")))
          .status());
      JsonObject updated = next(events, zoe);
      assertEquals("updated", updated.getString("change"));
      assertEquals(new JsonArray().add("control.stop").add("websocket.connect"), updated.getJsonArray("permissions"));

      assertEquals(204, node.http.delete(path, oliviaKey).status());
      JsonObject deleted = next(events, zoe);
      assertEquals("deleted", deleted.getString("change"));
      assertEquals(new JsonArray(), deleted.getJsonArray("permissions"));
    } finally {
      consumer.unregister().await();
    }
  }

  private static JsonObject next(BlockingQueue<JsonObject> events, int userId) throws InterruptedException {
    while (true) {
      JsonObject event = events.poll(10, TimeUnit.SECONDS);
      assertNotNull(event, "an event within 10 s");
      if (event.getInteger("user_id") == userId) {
        return event;
      }
    }
  }
}
