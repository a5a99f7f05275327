package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.contracts.Addresses;
import dev.talon.launcher.Talon;
import dev.talon.support.Http;
import dev.talon.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code talon egg:import FILE [--nest ID]}, run in-process against a running node's database as
 * the command line runs it, and the {@code talon.eggs.import} event-bus operation behind it.
 */
class EggImportTest {

  private static final String NESTS = "/api/application/nests";
  private static final Pattern IMPORTED = Pattern.compile("(Imported|Updated) egg (\\d+) \\((.*)\\) in nest (\\d+)");

  private static TestNode node;
  private static String key;

  @TempDir
  static Path files;

  record Run(int exit, String out, String err) {
  }

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("rate-limit.application", "100000"));
    int admin = node.makeUser("importer", true);
    key = node.makeKey(admin, "application",
        new JsonObject().put("permissions", new JsonObject().put("nests", 1).put("eggs", 1)));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static Run talon(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--set", "db.uri=" + node.dbUri, "--set", "secret=" + node.config.getString("secret")));
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

  private static Path write(String name, String content) throws IOException {
    return Files.writeString(files.resolve(name), content);
  }

  /** Runs the import and answers {created?, id, name, nest}. */
  private static Matcher imported(Path file, String... options) {
    List<String> args = new ArrayList<>(List.of("egg:import", file.toString()));
    args.addAll(List.of(options));
    Run run = talon(args.toArray(new String[0]));
    assertEquals(0, run.exit(), run.err());
    Matcher m = IMPORTED.matcher(run.out().strip());
    assertTrue(m.matches(), run.out());
    return m;
  }

  private static JsonObject egg(int nest, int id) {
    Http.Response r = node.http.get(NESTS + "/" + nest + "/eggs/" + id + "?include=variables", key);
    assertEquals(200, r.status(), r.toString());
    return r.json().getJsonObject("attributes");
  }

  private static List<JsonObject> variables(JsonObject egg) {
    List<JsonObject> out = new ArrayList<>();
    egg.getJsonObject("relationships").getJsonObject("variables").getJsonArray("data")
        .forEach(v -> out.add(((JsonObject) v).getJsonObject("attributes")));
    return out;
  }

  private static int eggCount(int nest) {
    return node.http.get(NESTS + "/" + nest + "/eggs", key).json().getJsonArray("data").size();
  }

  /** A PTDL_v2 export in Pterodactyl's layout (config texts as JSON strings), written for this test. */
  private static JsonObject voiceEgg(String description, JsonArray variables) {
    return new JsonObject()
        .put("_comment", "written for Talon's tests")
        .put("meta", new JsonObject().put("version", "PTDL_v2").putNull("update_url"))
        .put("exported_at", "2024-05-01T10:00:00+00:00")
        .put("uuid", "0b7c4c52-3c1e-4bb4-9d38-9fcb0c1e6a11")
        .put("name", "Echo Voice")
        .put("author", "tests@example.com")
        .put("description", description)
        .put("features", new JsonArray())
        .put("docker_images", new JsonObject().put("Echo 2", "registry.example.com/echo:2")
            .put("Echo 1", "registry.example.com/echo:1"))
        .put("file_denylist", new JsonArray().add("secrets.txt").add(""))
        .put("startup", "./echo --port {{SERVER_PORT}} --slots {{SLOTS}}")
        .put("config", new JsonObject()
            .put("files", "{\n  \"echo.ini\": {\"parser\": \"ini\", \"find\": {\"port\": \"{{server.build.default.port}}\"}}\n}")
            .put("startup", "{\"done\": \"echo ready\"}")
            .put("logs", "{}")
            .put("stop", "^C"))
        .put("scripts", new JsonObject().put("installation", new JsonObject()
            .put("script", "#!/bin/sh\necho installing")
            .put("container", "debian:bookworm-slim")
            .put("entrypoint", "bash")))
        .put("variables", variables);
  }

  private static JsonObject variable(String name, String env, String value, String rules) {
    return new JsonObject().put("name", name).put("description", name + " of the echo server").put("env_variable", env)
        .put("default_value", value).put("user_viewable", true).put("user_editable", false).put("rules", rules)
        .put("field_type", "text");
  }

  @Test
  void importsAPtdlV2EggThenUpdatesItOnReimport() throws IOException {
    int before = eggCount(3);
    JsonArray first = new JsonArray().add(variable("Slots", "SLOTS", "16", "required|integer|between:1,64"))
        .add(variable("Motd", "MOTD", "hello", "nullable|string"));
    Matcher m = imported(write("echo-v2.json", voiceEgg("First cut", first).encodePrettily()), "--nest", "3");
    assertEquals("Imported", m.group(1));
    assertEquals("Echo Voice", m.group(3));
    assertEquals("3", m.group(4));
    int id = Integer.parseInt(m.group(2));
    assertEquals(before + 1, eggCount(3));

    JsonObject egg = egg(3, id);
    assertEquals("0b7c4c52-3c1e-4bb4-9d38-9fcb0c1e6a11", egg.getString("uuid"));
    assertEquals("tests@example.com", egg.getString("author"));
    assertEquals("First cut", egg.getString("description"));
    assertEquals(2, egg.getJsonObject("docker_images").size());
    assertEquals("./echo --port {{SERVER_PORT}} --slots {{SLOTS}}", egg.getString("startup"));
    JsonObject config = egg.getJsonObject("config");
    assertEquals("ini", config.getJsonObject("files").getJsonObject("echo.ini").getString("parser"));
    assertEquals("echo ready", config.getJsonObject("startup").getString("done"));
    assertEquals("^C", config.getString("stop"));
    assertEquals(new JsonArray().add("secrets.txt"), config.getJsonArray("file_denylist"), "empty entries dropped");
    JsonObject script = egg.getJsonObject("script");
    assertEquals("#!/bin/sh\necho installing", script.getString("install"));
    assertEquals("debian:bookworm-slim", script.getString("container"));
    assertEquals("bash", script.getString("entry"));
    List<JsonObject> vars = variables(egg);
    assertEquals(List.of("SLOTS", "MOTD"), vars.stream().map(v -> v.getString("env_variable")).toList());
    assertEquals("16", vars.get(0).getString("default_value"));
    assertEquals("required|integer|between:1,64", vars.get(0).getString("rules"));
    assertEquals(true, vars.get(0).getBoolean("user_viewable"));
    assertEquals(false, vars.get(0).getBoolean("user_editable"));
    int slotsId = vars.get(0).getInteger("id");

    JsonArray second = new JsonArray().add(variable("Slots", "SLOTS", "32", "required|integer|between:1,128"))
        .add(variable("Region", "REGION", "eu", "required|string|max:8"));
    Matcher again = imported(write("echo-v2-b.json", voiceEgg("Second cut", second).encode()));
    assertEquals("Updated", again.group(1));
    assertEquals(String.valueOf(id), again.group(2), "same uuid: the same egg");
    assertEquals("3", again.group(4), "it stays in its nest");
    assertEquals(before + 1, eggCount(3));
    JsonObject updated = egg(3, id);
    assertEquals("Second cut", updated.getString("description"));
    List<JsonObject> now = variables(updated);
    assertEquals(List.of("SLOTS", "REGION"), now.stream().map(v -> v.getString("env_variable")).toList(),
        "MOTD is gone, REGION new");
    assertEquals(slotsId, now.get(0).getInteger("id"), "a kept variable keeps its id (servers keep their values)");
    assertEquals("32", now.get(0).getString("default_value"));

    Run moved = talon("egg:import", files.resolve("echo-v2-b.json").toString(), "--nest", "1");
    assertNotEquals(0, moved.exit());
    assertEquals(1, moved.err().strip().lines().count(), moved.err());
    assertTrue(moved.err().contains("is in nest 3"), moved.err());
  }

  @Test
  void aPtdlV1EggWithoutNestGoesToTheImportedNestAndIsMatchedByAuthorAndName() throws IOException {
    JsonObject v1 = new JsonObject()
        .put("meta", new JsonObject().put("version", "PTDL_v1"))
        .put("name", "Legacy Relay")
        .put("author", "old@example.com")
        .put("description", null)
        .put("images", new JsonArray().add("registry.example.com/relay:latest"))
        .put("startup", "./relay {{SERVER_PORT}}")
        .put("config", new JsonObject().put("files", "{}").put("startup", "{\"done\": \"up\"}").put("logs", "{}")
            .put("stop", "stop"))
        .put("scripts", new JsonObject().put("installation", new JsonObject().putNull("script")))
        .put("variables", new JsonArray().add(new JsonObject().put("name", "Port Offset").put("description", "")
            .put("env_variable", "PORT_OFFSET").put("default_value", 0).put("user_viewable", 1)
            .put("user_editable", 0).put("rules", "required|integer")));
    Path file = write("relay-v1.json", v1.encode());
    Matcher m = imported(file);
    int nest = Integer.parseInt(m.group(4));
    JsonObject imported = node.http.get(NESTS + "/" + nest, key).json().getJsonObject("attributes");
    assertEquals("Imported", imported.getString("name"));
    JsonObject egg = egg(nest, Integer.parseInt(m.group(2)));
    assertEquals(new JsonObject().put("registry.example.com/relay:latest", "registry.example.com/relay:latest"),
        egg.getJsonObject("docker_images"), "v1 images are named after themselves");
    assertNull(egg.getJsonObject("script").getValue("install"));
    assertEquals("alpine:3.4", egg.getJsonObject("script").getString("container"), "Pterodactyl's default");
    JsonObject offset = variables(egg).get(0);
    assertEquals("0", offset.getString("default_value"));
    assertEquals(true, offset.getBoolean("user_viewable"));
    assertEquals(false, offset.getBoolean("user_editable"));

    Matcher again = imported(file);
    assertEquals("Updated", again.group(1), "no uuid: same author and name in the same nest");
    assertEquals(m.group(2), again.group(2));
    assertEquals(m.group(4), again.group(4), "the Imported nest is reused");
  }

  @Test
  void malformedInputIsOneClearLine() throws IOException {
    Map<String, String> expected = Map.of(
        write("broken.json", "{\"meta\": {\"version\": \"PTDL_v2\"},").toString(), "is not a JSON object",
        write("other.json", "{\"meta\": {\"version\": \"PTDL_v9\"}, \"name\": \"x\"}").toString(),
        "The JSON file provided is not in a format that can be recognized.",
        write("invalid.json", new JsonObject().put("meta", new JsonObject().put("version", "PTDL_v2"))
            .put("author", "not-an-email").put("docker_images", new JsonObject())
            .put("config", new JsonObject().put("files", "{oops"))
            .put("variables", new JsonArray().add(new JsonObject().put("name", "Port").put("env_variable", "SERVER_PORT")))
            .encode()).toString(),
        "The name field is required.; The author must be a valid email address.; The egg names no Docker image.; "
            + "The config.files must be a valid JSON string.; The startup field is required.; "
            + "The variables.0.env_variable SERVER_PORT is not a word, or is a name the daemon sets itself.",
        files.resolve("missing.json").toString(), "No file");
    expected.forEach((file, message) -> {
      Run run = talon("egg:import", file);
      assertNotEquals(0, run.exit(), file);
      assertEquals(1, run.err().strip().lines().count(), run.err());
      assertTrue(run.err().startsWith("error: "), run.err());
      assertTrue(run.err().contains(message), run.err());
    });
    Run noNest = talon("egg:import", write("fine.json", voiceEgg("x", new JsonArray()).put("uuid", null)
        .put("name", "Nowhere").encode()).toString(), "--nest", "99");
    assertNotEquals(0, noNest.exit());
    assertTrue(noNest.err().strip().endsWith("No nest 99 exists."), noNest.err());
    assertNotEquals(0, talon("egg:import").exit(), "the file is required");
  }

  @Test
  void theEventBusOperationImportsToo() {
    JsonObject egg = voiceEgg("Over the bus", new JsonArray().add(variable("Slots", "SLOTS", "8", "required|integer")))
        .put("uuid", "5d0f7a43-8f5e-4a35-a2b0-3b1f4f4a0c22").put("name", "Bus Echo");
    JsonObject reply = node.request(Addresses.EGG_IMPORT, new JsonObject().put("egg", egg).put("nest_id", 4));
    assertEquals(true, reply.getBoolean("created"));
    JsonObject attributes = reply.getJsonObject("egg");
    assertEquals("Bus Echo", attributes.getString("name"));
    assertEquals(4, attributes.getInteger("nest"));
    assertEquals("SLOTS", variables(egg(4, attributes.getInteger("id"))).get(0).getString("env_variable"));
  }

  /** Pterodactyl's own exports (third-party fixtures, read in place): every one parses and imports. */
  @Test
  void everyPterodactylEggFixtureImports() throws IOException {
    Path fixtures = fixtures();
    Assumptions.assumeTrue(fixtures != null, "Pterodactyl's egg exports were not found (set TALON_EGG_FIXTURES to "
        + "their folder, or keep shared/data/pterodactyl-eggs beside the project): fixture import not run");
    Map<String, Integer> nests = Map.of("minecraft", 1, "source-engine", 2, "voice-servers", 3, "rust", 4);
    List<Path> eggs;
    try (Stream<Path> all = Files.walk(fixtures)) {
      eggs = all.filter(p -> p.getFileName().toString().startsWith("egg-") && p.toString().endsWith(".json"))
          .sorted().toList();
    }
    assertTrue(eggs.size() >= 10, "fixtures found: " + eggs);
    for (Path file : eggs) {
      int nest = nests.get(file.getParent().getFileName().toString());
      JsonObject export = new JsonObject(Files.readString(file));
      Matcher m = imported(file, "--nest", String.valueOf(nest));
      assertEquals("Imported", m.group(1), file.toString());
      JsonObject egg = egg(nest, Integer.parseInt(m.group(2)));
      assertEquals(export.getString("name"), egg.getString("name"));
      assertEquals(export.getString("startup").strip(), egg.getString("startup"), file.toString());
      JsonObject images = export.getJsonObject("docker_images");
      int imageCount = images != null ? images.size() : export.getJsonArray("images").size();
      assertEquals(imageCount, egg.getJsonObject("docker_images").size(), file.toString());
      List<String> expectedVariables = new ArrayList<>();
      export.getJsonArray("variables").forEach(v -> expectedVariables.add(((JsonObject) v).getString("env_variable")));
      assertEquals(expectedVariables, variables(egg).stream().map(v -> v.getString("env_variable")).toList(),
          file.toString());
      Matcher again = imported(file, "--nest", String.valueOf(nest));
      assertEquals("Updated", again.group(1), file + ": matched by author and name");
      assertEquals(m.group(2), again.group(2));
    }
  }

  private static Path fixtures() {
    String configured = System.getenv("TALON_EGG_FIXTURES");
    if (configured != null && !configured.isBlank()) {
      return Files.isDirectory(Path.of(configured)) ? Path.of(configured) : null;
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/data/pterodactyl-eggs");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
