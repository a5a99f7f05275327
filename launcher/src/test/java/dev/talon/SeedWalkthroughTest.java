package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.support.TestNode;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/seed-walkthrough.sh}, the seed's story told with curl, run against a fresh node: the
 * script checks every response's status and shape itself and exits non-zero on the first mismatch.
 */
class SeedWalkthroughTest {

  @Test
  void theSeedsStoryWorksOnAFreshInstall() throws IOException, InterruptedException {
    Path script = Path.of("..", "examples", "seed-walkthrough.sh").toAbsolutePath().normalize();
    assertTrue(Files.isRegularFile(script), "missing " + script);
    try (TestNode node = TestNode.start(Map.of())) {
      int admin = node.makeUser("admin", true);
      assertEquals(1, admin, "the seed's body names user 1");
      String key = node.makeKey(admin, "application", new JsonObject().put("permissions", new JsonObject()
          .put("users", 3).put("nodes", 3).put("allocations", 3).put("servers", 3).put("locations", 3)
          .put("nests", 3).put("eggs", 3).put("database_hosts", 3).put("server_databases", 3)));
      ProcessBuilder walk = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
      walk.environment().put("TALON_URL", node.baseUrl);
      walk.environment().put("TALON_APP_KEY", key);
      Process process = walk.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the walkthrough did not finish");
      assertEquals(0, process.exitValue(), output);
      assertTrue(output.contains("Done: the seed's story works on this install"), output);
    }
  }
}
