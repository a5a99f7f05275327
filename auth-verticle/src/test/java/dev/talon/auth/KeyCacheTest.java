package dev.talon.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The cache's rules for loads that race with change notices. */
class KeyCacheTest {

  private static final String ID = "AbCdEfGhIjKlMnOp";

  private static KeyCache cache() {
    return new KeyCache(100, Duration.ofMinutes(1), 100, Duration.ofSeconds(5));
  }

  private static CachedKey key() {
    return CachedKey.fromRow(new JsonObject().put("identifier", ID).put("key_type", 1)
        .put("token_hash", Base64.getEncoder().encodeToString(new byte[32]))
        .put("allowed_ips", new JsonArray()).put("permissions", new JsonObject())
        .put("user", new JsonObject().put("id", 7).put("root_admin", false)));
  }

  @Test
  void aCreatedNoticeDuringTheFirstLoadKeepsTheVerifiedKey() {
    KeyCache cache = cache();
    long generation = cache.generation();
    cache.forgetUnknown(ID);
    cache.putIfCurrent(ID, key(), generation);
    assertNotNull(cache.get(ID), "the key's first verification was thrown away");
  }

  @Test
  void aLoadThatReadUnknownBeforeTheKeyWasCreatedIsNotRemembered() {
    KeyCache cache = cache();
    long generation = cache.generation();
    cache.forgetUnknown(ID);
    cache.putUnknownIfCurrent(ID, generation);
    assertFalse(cache.isKnownUnknown(ID), "a created key stays refused as unknown");
  }

  @Test
  void aRevocationDuringALoadStillWins() {
    KeyCache cache = cache();
    long generation = cache.generation();
    cache.dropKey(ID);
    cache.putIfCurrent(ID, key(), generation);
    assertNull(cache.get(ID));
  }
}
