package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.contracts.Addresses;
import dev.talon.support.Http;
import dev.talon.support.TestNode;
import dev.talon.support.TestPostgres;
import dev.talon.support.ToggleProxy;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The three verticles over the event bus, PostgreSQL, health, and every error envelope over HTTP. */
@ExtendWith(VertxExtension.class)
class FoundationTest {

  private static TestNode node;
  private static String adminKey;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of());
    int admin = node.makeUser("founder", true);
    adminKey = node.makeKey(admin, "client", null);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void healthAnswersWhenTheDatabaseIsUp() {
    Http.Response r = node.http.get("/health", null);
    assertEquals(200, r.status(), r.toString());
    assertEquals("up", r.json().getString("database"));
    assertEquals(200, node.http.get("/health/live", null).status());
  }

  @Test
  void migrationsRanFromAnEmptyDatabase() throws Exception {
    try (Connection c = TestPostgres.connect(node.databaseName()); Statement st = c.createStatement()) {
      ResultSet rs = st.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success");
      rs.next();
      assertTrue(rs.getInt(1) >= 2, "migrations applied");
      for (String table : new String[] {"users", "api_keys", "activity_logs"}) {
        ResultSet t = st.executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL");
        t.next();
        assertTrue(t.getBoolean(1), table + " exists");
      }
    }
  }

  @Test
  void missingKeyIs401InTheEnvelope() {
    Http.Response r = node.http.get("/api/application/users", null);
    assertEquals(401, r.status());
    assertEquals("application/json", r.header("content-type"));
    JsonObject e = r.error();
    assertEquals("AuthenticationException", e.getString("code"));
    assertEquals("401", e.getString("status"));
    assertEquals("Unauthenticated.", e.getString("detail"));
  }

  @Test
  void unknownRouteIs404Json() {
    Http.Response r = node.http.get("/api/application/nothing-here", adminKey);
    assertEquals(404, r.status());
    assertEquals("NotFoundHttpException", r.error().getString("code"));
    assertEquals("The route api/application/nothing-here could not be found.", r.error().getString("detail"));
  }

  @Test
  void wrongMethodIs405Json() {
    Http.Response r = node.http.request("PUT", "/api/client/account").key(adminKey).send();
    assertEquals(405, r.status());
    assertEquals("MethodNotAllowedHttpException", r.error().getString("code"));
    assertEquals("405", r.error().getString("status"));
  }

  @Test
  void malformedJsonIs400() {
    Http.Response r = node.http.request("POST", "/api/client/account/api-keys").key(adminKey)
        .body("{\"description\": ", "application/json").send();
    assertEquals(400, r.status());
    assertEquals("BadRequestHttpException", r.error().getString("code"));
    assertEquals("The JSON data passed in the request appears to be malformed: Syntax error", r.error().getString("detail"));
  }

  @Test
  void nonJsonBodyIs415() {
    Http.Response r = node.http.request("POST", "/api/client/account/api-keys").key(adminKey)
        .body("description=hello", "application/x-www-form-urlencoded").send();
    assertEquals(415, r.status());
    assertEquals("415", r.error().getString("status"));
  }

  @Test
  void jsonWithCharsetAndVendorAcceptAreFine() {
    Http.Response r = node.http.request("POST", "/api/client/account/api-keys").key(adminKey)
        .header("Accept", "Application/vnd.pterodactyl.v1+json")
        .body("{\"description\":\"charset\"}", "application/json; charset=utf8").send();
    assertEquals(200, r.status(), r.toString());
  }

  @Test
  void acceptWithoutJsonIs406ButStillJson() {
    Http.Response r = node.http.request("GET", "/api/client/account").key(adminKey).header("Accept", "text/html").send();
    assertEquals(406, r.status());
    assertEquals("406", r.error().getString("status"));
    assertEquals(200, node.http.request("GET", "/api/client/account").key(adminKey)
        .header("Accept", "application/json, text/plain, */*").send().status());
  }

  @Test
  void validationIs422WithSourceFieldAndRule() {
    Http.Response r = node.http.post("/api/client/account/api-keys", adminKey, new JsonObject().put("description", ""));
    assertEquals(422, r.status());
    JsonObject e = r.error();
    assertEquals("ValidationException", e.getString("code"));
    assertEquals("description", e.getJsonObject("meta").getString("source_field"));
    assertEquals("required", e.getJsonObject("meta").getString("rule"));
    assertEquals("The description field is required.", e.getString("detail"));
  }

  @Test
  void bodyOverTheLimitIs413() {
    String big = "{\"description\":\"" + "x".repeat(1_100_000) + "\"}";
    Http.Response r = node.http.request("POST", "/api/client/account/api-keys").key(adminKey).body(big, "application/json").send();
    assertEquals(413, r.status());
    assertEquals("413", r.error().getString("status"));
  }

  @Test
  void brokenSchemaIs500WithoutLeakingTheCause() throws Exception {
    try (TestNode broken = TestNode.start(Map.of())) {
      int admin = broken.makeUser("breaker", true);
      String key = broken.makeKey(admin, "application", new JsonObject().put("permissions", new JsonObject().put("users", 1)));
      try (Connection c = TestPostgres.connect(broken.databaseName()); Statement st = c.createStatement()) {
        st.execute("ALTER TABLE users RENAME COLUMN name_first TO given_name");
      }
      Http.Response r = broken.http.get("/api/application/users", key);
      assertEquals(500, r.status(), r.toString());
      JsonObject e = r.error();
      assertEquals("500", e.getString("status"));
      assertEquals("An unexpected error was encountered while processing this request, please try again.", e.getString("detail"));
      assertFalse(r.body().contains("name_first"), "no SQL detail in the response");
      assertFalse(r.body().contains("Exception:"), "no stack trace in the response");
    }
  }

  /** A persistence stand-in that takes requests and never answers. */
  static final class SilentVerticle extends VerticleBase {
    @Override
    public Future<?> start() {
      return vertx.eventBus().consumer(Addresses.DB_PING, msg -> { }).completion();
    }
  }

  @Test
  void aVerticleThatNeverRepliesIs503() {
    try (TestNode slow = TestNode.start(Map.of("bus-timeout-ms", "500"))) {
      Vertx vertx = slow.vertx;
      vertx.undeploy(slow.persistenceDeployment()).await();
      Http.Response gone = slow.http.get("/health", null);
      assertEquals(503, gone.status(), gone.toString());
      assertEquals("ServiceUnavailableHttpException", gone.error().getString("code"));
      vertx.deployVerticle(new SilentVerticle()).await();
      long started = System.nanoTime();
      Http.Response silent = slow.http.get("/health", null);
      long tookMs = (System.nanoTime() - started) / 1_000_000;
      assertEquals(503, silent.status(), silent.toString());
      assertTrue(tookMs >= 400, "answered after the bus timeout, took " + tookMs + " ms");
    }
  }

  @Test
  void databaseOutageIs503ThenRecoversWithoutRestart(Vertx vertx) throws Exception {
    var server = TestPostgres.server();
    try (ToggleProxy proxy = ToggleProxy.start(vertx, server.getHost(), server.getPort())) {
      String name = TestPostgres.databaseOf(TestPostgres.newDatabaseUri());
      String uri = TestPostgres.uri("127.0.0.1", proxy.port(), name);
      try (TestNode viaProxy = TestNode.start(uri, Map.of("db.connect-timeout-ms", "1000", "bus-timeout-ms", "3000"))) {
        assertEquals(200, viaProxy.http.get("/health", null).status());
        int admin = viaProxy.makeUser("outage", true);
        String key = viaProxy.makeKey(admin, "client", null);
        assertEquals(200, viaProxy.http.get("/api/client/account", key).status());

        proxy.cut();
        Http.Response down = viaProxy.http.get("/health", null);
        assertEquals(503, down.status(), down.toString());
        assertEquals("ServiceUnavailableHttpException", down.error().getString("code"));
        // a cached key keeps working while the database is away: it needs no query
        assertEquals(200, viaProxy.http.get("/api/client/account", key).status());
        // an uncached lookup is a 503, never a 401 in disguise
        Http.Response unknown = viaProxy.http.get("/api/client/account", "ptlc_" + "A".repeat(48));
        assertEquals(503, unknown.status(), unknown.toString());

        proxy.restore();
        long deadline = System.currentTimeMillis() + 15_000;
        int status = 0;
        while (System.currentTimeMillis() < deadline && status != 200) {
          status = viaProxy.http.get("/health", null).status();
          if (status != 200) {
            Thread.sleep(200);
          }
        }
        assertEquals(200, status, "recovered without a restart");
        Http.Response again = viaProxy.http.get("/api/client/account", "ptlc_" + "B".repeat(48));
        assertEquals(401, again.status(), "lookups work again: " + again);
      }
    }
  }

  @Test
  void secretNeverAppearsInResponsesOtherThanCreation() {
    Http.Response created = node.http.post("/api/client/account/api-keys", adminKey, new JsonObject().put("description", "once"));
    assertEquals(200, created.status());
    String token = created.json().getJsonObject("meta").getString("secret_token");
    assertNotNull(token);
    dev.talon.support.LogCapture.rememberSecret(token);
    Http.Response list = node.http.get("/api/client/account/api-keys", adminKey);
    assertFalse(list.body().contains(token));
  }
}
