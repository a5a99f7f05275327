package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.support.Http;
import dev.talon.support.Poll;
import dev.talon.support.Sql;
import dev.talon.support.TestNode;
import dev.talon.support.TestPostgres;
import java.io.File;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node killed outright (SIGKILL, its own process) loses nothing a flush had written, the other
 * node keeps serving, and the killed node, started again, rejoins with what changed meanwhile.
 */
class ClusterFailureTest {

  private static final String ACCOUNT = "/api/client/account";

  private static Process startProcess(String dbUri, String secret, String cluster, int port, File log) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        new File(System.getProperty("java.home"), "bin/java").getPath(),
        // the product's logging, not the tests' (whose file appender would overwrite the test log)
        "-Dlogback.configurationFile=" + new File("../conf/logback.xml").getAbsolutePath(),
        "-cp", System.getProperty("java.class.path"), "dev.talon.launcher.Talon", "serve", "--cluster",
        "--port", String.valueOf(port),
        "--set", "db.uri=" + dbUri, "--set", "secret=" + secret, "--set", "cluster.name=" + cluster,
        "--set", "cluster.interface=127.0.0.1", "--set", "cluster.bus-host=127.0.0.1",
        "--set", "http.host=127.0.0.1", "--set", "usage.flush-interval-ms=200"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
    return builder.start();
  }

  private static boolean healthy(Http http) {
    try {
      return http.get("/health", null).status() == 200;
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  @Test
  void aKilledNodeLosesNothingFlushedAndRejoins() throws Exception {
    String cluster = "talon-fail-" + UUID.randomUUID();
    String secret = TestNode.randomSecret();
    String dbUri = TestPostgres.newDatabaseUri();
    TestNode a = TestNode.start(dbUri, Map.of("cluster.enabled", "true", "cluster.name", cluster,
        "cluster.members", "127.0.0.1", "cluster.interface", "127.0.0.1", "cluster.bus-host", "127.0.0.1",
        "secret", secret));
    int port = TestNode.freePort();
    File log = File.createTempFile("talon-killed-node", ".log");
    Process b = null;
    try {
      b = startProcess(dbUri, secret, cluster, port, log);
      Http http = new Http("http://127.0.0.1:" + port);
      assertTrue(Poll.until(90_000, 200, () -> healthy(http)) >= 0, "the second node started");

      int user = a.makeUser("survivor", false);
      String key = a.makeKey(user, "client", null);
      String other = a.makeKey(user, "client", null);
      assertEquals(200, http.get(ACCOUNT, key).status());
      assertTrue(Poll.until(5000, 50, () -> Sql.instant(a, "SELECT last_used_at FROM api_keys WHERE identifier = ?",
          Sql.storedIdentifier(key)) != null) >= 0, "the use on B was flushed");
      Instant flushed = Sql.instant(a, "SELECT last_used_at FROM api_keys WHERE identifier = ?", Sql.storedIdentifier(key));

      b.destroyForcibly();
      assertTrue(b.waitFor(30, TimeUnit.SECONDS), "killed");
      b = null;
      assertEquals(flushed, Sql.instant(a, "SELECT last_used_at FROM api_keys WHERE identifier = ?", Sql.storedIdentifier(key)),
          "what B had flushed is still there");
      assertEquals(200, a.http.get(ACCOUNT, key).status(), "A keeps serving");

      // while B is down the other key is revoked on A; B, started again, must refuse it
      assertEquals(204, a.http.delete(ACCOUNT + "/api-keys/" + other.substring(0, 21), key).status());
      b = startProcess(dbUri, secret, cluster, port, log);
      assertTrue(Poll.until(90_000, 200, () -> healthy(http)) >= 0, "the second node started again");
      assertEquals(401, http.get(ACCOUNT, other).status(), "revoked while it was down");
      Http.Response back = http.get(ACCOUNT, key);
      assertEquals(200, back.status(), back.toString());
      assertNotNull(back.json().getJsonObject("attributes"));
    } finally {
      if (b != null) {
        b.destroyForcibly();
        b.waitFor(30, TimeUnit.SECONDS);
      }
      a.close();
    }
  }
}
