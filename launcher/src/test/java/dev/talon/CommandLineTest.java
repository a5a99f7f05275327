package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.launcher.Talon;
import dev.talon.support.LogCapture;
import dev.talon.support.TestNode;
import dev.talon.support.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code talon user:make|key:make|key:revoke|migrate} run in-process against the database of a
 * running node, with the node's secret: what they do takes effect on that node at once.
 */
class CommandLineTest {

  private static TestNode node;

  record Run(int exit, String out, String err) {
  }

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static Run talon(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--set");
    all.add("db.uri=" + node.dbUri);
    all.add("--set");
    all.add("secret=" + node.config.getString("secret"));
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int exit = Talon.execute(all.toArray(new String[0]));
      return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void userMakeCreatesAUserWithABcryptHash() throws Exception {
    Run run = talon("user:make", "--email", "ada@example.com", "--username", "Ada", "--password", "s3cret-pass",
        "--first-name", "Ada", "--last-name", "Lovelace");
    assertEquals(0, run.exit(), run.err());
    int id = Integer.parseInt(run.out().strip());
    try (Connection c = TestPostgres.connect(node.databaseName());
         PreparedStatement st = c.prepareStatement("SELECT username, password, root_admin FROM users WHERE id = ?")) {
      st.setInt(1, id);
      ResultSet rs = st.executeQuery();
      assertTrue(rs.next());
      assertEquals("ada", rs.getString(1), "usernames are stored lower-cased");
      assertTrue(rs.getString(2).startsWith("$2y$10$"), "bcrypt in Pterodactyl's $2y$ form");
      assertTrue(!rs.getBoolean(3));
    }
  }

  @Test
  void duplicateUsernameOrEmailIsOneClearLine() {
    assertEquals(0, talon("user:make", "--email", "bob@example.com", "--username", "bob", "--password", "pw-bob-123").exit());
    Run sameName = talon("user:make", "--email", "other@example.com", "--username", "BOB", "--password", "x");
    assertNotEquals(0, sameName.exit());
    assertEquals("error: The username has already been taken.", sameName.err().strip());
    Run sameEmail = talon("user:make", "--email", "Bob@Example.com", "--username", "bobby", "--password", "x");
    assertNotEquals(0, sameEmail.exit());
    assertEquals("error: The email has already been taken.", sameEmail.err().strip());
  }

  @Test
  void badInputIsRefused() {
    Run badEmail = talon("user:make", "--email", "not-an-email", "--username", "carol", "--password", "x");
    assertNotEquals(0, badEmail.exit());
    assertEquals("error: The email must be a valid email address.", badEmail.err().strip());
    Run badName = talon("user:make", "--email", "c@example.com", "--username", "-c-", "--password", "x");
    assertNotEquals(0, badName.exit());
    assertTrue(badName.err().startsWith("error: The username must start and end"), badName.err());
    Run missing = talon("user:make", "--email", "d@example.com");
    assertNotEquals(0, missing.exit());
  }

  @Test
  void keyMakePrintsAWorkingKeyAloneOnStdout() {
    Run admin = talon("user:make", "--email", "root@example.com", "--username", "root", "--password", "pw-root-123", "--admin");
    assertEquals(0, admin.exit(), admin.err());
    Run made = talon("key:make", "--user", "root", "--type", "application", "--description", "seed",
        "--permissions", "users=1");
    assertEquals(0, made.exit(), made.err());
    String key = made.out().strip();
    LogCapture.rememberSecret(key);
    assertEquals(53, key.length());
    assertTrue(key.matches("ptla_[A-Za-z0-9]{48}"), key);
    assertEquals(made.out(), key + System.lineSeparator(), "the key alone on stdout");
    // the seed's curl headers, against the running node, at once
    var response = node.http.request("GET", "/api/application/users").key(key)
        .header("Accept", "application/json").header("Content-Type", "application/json").send();
    assertEquals(200, response.status(), response.toString());

    Run revoked = talon("key:revoke", key.substring(0, 21));
    assertEquals(0, revoked.exit(), revoked.err());
    // another process: the running node hears of it through PostgreSQL NOTIFY
    long started = System.nanoTime();
    int status = node.http.get("/api/application/users", key).status();
    while (status != 401 && System.nanoTime() - started < 1_000_000_000L) {
      status = node.http.get("/api/application/users", key).status();
    }
    assertEquals(401, status, "revoked from another process");
    System.out.printf("key:revoke took effect on the running node after %.1f ms%n", (System.nanoTime() - started) / 1e6);
  }

  @Test
  void applicationKeysAreForRootAdminsOnly() {
    assertEquals(0, talon("user:make", "--email", "plain@example.com", "--username", "plain", "--password", "pw-plain-1").exit());
    Run refused = talon("key:make", "--user", "plain", "--type", "application", "--description", "nope");
    assertNotEquals(0, refused.exit());
    assertEquals("error: Application keys can only be created for root administrators.", refused.err().strip());
    Run client = talon("key:make", "--user", "plain", "--type", "client", "--description", "ok",
        "--allowed-ips", "127.0.0.1,::1", "--expires-at", "2099-01-01T00:00:00Z");
    assertEquals(0, client.exit(), client.err());
    LogCapture.rememberSecret(client.out().strip());
    assertEquals(200, node.http.get("/api/client/account", client.out().strip()).status());
  }

  @Test
  void migrateIsIdempotent() {
    Run run = talon("migrate");
    assertEquals(0, run.exit(), run.err());
    assertEquals("Database is up to date.", run.out().strip());
  }
}
