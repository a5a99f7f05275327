package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.support.Http;
import dev.talon.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/application/locations}: routes, levels, shapes, validation, filters and sorting. */
class LocationsTest {

  private static final String LOCATIONS = "/api/application/locations";
  private static TestNode node;
  private static final String[] KEYS = new String[4];

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of());
    int admin = node.makeUser("geo", true);
    for (int level = 0; level <= 3; level++) {
      KEYS[level] = node.makeKey(admin, "application",
          new JsonObject().put("permissions", new JsonObject().put("locations", level).put("users", 3)));
    }
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static int create(String code, String description) {
    Http.Response r = node.http.post(LOCATIONS, KEYS[3], new JsonObject().put("short", code).put("long", description));
    assertEquals(201, r.status(), r.toString());
    return r.json().getJsonObject("attributes").getInteger("id");
  }

  @Test
  void createViewUpdateDeleteInPterodactylsShape() {
    Http.Response created = node.http.post(LOCATIONS, KEYS[2], new JsonObject().put("short", "de-fra").put("long", "Frankfurt"));
    assertEquals(201, created.status(), created.toString());
    JsonObject body = created.json();
    assertEquals("location", body.getString("object"));
    JsonObject a = body.getJsonObject("attributes");
    assertEquals(List.of("id", "short", "long", "updated_at", "created_at"), List.copyOf(a.fieldNames()));
    int id = a.getInteger("id");
    assertTrue(body.getJsonObject("meta").getString("resource").endsWith(LOCATIONS + "/" + id));

    assertEquals("Frankfurt", node.http.get(LOCATIONS + "/" + id, KEYS[1]).json().getJsonObject("attributes").getString("long"));
    Http.Response updated = node.http.request("PATCH", LOCATIONS + "/" + id).key(KEYS[2])
        .json(new JsonObject().put("short", "de-fra1")).send();
    assertEquals(200, updated.status(), updated.toString());
    assertEquals("de-fra1", updated.json().getJsonObject("attributes").getString("short"));
    assertNull(updated.json().getJsonObject("attributes").getString("long"), "PATCH is not partial: long left out is null");

    assertEquals(403, node.http.delete(LOCATIONS + "/" + id, KEYS[2]).status(), "delete needs level 3");
    Http.Response deleted = node.http.delete(LOCATIONS + "/" + id, KEYS[3]);
    assertEquals(204, deleted.status());
    assertEquals("", deleted.body());
    assertEquals(404, node.http.get(LOCATIONS + "/" + id, KEYS[1]).status());
  }

  @Test
  void levelsGuardEveryMethod() {
    int id = create("lv-1", null);
    assertEquals(403, node.http.get(LOCATIONS, KEYS[0]).status());
    assertEquals(200, node.http.get(LOCATIONS, KEYS[1]).status());
    assertEquals(403, node.http.post(LOCATIONS, KEYS[1], new JsonObject().put("short", "lv-x")).status());
    assertEquals(403, node.http.request("PATCH", LOCATIONS + "/" + id).key(KEYS[1]).json(new JsonObject().put("short", "y")).send().status());
    Http.Response refused = node.http.delete(LOCATIONS + "/" + id, KEYS[1]);
    assertEquals(403, refused.status());
    assertEquals("This action is unauthorized.", refused.error().getString("detail"));
  }

  @Test
  void validationAndUniqueness() {
    Http.Response missing = node.http.post(LOCATIONS, KEYS[3], new JsonObject());
    assertEquals(422, missing.status());
    assertEquals("short", missing.error().getJsonObject("meta").getString("source_field"));
    assertEquals("required", missing.error().getJsonObject("meta").getString("rule"));
    assertEquals("The Location Identifier field is required.", missing.error().getString("detail"));
    Http.Response tooLong = node.http.post(LOCATIONS, KEYS[3], new JsonObject().put("short", "x".repeat(61)).put("long", 5));
    assertEquals(422, tooLong.status());
    JsonArray errors = tooLong.json().getJsonArray("errors");
    assertEquals(2, errors.size(), tooLong.toString());
    assertEquals("between", errors.getJsonObject(0).getJsonObject("meta").getString("rule"));
    assertEquals("long", errors.getJsonObject(1).getJsonObject("meta").getString("source_field"));
    create("uniq", null);
    Http.Response dup = node.http.post(LOCATIONS, KEYS[3], new JsonObject().put("short", "UNIQ"));
    assertEquals(422, dup.status());
    assertEquals("unique", dup.error().getJsonObject("meta").getString("rule"));
    assertEquals(404, node.http.get(LOCATIONS + "/nil", KEYS[1]).status());
  }

  @Test
  void filtersSortAndPages() {
    create("fs-alpha", "First city");
    create("fs-beta", "Second city");
    Http.Response filtered = node.http.get(LOCATIONS + "?filter[short]=FS-AL", KEYS[1]);
    assertEquals(200, filtered.status(), filtered.toString());
    assertEquals(1, filtered.json().getJsonArray("data").size());
    assertEquals(1, node.http.get(LOCATIONS + "?filter[long]=second", KEYS[1]).json().getJsonArray("data").size());
    JsonArray desc = node.http.get(LOCATIONS + "?sort=-id", KEYS[1]).json().getJsonArray("data");
    assertTrue(desc.getJsonObject(0).getJsonObject("attributes").getInteger("id")
        > desc.getJsonObject(desc.size() - 1).getJsonObject("attributes").getInteger("id"));
    Http.Response badFilter = node.http.get(LOCATIONS + "?filter[nope]=1", KEYS[1]);
    assertEquals(400, badFilter.status());
    assertEquals("InvalidFilterQuery", badFilter.error().getString("code"));
    Http.Response badSort = node.http.get(LOCATIONS + "?sort=short", KEYS[1]);
    assertEquals(400, badSort.status());
    assertEquals("InvalidSortQuery", badSort.error().getString("code"));
    JsonObject pagination = node.http.get(LOCATIONS + "?per_page=1&page=2", KEYS[1]).json()
        .getJsonObject("meta").getJsonObject("pagination");
    assertEquals(1, pagination.getInteger("per_page"));
    assertEquals(2, pagination.getInteger("current_page"));
    assertTrue(pagination.getJsonObject("links").containsKey("previous"));
  }
}
