package dev.talon.auth;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.ApiKeyFormat;
import dev.talon.contracts.ApiKeyFormat.ParsedKey;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Dates;
import dev.talon.contracts.Failure;
import dev.talon.contracts.KeyType;
import dev.talon.contracts.Resource;
import dev.talon.contracts.TalonException;
import dev.talon.contracts.ValidationErrors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;

/**
 * Mints, lists and revokes keys: validation with Pterodactyl's rules and messages, generation,
 * hashing, the account limit (enforced atomically by persistence), activity entries, and dropping
 * a revoked key from this node's cache before answering, so the very next request is refused.
 */
final class KeyManager {

  static final int MAX_DESCRIPTION = 500;

  private final Vertx vertx;
  private final KeyCache cache;
  private final TokenHasher hasher;
  private final UsageRecorder usage;
  private final KeyGenerator generator = new KeyGenerator();
  private final int keyLimit;
  private final long busTimeoutMs;

  KeyManager(Vertx vertx, KeyCache cache, TokenHasher hasher, UsageRecorder usage, int keyLimit, long busTimeoutMs) {
    this.vertx = vertx;
    this.cache = cache;
    this.hasher = hasher;
    this.usage = usage;
    this.keyLimit = keyLimit;
    this.busTimeoutMs = busTimeoutMs;
  }

  /**
   * {@code {user_id, type, description, allowed_ips?, expires_at?, permissions?, r_*?, ip?}}: answers
   * {@code {key: {...}, secret_token}}, the only time the token leaves Talon.
   */
  Future<JsonObject> create(JsonObject request) {
    KeyType type = KeyType.ofJson(request.getString("type", ""));
    if (type == null) {
      return Future.failedFuture(TalonException.invalid("type", "in", "The selected type is invalid."));
    }
    ValidationErrors errors = new ValidationErrors();
    String description = validDescription(request.getValue("description"), errors);
    JsonArray allowedIps = validAllowedIps(request.getValue("allowed_ips"), errors);
    OffsetDateTime expiresAt = validExpiry(request.getValue("expires_at"), errors);
    JsonObject permissions = type == KeyType.APPLICATION ? validPermissions(request, errors) : new JsonObject();
    try {
      errors.throwIfAny();
    } catch (TalonException e) {
      return Future.failedFuture(e);
    }
    Integer userId = request.getInteger("user_id");
    Future<JsonObject> owner = Bus.request(vertx.eventBus(), Addresses.DB_USER_FIND,
        new JsonObject().put("id", userId), busTimeoutMs);
    return owner.compose(user -> {
      if (user == null) {
        return Future.failedFuture(new TalonException(Failure.NOT_FOUND, "No user with id " + userId + " exists."));
      }
      if (type == KeyType.APPLICATION && !user.getBoolean("root_admin", false)) {
        return Future.failedFuture(new TalonException(Failure.FORBIDDEN,
            "Application keys can only be created for root administrators."));
      }
      String identifier = generator.identifier();
      String token = generator.token();
      JsonObject row = new JsonObject()
          .put("user_id", userId)
          .put("key_type", type.storedType())
          .put("identifier", identifier)
          .put("token_hash", Base64.getEncoder().encodeToString(hasher.hash(token)))
          .put("description", description)
          .put("allowed_ips", allowedIps)
          .put("permissions", permissions)
          .put("expires_at", Dates.atom(expiresAt))
          .put("limit", keyLimit);
      return Bus.request(vertx.eventBus(), Addresses.DB_KEY_INSERT, row, busTimeoutMs).map(stored -> {
        JsonObject view = view(stored);
        usage.recordActivity(activity("user:api-key.create", userId, view.getString("identifier"), request));
        return new JsonObject().put("key", view).put("secret_token", token);
      });
    });
  }

  /** {@code {user_id, type}}: answers {@code {data: [...]}}. */
  Future<JsonObject> list(JsonObject request) {
    KeyType type = KeyType.ofJson(request.getString("type", ""));
    if (type == null) {
      return Future.failedFuture(TalonException.invalid("type", "in", "The selected type is invalid."));
    }
    return Bus.request(vertx.eventBus(), Addresses.DB_KEY_LIST,
            new JsonObject().put("user_id", request.getInteger("user_id")).put("key_type", type.storedType()), busTimeoutMs)
        .map(result -> {
          JsonArray data = new JsonArray();
          result.getJsonArray("data").forEach(k -> data.add(view((JsonObject) k)));
          return new JsonObject().put("data", data);
        });
  }

  /** {@code {user_id, identifier, type?}}: one of the user's keys (of that type), or NOT_FOUND. */
  Future<JsonObject> get(JsonObject request) {
    ParsedKey id = ApiKeyFormat.parsePublicIdentifier(request.getString("identifier"));
    KeyType requiredType = request.containsKey("type") ? KeyType.ofJson(request.getString("type")) : null;
    if (id == null || (requiredType != null && requiredType != id.type())) {
      return Future.failedFuture(new TalonException(Failure.NOT_FOUND));
    }
    return list(new JsonObject().put("user_id", request.getInteger("user_id")).put("type", id.type().jsonName()))
        .compose(all -> {
          for (Object k : all.getJsonArray("data")) {
            JsonObject key = (JsonObject) k;
            if (key.getString("identifier").equals(id.publicIdentifier())) {
              return Future.succeededFuture(key);
            }
          }
          return Future.failedFuture(new TalonException(Failure.NOT_FOUND));
        });
  }

  /**
   * {@code {identifier, user_id?, type?, ip?}}: deletes the key (only the user's own, of that type,
   * when those are given), drops it from this node's cache, and answers the deleted key.
   */
  Future<JsonObject> revoke(JsonObject request) {
    ParsedKey id = ApiKeyFormat.parsePublicIdentifier(request.getString("identifier"));
    KeyType requiredType = request.containsKey("type") ? KeyType.ofJson(request.getString("type")) : null;
    if (id == null || (requiredType != null && requiredType != id.type())) {
      return Future.failedFuture(new TalonException(Failure.NOT_FOUND));
    }
    JsonObject query = new JsonObject().put("identifier", id.identifier()).put("key_type", id.type().storedType());
    if (request.getInteger("user_id") != null) {
      query.put("user_id", request.getInteger("user_id"));
    }
    return Bus.request(vertx.eventBus(), Addresses.DB_KEY_DELETE, query, busTimeoutMs).map(deleted -> {
      cache.dropKey(id.identifier());
      JsonObject view = view(deleted);
      Integer actor = request.getInteger("actor_id", deleted.getInteger("user_id"));
      usage.recordActivity(activity("user:api-key.delete", actor, view.getString("identifier"), request));
      return view;
    });
  }

  /** What a key looks like to its owner: never its hash, and the newest use even if not yet written. */
  JsonObject view(JsonObject stored) {
    KeyType type = KeyType.ofStored(stored.getInteger("key_type"));
    String lastUsed = stored.getString("last_used_at");
    Instant pending = usage.pendingUse(stored.getString("identifier"));
    if (pending != null && (lastUsed == null || Dates.parse(lastUsed).toInstant().isBefore(pending))) {
      lastUsed = Dates.atom(pending);
    }
    JsonObject view = new JsonObject()
        .put("identifier", type.prefix() + stored.getString("identifier"))
        .put("type", type.jsonName())
        .put("user_id", stored.getInteger("user_id"))
        .put("description", stored.getString("description"))
        .put("allowed_ips", stored.getJsonArray("allowed_ips"))
        .put("last_used_at", lastUsed)
        .put("expires_at", stored.getString("expires_at"))
        .put("created_at", stored.getString("created_at"));
    if (type == KeyType.APPLICATION) {
      view.put("permissions", CachedKey.effectiveLevels(type, true, stored.getJsonObject("permissions")));
    }
    return view;
  }

  /** The request's {@code ip}, and its {@code key_identifier}: the key the change was asked with, if any. */
  private static JsonObject activity(String event, Integer actorId, String identifier, JsonObject request) {
    return new JsonObject()
        .put("event", event)
        .put("actor_id", actorId)
        .put("subject_type", "api_key")
        .put("subject_id", identifier)
        .put("key_identifier", request.getString("key_identifier"))
        .put("ip", request.getString("ip"))
        .put("properties", new JsonObject().put("identifier", identifier));
  }

  private static String validDescription(Object value, ValidationErrors errors) {
    String text = value instanceof String s ? s.strip() : null;
    if (value == null || (text != null && text.isEmpty())) {
      errors.add("description", "required", "The description field is required.");
      return null;
    }
    if (text == null) {
      errors.add("description", "string", "The description must be a string.");
      return null;
    }
    if (text.codePointCount(0, text.length()) > MAX_DESCRIPTION) {
      errors.add("description", "max", "The description may not be greater than 500 characters.");
    }
    return text;
  }

  /** Accepts an array, or one comma- or newline-separated string (as the seed's forms write it). */
  private static JsonArray validAllowedIps(Object value, ValidationErrors errors) {
    JsonArray entries;
    if (value == null) {
      return new JsonArray();
    } else if (value instanceof JsonArray a) {
      entries = a;
    } else if (value instanceof String s) {
      entries = new JsonArray();
      for (String part : s.split("[,\\s]+")) {
        if (!part.isBlank()) {
          entries.add(part);
        }
      }
    } else {
      errors.add("allowed_ips", "array", "The allowed ips must be an array.");
      return null;
    }
    if (entries.size() > AllowedIps.MAX_ENTRIES) {
      errors.add("allowed_ips", "max", "The allowed ips may not have more than 50 items.");
      return null;
    }
    JsonArray clean = new JsonArray();
    for (int i = 0; i < entries.size(); i++) {
      Object entry = entries.getValue(i);
      if (!(entry instanceof String s)) {
        errors.add("allowed_ips." + i, "string", "The allowed_ips." + i + " must be a string.");
        continue;
      }
      if (AllowedIps.parseEntry(s) == null) {
        errors.add("allowed_ips." + i, "", "\"" + s.strip() + "\" is not a valid IP address or CIDR range.");
        continue;
      }
      clean.add(s.strip());
    }
    return clean;
  }

  private static OffsetDateTime validExpiry(Object value, ValidationErrors errors) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      return null;
    }
    OffsetDateTime at = value instanceof String s ? Dates.parse(s) : null;
    if (at == null) {
      errors.add("expires_at", "date", "The expires at is not a valid date.");
      return null;
    }
    // whole seconds: what is stored, shown and enforced is the same instant
    at = at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    if (!at.toInstant().isAfter(Instant.now())) {
      errors.add("expires_at", "after", "The expires at must be a date after now.");
      return null;
    }
    return at;
  }

  /**
   * Levels from {@code permissions: {"users": 3, ...}} or Pterodactyl's {@code r_users: 3} fields,
   * each an integer 0-3; a resource not named gets 0.
   */
  private static JsonObject validPermissions(JsonObject request, ValidationErrors errors) {
    JsonObject given = request.getValue("permissions") instanceof JsonObject o ? o : new JsonObject();
    if (request.containsKey("permissions") && !(request.getValue("permissions") instanceof JsonObject)
        && request.getValue("permissions") != null) {
      errors.add("permissions", "array", "The permissions must be an array.");
    }
    JsonObject levels = new JsonObject();
    for (Resource r : Resource.values()) {
      String legacy = "r_" + r.jsonName();
      String field = given.containsKey(r.jsonName()) ? "permissions." + r.jsonName() : legacy;
      Object value = given.containsKey(r.jsonName()) ? given.getValue(r.jsonName()) : request.getValue(legacy);
      if (value == null) {
        levels.put(r.jsonName(), 0);
        continue;
      }
      Integer level = asInteger(value);
      if (level == null || level < 0 || level > 3) {
        errors.add(field, "between", "The " + field + " must be between 0 and 3.");
      } else {
        levels.put(r.jsonName(), level);
      }
    }
    return levels;
  }

  private static Integer asInteger(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return ((Number) value).intValue();
    }
    if (value instanceof String s && s.strip().matches("\\d{1,2}")) {
      return Integer.parseInt(s.strip());
    }
    return null;
  }
}
