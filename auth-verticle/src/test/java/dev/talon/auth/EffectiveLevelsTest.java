package dev.talon.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.talon.contracts.Resource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The levels a verified key's context carries, for the HTTP layer and for other verticles alike. */
class EffectiveLevelsTest {

  private static JsonObject levels(int keyType, boolean rootAdmin) {
    JsonObject stored = new JsonObject();
    for (Resource r : Resource.values()) {
      stored.put(r.jsonName(), 2);
    }
    return CachedKey.fromRow(new JsonObject().put("identifier", "AbCdEfGhIjKlMnOp").put("key_type", keyType)
        .put("token_hash", Base64.getEncoder().encodeToString(new byte[32]))
        .put("allowed_ips", new JsonArray()).put("permissions", stored)
        .put("user", new JsonObject().put("id", 7).put("root_admin", rootAdmin))).context().getJsonObject("permissions");
  }

  private static void assertAll(JsonObject levels, int expected, String what) {
    for (Resource r : Resource.values()) {
      assertEquals(expected, levels.getInteger(r.jsonName()), what + ": " + r.jsonName());
    }
  }

  @Test
  void aRootAdminsApplicationKeyCarriesItsStoredLevels() {
    assertAll(levels(2, true), 2, "application key of a root admin");
  }

  @Test
  void anApplicationKeyOfADemotedAdminGrantsNothing() {
    assertAll(levels(2, false), Resource.NONE, "application key of a user who is no root admin");
  }

  @Test
  void aRootAdminsClientKeyHasFullApplicationAccessAndAnyOtherNone() {
    assertAll(levels(1, true), Resource.DELETE, "client key of a root admin");
    assertAll(levels(1, false), Resource.NONE, "client key of a user");
  }
}
