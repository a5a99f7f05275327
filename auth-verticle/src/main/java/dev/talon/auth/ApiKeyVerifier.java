package dev.talon.auth;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.ApiKeyFormat;
import dev.talon.contracts.ApiKeyFormat.ParsedKey;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Failure;
import dev.talon.contracts.KeyVerifier;
import dev.talon.contracts.TalonException;
import inet.ipaddr.IPAddress;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers "who is this and what may they do" for a presented key, in this order: format (no lookup
 * at all), the negative cache, the verified-key cache or one database read (shared by concurrent
 * requests for the same identifier; a cached key in use is re-read in the background before its TTL
 * ends, see {@link KeyCache#refreshAfterMillis()}), the HMAC of the token in constant time,
 * expiry, then the key's allowed IPs. A cached valid key costs no database query and no blocking
 * call.
 *
 * <p>Thread-safe: it serves {@code talon.auth.verify} on the auth verticle's event loop and, through
 * {@link KeyVerifier}, API verticle instances of the same node on theirs.
 */
final class ApiKeyVerifier implements KeyVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(ApiKeyVerifier.class);
  private static final TalonException UNAUTHENTICATED = new TalonException(Failure.UNAUTHENTICATED);
  /** How long after a failed background re-read the next one may start. */
  static final long REFRESH_RETRY_MS = 1000;

  private final Vertx vertx;
  private final KeyCache cache;
  private final TokenHasher hasher;
  private final UsageRecorder usage;
  private final long busTimeoutMs;
  /** Loads in flight, shared by every event loop: one database read per identifier at a time. */
  private final ConcurrentHashMap<String, Pending> loading = new ConcurrentHashMap<>();

  /** A load and the cache generation it started at: after an invalidation nobody may join it. */
  private record Pending(long generation, Future<CachedKey> future) {
  }

  ApiKeyVerifier(Vertx vertx, KeyCache cache, TokenHasher hasher, UsageRecorder usage, long busTimeoutMs) {
    this.vertx = vertx;
    this.cache = cache;
    this.hasher = hasher;
    this.usage = usage;
    this.busTimeoutMs = busTimeoutMs;
  }

  /** {@code talon.auth.verify}: {@code {key, ip}} answers the auth context. */
  Future<JsonObject> verify(JsonObject request) {
    return verify(request.getString("key"), request.getString("ip"));
  }

  /** The auth context, or a failure (UNAUTHENTICATED; FORBIDDEN naming the IP). */
  @Override
  public Future<JsonObject> verify(String presented, Supplier<String> ip) {
    ParsedKey key = ApiKeyFormat.parse(presented);
    if (key == null) {
      return Future.failedFuture(UNAUTHENTICATED);
    }
    CachedKey cached = cache.get(key.identifier());
    if (cached != null) {
      long now = System.currentTimeMillis();
      if (now >= cached.refreshDueMillis && cached.claimRefresh(now, REFRESH_RETRY_MS)) {
        refresh(key.identifier());
      }
      return check(key, cached, ip, now);
    }
    if (cache.isKnownUnknown(key.identifier())) {
      return Future.failedFuture(UNAUTHENTICATED);
    }
    return load(key.identifier()).compose(loaded -> loaded == null
        ? Future.failedFuture(UNAUTHENTICATED)
        : check(key, loaded, ip, System.currentTimeMillis()));
  }

  /**
   * Reads a cached key again without making anyone wait: the request that noticed it is due is
   * answered from the cache. Only the request that claimed the refresh starts it (concurrent event
   * loops see the same due time); a failed read is tried again after {@link #REFRESH_RETRY_MS}, not
   * on every request, so a database outage does not turn into a flood of reads.
   */
  private void refresh(String identifier) {
    load(identifier).onFailure(e -> LOG.debug("Background re-read of a cached key failed: {}", e.toString()));
  }

  /**
   * One database read per identifier at a time: the first caller registers its load before it asks,
   * and everyone who comes while it runs joins it, unless it started before a change notice (an
   * older generation), which a new load replaces.
   */
  private Future<CachedKey> load(String identifier) {
    long generation = cache.generation();
    Promise<CachedKey> promise = Promise.promise();
    Pending mine = new Pending(generation, promise.future());
    while (true) {
      Pending current = loading.putIfAbsent(identifier, mine);
      if (current == null) {
        break;
      }
      if (current.generation() >= generation) {
        return onThisContext(current.future());
      }
      if (loading.replace(identifier, current, mine)) {
        break;
      }
    }
    Future<JsonObject> read;
    try {
      read = Bus.request(vertx.eventBus(), Addresses.DB_KEY_FIND, new JsonObject().put("identifier", identifier), busTimeoutMs);
    } catch (RuntimeException closing) { // the event bus refuses at once while the node shuts down
      read = Future.failedFuture(closing);
    }
    read
        .map(row -> {
          if (row == null) {
            cache.putUnknownIfCurrent(identifier, generation);
            cache.forgetVerified(identifier);
            return (CachedKey) null;
          }
          CachedKey loaded = CachedKey.fromRow(row);
          cache.putIfCurrent(identifier, loaded, generation);
          return loaded;
        })
        .onComplete(ar -> {
          loading.remove(identifier, mine);
          promise.handle(ar);
        });
    return promise.future();
  }

  /** A load started on another event loop completes there: hand its result back to this one. */
  private static <T> Future<T> onThisContext(Future<T> pending) {
    Context here = Vertx.currentContext();
    if (here == null) {
      return pending;
    }
    Promise<T> promise = Promise.promise();
    pending.onComplete(ar -> here.runOnContext(v -> promise.handle(ar)));
    return promise.future();
  }

  private Future<JsonObject> check(ParsedKey key, CachedKey cached, Supplier<String> peerAddress, long now) {
    if (cached.type() != key.type() || !hasher.matches(key.token(), cached.tokenHash()) || cached.expiredAt(now)) {
      return Future.failedFuture(UNAUTHENTICATED);
    }
    if (!cached.allowedIps().allowsAll()) {
      String ip = peerAddress.get();
      IPAddress peer = AllowedIps.parsePeer(ip);
      if (!cached.allowedIps().permits(peer)) {
        String shown = AllowedIps.display(peer, ip);
        usage.recordActivity(new JsonObject()
            .put("event", "auth:ip-blocked")
            .put("actor_id", cached.userId())
            .put("subject_type", "api_key")
            .put("subject_id", key.publicIdentifier())
            .put("key_identifier", key.publicIdentifier())
            .put("ip", shown)
            .put("properties", new JsonObject().put("identifier", key.publicIdentifier())));
        return Future.failedFuture(new TalonException(Failure.FORBIDDEN, "This IP address (" + shown
            + ") does not have permission to access the API using these credentials."));
      }
    }
    usage.recordUse(cached, now);
    return Future.succeededFuture(cached.context());
  }
}
