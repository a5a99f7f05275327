package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.talon.support.Http;
import dev.talon.support.Sql;
import dev.talon.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/application/nests} and their eggs: the default data a fresh install gets (the ids a
 * fresh Pterodactyl has), shapes, levels, scoping and includes.
 */
class NestsAndEggsTest {

  private static final String NESTS = "/api/application/nests";
  private static final List<List<String>> DEFAULT_EGGS = List.of(
      List.of("Bungeecord", "Forge Minecraft", "Paper", "Sponge (SpongeVanilla)", "Vanilla Minecraft"),
      List.of("Ark: Survival Evolved", "Counter-Strike: Global Offensive", "Custom Source Engine Game", "Garrys Mod",
          "Insurgency", "Team Fortress 2"),
      List.of("Mumble Server", "Teamspeak3 Server"),
      List.of("Rust"));
  private static final Pattern ISO_MICRO = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
  private static final Pattern ATOM = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00");

  private static TestNode node;
  private static String full;
  private static String none;
  private static String nestsOnly;
  private static String eggsOnly;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("rate-limit.application", "100000"));
    int admin = node.makeUser("nester", true);
    full = key(admin, 3, 3);
    none = key(admin, 0, 0);
    nestsOnly = key(admin, 1, 0);
    eggsOnly = key(admin, 0, 1);
  }

  private static String key(int user, int nests, int eggs) {
    return node.makeKey(user, "application",
        new JsonObject().put("permissions", new JsonObject().put("nests", nests).put("eggs", eggs)));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static JsonObject ok(String path, String key) {
    Http.Response r = node.http.get(path, key);
    assertEquals(200, r.status(), path + " " + r);
    return r.json();
  }

  private static List<Integer> ids(JsonArray data) {
    List<Integer> ids = new ArrayList<>();
    data.forEach(e -> ids.add(((JsonObject) e).getJsonObject("attributes").getInteger("id")));
    return ids;
  }

  private static List<String> names(JsonArray data) {
    List<String> names = new ArrayList<>();
    data.forEach(e -> names.add(((JsonObject) e).getJsonObject("attributes").getString("name")));
    return names;
  }

  @Test
  void freshInstallHasPterodactylsNestsAndEggIds() {
    JsonObject list = ok(NESTS, full);
    assertEquals(List.of(1, 2, 3, 4), ids(list.getJsonArray("data")));
    assertEquals(List.of("Minecraft", "Source Engine", "Voice Servers", "Rust"), names(list.getJsonArray("data")));
    assertEquals(4, list.getJsonObject("meta").getJsonObject("pagination").getInteger("total"));

    int next = 1;
    for (int nest = 1; nest <= 4; nest++) {
      JsonObject eggs = ok(NESTS + "/" + nest + "/eggs", full);
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < DEFAULT_EGGS.get(nest - 1).size(); i++) {
        expected.add(next++);
      }
      assertEquals(expected, ids(eggs.getJsonArray("data")), "egg ids of nest " + nest);
      assertEquals(DEFAULT_EGGS.get(nest - 1), names(eggs.getJsonArray("data")));
      assertEquals("list", eggs.getString("object"));
      assertFalse(eggs.containsKey("meta"), "the eggs of a nest are not paginated");
    }
  }

  @Test
  void eggOneIsBungeecordWithItsTwoVariables() {
    JsonObject egg = ok(NESTS + "/1/eggs/1?include=variables", full);
    assertEquals("egg", egg.getString("object"));
    JsonObject a = egg.getJsonObject("attributes");
    assertEquals("Bungeecord", a.getString("name"));
    JsonArray variables = a.getJsonObject("relationships").getJsonObject("variables").getJsonArray("data");
    assertEquals(2, variables.size());
    JsonObject version = variables.getJsonObject(0);
    assertEquals("egg_variable", version.getString("object"));
    JsonObject v = version.getJsonObject("attributes");
    assertEquals(List.of("id", "egg_id", "name", "description", "env_variable", "default_value", "user_viewable",
        "user_editable", "rules", "created_at", "updated_at"), List.copyOf(v.fieldNames()));
    assertEquals("BUNGEE_VERSION", v.getString("env_variable"));
    assertEquals("latest", v.getString("default_value"));
    assertEquals(1, v.getInteger("egg_id"));
    assertTrue(ISO_MICRO.matcher(v.getString("created_at")).matches(), v.getString("created_at"));
    JsonObject jar = variables.getJsonObject(1).getJsonObject("attributes");
    assertEquals("SERVER_JARFILE", jar.getString("env_variable"));
    assertEquals("bungeecord.jar", jar.getString("default_value"));
  }

  @Test
  void eggAndNestShapes() {
    JsonObject nest = ok(NESTS + "/2", full);
    assertEquals("nest", nest.getString("object"));
    JsonObject n = nest.getJsonObject("attributes");
    assertEquals(List.of("id", "uuid", "author", "name", "description", "created_at", "updated_at"),
        List.copyOf(n.fieldNames()));
    assertEquals("Source Engine", n.getString("name"));
    assertTrue(ATOM.matcher(n.getString("created_at")).matches());

    JsonObject a = ok(NESTS + "/1/eggs/3", full).getJsonObject("attributes");
    assertEquals(List.of("id", "uuid", "name", "nest", "author", "description", "docker_image", "docker_images",
        "config", "startup", "script", "created_at", "updated_at"), List.copyOf(a.fieldNames()));
    assertEquals(1, a.getInteger("nest"));
    JsonObject images = a.getJsonObject("docker_images");
    assertEquals(4, images.size());
    assertEquals(images.iterator().next().getValue(), a.getString("docker_image"), "the first image");
    JsonObject config = a.getJsonObject("config");
    assertEquals(List.of("files", "startup", "stop", "logs", "file_denylist", "extends"), List.copyOf(config.fieldNames()));
    assertEquals("properties", config.getJsonObject("files").getJsonObject("server.properties").getString("parser"));
    assertEquals(")! For help, type ", config.getJsonObject("startup").getString("done"));
    assertEquals("stop", config.getString("stop"));
    assertEquals(new JsonArray(), config.getValue("logs"), "PHP decodes an empty object as an empty array");
    assertEquals(new JsonArray(), config.getJsonArray("file_denylist"));
    assertNull(config.getValue("extends"));
    assertTrue(a.getString("startup").contains("{{SERVER_JARFILE}}"));
    JsonObject script = a.getJsonObject("script");
    assertEquals(List.of("privileged", "install", "entry", "container", "extends"), List.copyOf(script.fieldNames()));
    assertEquals(true, script.getBoolean("privileged"));
    assertTrue(script.getString("install").startsWith("#!/bin/ash"));
    assertEquals("ash", script.getString("entry"));

    JsonObject rust = ok(NESTS + "/4/eggs/14", full).getJsonObject("attributes");
    assertEquals(new JsonObject(), rust.getJsonObject("config").getJsonObject("files"), "no files: {}");
    assertEquals("ghcr.io/pterodactyl/games:rust", rust.getString("docker_image"));
  }

  @Test
  void everyDefaultVariableAcceptsItsOwnDefault() {
    int checked = 0;
    for (int nest = 1; nest <= 4; nest++) {
      for (Object e : ok(NESTS + "/" + nest + "/eggs?include=variables", full).getJsonArray("data")) {
        JsonObject egg = ((JsonObject) e).getJsonObject("attributes");
        for (Object v : egg.getJsonObject("relationships").getJsonObject("variables").getJsonArray("data")) {
          JsonObject variable = ((JsonObject) v).getJsonObject("attributes");
          String failed = LaravelRules.firstFailure(variable.getString("rules"), variable.getString("default_value"));
          assertNull(failed, egg.getString("name") + " " + variable.getString("env_variable") + ": default "
              + variable.getString("default_value") + " fails " + failed);
          checked++;
        }
      }
    }
    assertTrue(checked > 50, "checked " + checked);
    assertEquals("size", LaravelRules.firstFailure("nullable|alpha_num|size:32", "abc"), "the checker can fail");
    assertEquals("required", LaravelRules.firstFailure("required|string", ""));
  }

  @Test
  void nestListIgnoresFiltersAndSortsAndPages() {
    JsonObject filtered = ok(NESTS + "?filter[name]=Rust&sort=-id", full);
    assertEquals(List.of(1, 2, 3, 4), ids(filtered.getJsonArray("data")), "Pterodactyl ignores both here");
    JsonObject page = ok(NESTS + "?per_page=3&page=2", full);
    assertEquals(List.of(4), ids(page.getJsonArray("data")));
    JsonObject pagination = page.getJsonObject("meta").getJsonObject("pagination");
    assertEquals(2, pagination.getInteger("total_pages"));
    assertTrue(pagination.getJsonObject("links").getString("previous").endsWith(NESTS + "?page=1"));
  }

  @Test
  void levelsGuardEveryRoute() {
    for (String path : List.of(NESTS, NESTS + "/1")) {
      assertEquals(200, node.http.get(path, full).status(), path);
      assertEquals(200, node.http.get(path, nestsOnly).status(), path + " needs Read on nests");
      assertEquals(403, node.http.get(path, eggsOnly).status(), path + " with nests at 0");
      Http.Response refused = node.http.get(path, none);
      assertEquals(403, refused.status(), path);
      assertEquals("This action is unauthorized.", refused.error().getString("detail"));
    }
    for (String path : List.of(NESTS + "/1/eggs", NESTS + "/1/eggs/1")) {
      assertEquals(200, node.http.get(path, full).status(), path);
      assertEquals(200, node.http.get(path, eggsOnly).status(), path + " needs Read on eggs");
      assertEquals(403, node.http.get(path, nestsOnly).status(), path + " with eggs at 0");
      assertEquals(403, node.http.get(path, none).status(), path);
    }
  }

  @Test
  void unknownRecordsAndEggsOfAnotherNestAre404() {
    for (String path : List.of(NESTS + "/99", NESTS + "/abc", NESTS + "/99/eggs", NESTS + "/99/eggs/1",
        NESTS + "/2/eggs/1", NESTS + "/1/eggs/999", NESTS + "/1/eggs/x")) {
      Http.Response r = node.http.get(path, full);
      assertEquals(404, r.status(), path + " " + r);
      assertEquals("NotFoundHttpException", r.error().getString("code"));
    }
  }

  @Test
  void includesNeedReadOnTheirResource() {
    JsonObject withEggs = ok(NESTS + "/3?include=eggs", full).getJsonObject("attributes");
    JsonObject eggs = withEggs.getJsonObject("relationships").getJsonObject("eggs");
    assertEquals("list", eggs.getString("object"));
    assertEquals(List.of(12, 13), ids(eggs.getJsonArray("data")));
    assertEquals("egg", eggs.getJsonArray("data").getJsonObject(0).getString("object"));

    JsonObject denied = ok(NESTS + "/3?include=eggs", nestsOnly).getJsonObject("attributes");
    assertEquals(new JsonObject().put("object", "null_resource").putNull("attributes"),
        denied.getJsonObject("relationships").getJsonObject("eggs"));

    JsonObject egg = ok(NESTS + "/4/eggs/14?include=nest,variables", full).getJsonObject("attributes");
    JsonObject nest = egg.getJsonObject("relationships").getJsonObject("nest");
    assertEquals("nest", nest.getString("object"));
    assertEquals("Rust", nest.getJsonObject("attributes").getString("name"));
    assertTrue(egg.getJsonObject("relationships").getJsonObject("variables").getJsonArray("data").size() > 5);

    JsonObject noNest = ok(NESTS + "/4/eggs/14?include=nest,variables", eggsOnly).getJsonObject("attributes");
    assertEquals("null_resource", noNest.getJsonObject("relationships").getJsonObject("nest").getString("object"));
    assertEquals("list", noNest.getJsonObject("relationships").getJsonObject("variables").getString("object"));

    JsonObject nested = ok(NESTS + "/3?include=eggs.variables", full).getJsonObject("attributes");
    JsonObject mumble = nested.getJsonObject("relationships").getJsonObject("eggs").getJsonArray("data")
        .getJsonObject(0).getJsonObject("attributes");
    assertEquals("MAX_USERS", mumble.getJsonObject("relationships").getJsonObject("variables").getJsonArray("data")
        .getJsonObject(0).getJsonObject("attributes").getString("env_variable"));
  }

  @Test
  void configAndScriptIncludesResolveThroughTheEggExtended() {
    JsonObject plain = ok(NESTS + "/4/eggs/14?include=config,script", full).getJsonObject("attributes")
        .getJsonObject("relationships");
    JsonObject nullResource = new JsonObject().put("object", "null_resource").putNull("attributes");
    assertEquals(nullResource, plain.getJsonObject("config"), "an egg that extends nothing");
    assertEquals(nullResource, plain.getJsonObject("script"));

    int nest = ((Number) Sql.value(node, "INSERT INTO nests (uuid, author, name) VALUES (gen_random_uuid(), "
        + "'a@example.com', 'Derived') RETURNING id")).intValue();
    int child = ((Number) Sql.value(node, "INSERT INTO eggs (uuid, nest_id, author, name, config_from, copy_script_from, "
        + "config_stop, startup) VALUES (gen_random_uuid(), ?, 'a@example.com', 'Rust child', 14, 14, 'own-stop', "
        + "'./run') RETURNING id", nest)).intValue();
    JsonObject egg = ok(NESTS + "/" + nest + "/eggs/" + child + "?include=config,script", full).getJsonObject("attributes");
    assertEquals(14, egg.getJsonObject("config").getInteger("extends"));
    assertEquals(new JsonObject(), egg.getJsonObject("config").getJsonObject("files"), "its own null files: {}");
    JsonObject config = egg.getJsonObject("relationships").getJsonObject("config");
    assertTrue(config.containsKey("object"));
    assertNull(config.getValue("object"), "an anonymous item: object null");
    JsonObject c = config.getJsonObject("attributes");
    assertEquals(List.of("files", "startup", "stop", "logs"), List.copyOf(c.fieldNames()));
    assertEquals("own-stop", c.getString("stop"), "the egg's own value wins");
    assertEquals("Server startup complete", c.getJsonObject("startup").getString("done"), "inherited");
    assertEquals(new JsonObject(), c.getJsonObject("logs"), "decoded as objects here");
    JsonObject s = egg.getJsonObject("relationships").getJsonObject("script").getJsonObject("attributes");
    assertEquals(List.of("privileged", "install", "entry", "container"), List.copyOf(s.fieldNames()));
    assertTrue(s.getString("install").contains("steamcmd"), "the script of the egg copied from");
    assertEquals("ash", s.getString("entry"), "its own entry (never null)");
  }

  /** Laravel's validation of one value against a rule string, for the rules Talon's eggs use. */
  static final class LaravelRules {

    private LaravelRules() {
    }

    /** The first failing rule's name, or null when the value passes. */
    static String firstFailure(String rules, String value) {
      List<String> list = Arrays.asList(rules.split("\\|"));
      boolean numeric = list.contains("integer") || list.contains("numeric");
      if (value == null || value.isEmpty()) {
        return list.contains("required") ? "required" : null;
      }
      for (String rule : list) {
        String name = rule.contains(":") ? rule.substring(0, rule.indexOf(':')) : rule;
        String arg = rule.contains(":") ? rule.substring(rule.indexOf(':') + 1) : "";
        double size = numeric && value.matches("-?\\d+(\\.\\d+)?") ? Double.parseDouble(value) : value.length();
        String[] args = arg.split(",");
        boolean passes = switch (name) {
          case "required", "nullable", "string" -> true;
          case "integer" -> value.matches("-?\\d+");
          case "numeric" -> value.matches("-?\\d+(\\.\\d+)?");
          case "alpha_num" -> value.matches("[\\p{L}\\p{M}\\p{N}]+");
          case "alpha_dash" -> value.matches("[\\p{L}\\p{M}\\p{N}_-]+");
          case "max" -> size <= Double.parseDouble(arg);
          case "min" -> size >= Double.parseDouble(arg);
          case "size" -> size == Double.parseDouble(arg);
          case "between" -> size >= Double.parseDouble(args[0]) && size <= Double.parseDouble(args[1]);
          case "digits_between" -> value.matches("\\d+") && value.length() >= Integer.parseInt(args[0])
              && value.length() <= Integer.parseInt(args[1]);
          case "in" -> Arrays.asList(args).contains(value);
          case "regex" -> Pattern.compile(arg.substring(1, arg.lastIndexOf('/'))).matcher(value).find();
          default -> {
            fail("rule " + name + " is not known to this check");
            yield false;
          }
        };
        if (!passes) {
          return name;
        }
      }
      return null;
    }
  }
}
