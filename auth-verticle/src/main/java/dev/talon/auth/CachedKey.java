package dev.talon.auth;

import dev.talon.contracts.Dates;
import dev.talon.contracts.KeyType;
import dev.talon.contracts.Resource;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * What the auth verticle keeps of a verified key: the token's hash to compare against, its limits,
 * and the auth context it answers with (built once, when the key is loaded).
 */
final class CachedKey {

  private final String identifier;
  private final KeyType type;
  private final int userId;
  private final byte[] tokenHash;
  private final Instant expiresAt;
  private final AllowedIps allowedIps;
  private final JsonObject context;

  /**
   * Usage not yet written: the newest use (epoch milliseconds) and whether this key waits in the
   * recorder's queue. Written by every event loop that verifies the key; see {@link UsageRecorder}.
   */
  volatile long lastUseMillis;
  volatile int queuedForUsage;

  /**
   * When this copy should be read again in the background (epoch milliseconds): set when loaded, and
   * moved on when a refresh starts, so that a failing database is asked again only after a pause.
   */
  volatile long refreshDueMillis = Long.MAX_VALUE;
  private static final AtomicLongFieldUpdater<CachedKey> REFRESH_DUE =
      AtomicLongFieldUpdater.newUpdater(CachedKey.class, "refreshDueMillis");

  /**
   * Whether the caller, at {@code nowMillis}, is the one to start this copy's re-read: only one of
   * the event loops that find it due wins, and the next chance comes {@code retryMillis} later (when
   * the re-read failed; a successful one replaces this copy).
   */
  boolean claimRefresh(long nowMillis, long retryMillis) {
    long due = refreshDueMillis;
    return nowMillis >= due && REFRESH_DUE.compareAndSet(this, due, nowMillis + retryMillis);
  }

  private CachedKey(String identifier, KeyType type, int userId, byte[] tokenHash, Instant expiresAt,
      AllowedIps allowedIps, JsonObject context) {
    this.identifier = identifier;
    this.type = type;
    this.userId = userId;
    this.tokenHash = tokenHash;
    this.expiresAt = expiresAt;
    this.allowedIps = allowedIps;
    this.context = context;
  }

  /** From a {@code talon.persistence.key.find} row (key, {@code token_hash} and its {@code user}). */
  static CachedKey fromRow(JsonObject row) {
    KeyType type = KeyType.ofStored(row.getInteger("key_type"));
    JsonObject user = row.getJsonObject("user");
    OffsetDateTime expires = Dates.parse(row.getString("expires_at"));
    JsonObject context = new JsonObject()
        .put("user", user)
        .put("key", new JsonObject()
            .put("identifier", type.prefix() + row.getString("identifier"))
            .put("type", type.jsonName())
            .put("allowed_ips", row.getJsonArray("allowed_ips"))
            .put("expires_at", row.getString("expires_at")))
        .put("permissions", effectiveLevels(type, user.getBoolean("root_admin", false),
            row.getJsonObject("permissions", new JsonObject())));
    return new CachedKey(row.getString("identifier"), type, user.getInteger("id"),
        Base64.getDecoder().decode(row.getString("token_hash")),
        expires == null ? null : expires.toInstant(), AllowedIps.of(row.getJsonArray("allowed_ips")), context);
  }

  /**
   * A root admin's application keys carry their stored levels and a root admin's client key has full
   * application access (the seed's admin client keys); an application key whose owner is no longer a
   * root admin grants nothing (it works again if the owner is promoted again), nor does any other
   * client key. The HTTP layer refuses such keys on the Application API anyway; this keeps the
   * context honest for other verticles that read it from {@code talon.auth.verify}.
   */
  static JsonObject effectiveLevels(KeyType type, boolean rootAdmin, JsonObject stored) {
    JsonObject levels = new JsonObject();
    for (Resource r : Resource.values()) {
      int level;
      if (!rootAdmin) {
        level = Resource.NONE;
      } else if (type == KeyType.APPLICATION) {
        Object v = stored.getValue(r.jsonName());
        level = v instanceof Number n ? Math.max(0, Math.min(3, n.intValue())) : 0;
      } else {
        level = Resource.DELETE;
      }
      levels.put(r.jsonName(), level);
    }
    return levels;
  }

  String identifier() {
    return identifier;
  }

  KeyType type() {
    return type;
  }

  int userId() {
    return userId;
  }

  byte[] tokenHash() {
    return tokenHash;
  }

  boolean expiredAt(long nowMillis) {
    return expiresAt != null && nowMillis >= expiresAt.toEpochMilli();
  }

  AllowedIps allowedIps() {
    return allowedIps;
  }

  JsonObject context() {
    return context;
  }
}
