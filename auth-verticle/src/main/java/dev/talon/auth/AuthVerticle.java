package dev.talon.auth;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.KeyType;
import dev.talon.contracts.KeyVerifier;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns everything about keys: parsing, generation, hashing, verification, caching, expiry, IP rules,
 * usage recording and the key limit. Deploy one instance per node; its verifier is also registered
 * for in-process use by the API verticles of the node ({@link KeyVerifier}).
 *
 * <p>Configuration: {@code key-limit}, {@code bus-timeout-ms}, {@code cache.max-keys},
 * {@code cache.ttl-seconds}, {@code cache.unknown-ttl-seconds}, {@code usage.flush-interval-ms},
 * {@code password.bcrypt-cost}, {@code password.workers}, {@code web.*} (see {@link WebSessions}),
 * {@code web.sign-in-sweep-seconds}.
 * The server secret is given to the constructor, never through configuration that could be logged.
 */
public class AuthVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AuthVerticle.class);

  /** Batches hold at most 5 000 entries: enough rounds for 100 000 keys used since the last flush. */
  private static final int FINAL_FLUSH_ROUNDS = 20;

  private final byte[] secret;
  private UsageRecorder usage;
  private WorkerExecutor hashing;
  private long flushTimer = -1;
  private long sweepTimer = -1;

  public AuthVerticle(byte[] secret) {
    this.secret = secret.clone();
  }

  @Override
  public Future<?> start() {
    JsonObject conf = config();
    long busTimeout = conf.getLong("bus-timeout-ms", 5000L);
    JsonObject cacheConf = conf.getJsonObject("cache", new JsonObject());
    KeyCache cache = new KeyCache(cacheConf.getLong("max-keys", 100_000L),
        Duration.ofSeconds(cacheConf.getLong("ttl-seconds", 60L)),
        cacheConf.getLong("max-unknown", 100_000L),
        Duration.ofSeconds(cacheConf.getLong("unknown-ttl-seconds", 5L)));
    TokenHasher tokens = new TokenHasher(secret);
    usage = new UsageRecorder(vertx, busTimeout);
    JsonObject passwordConf = conf.getJsonObject("password", new JsonObject());
    hashing = vertx.createSharedWorkerExecutor("talon-password-hashing", passwordConf.getInteger("workers", 2));
    PasswordHasher passwords = new PasswordHasher(passwordConf.getInteger("bcrypt-cost", 10));
    UserAccounts users = new UserAccounts(vertx, hashing, passwords, cache, busTimeout);
    JsonObject web = conf.getJsonObject("web", new JsonObject());
    WebSessions sessions = new WebSessions(vertx, hashing, passwords, tokens, usage, conf.getInteger("key-limit", 25),
        web, busTimeout, cacheConf.getLong("max-unknown", 100_000L),
        Duration.ofSeconds(cacheConf.getLong("unknown-ttl-seconds", 5L)));
    AccountCredentials credentials = new AccountCredentials(vertx, hashing, passwords, sessions, cache, usage, busTimeout);
    ApiKeyVerifier verifier = new ApiKeyVerifier(vertx, cache, tokens, usage, busTimeout);
    KeyManager keys = new KeyManager(vertx, cache, tokens, usage, conf.getInteger("key-limit", 25), busTimeout);

    EventBus bus = vertx.eventBus();
    List<Future<?>> ready = new ArrayList<>();
    ready.add(Bus.serve(bus, Addresses.AUTH_VERIFY, verifier::verify).completion());
    ready.add(Bus.serve(bus, Addresses.AUTH_KEY_CREATE, keys::create).completion());
    ready.add(Bus.serve(bus, Addresses.AUTH_KEY_LIST, keys::list).completion());
    ready.add(Bus.serve(bus, Addresses.AUTH_KEY_GET, keys::get).completion());
    ready.add(Bus.serve(bus, Addresses.AUTH_KEY_REVOKE, keys::revoke).completion());
    ready.add(Bus.serve(bus, Addresses.AUTH_USER_CREATE, users::create).completion());
    ready.add(Bus.serve(bus, Addresses.AUTH_USER_UPDATE, users::update).completion());
    ready.add(Bus.serve(bus, Addresses.AUTH_USER_DELETE, users::delete).completion());
    ready.add(Bus.serve(bus, Addresses.AUTH_SESSION_OPEN, sessions::open).completion());
    ready.add(Bus.serve(bus, Addresses.AUTH_SESSION_VERIFY, sessions::verify).completion());
    ready.add(Bus.serve(bus, Addresses.AUTH_SESSION_CLOSE, sessions::close).completion());
    ready.add(Bus.serve(bus, Addresses.AUTH_ACCOUNT_EMAIL, credentials::changeEmail).completion());
    ready.add(Bus.serve(bus, Addresses.AUTH_ACCOUNT_PASSWORD, credentials::changePassword).completion());
    // what this node's database listener heard (every node hears every change for itself), on a local
    // consumer: no other cluster member can empty this node's caches by publishing
    ready.add(bus.<JsonObject>localConsumer(Addresses.NODE_CHANGES, msg -> onChange(cache, msg.body())).completion());

    vertx.sharedData().<String, KeyVerifier>getLocalMap(KeyVerifier.LOCAL_MAP).put(KeyVerifier.NAME, verifier);

    long flushEvery = conf.getJsonObject("usage", new JsonObject()).getLong("flush-interval-ms", 2000L);
    flushTimer = vertx.setPeriodic(flushEvery, id -> usage.flushIfIdle());
    // unauthenticated clients create these rows: without a sweep, a flood of made-up logins would stay
    sweepTimer = vertx.setPeriodic(Math.multiplyExact(web.getLong("sign-in-sweep-seconds", 60L), 1000L),
        id -> sessions.sweepFailures()
            .onFailure(t -> LOG.warn("Sweeping ended sign-in windows failed: {}", t.getMessage())));
    LOG.debug("Auth verticle ready; usage flushed every {} ms", flushEvery);
    return Future.all(ready);
  }

  /**
   * A revoked or edited key leaves the cache; a created one leaves only the negative cache (the notice
   * may arrive after the new key was already verified and cached); a changed user's keys leave; a
   * reset (missed notices, TRUNCATE) empties it.
   */
  private static void onChange(KeyCache cache, JsonObject change) {
    switch (change.getString("kind", "")) {
      case "key.revoked" -> dropNamedKey(cache, change);
      case "key.created" -> {
        String identifier = storedIdentifier(change);
        if (identifier != null) {
          cache.forgetUnknown(identifier);
        }
      }
      case "user.changed" -> {
        Integer userId = change.getInteger("user_id");
        if (userId != null) {
          cache.dropUser(userId);
        }
      }
      case "reset" -> cache.dropAll();
      default -> { }
    }
  }

  private static void dropNamedKey(KeyCache cache, JsonObject event) {
    String identifier = storedIdentifier(event);
    if (identifier != null) {
      cache.dropKey(identifier);
    }
  }

  /** The 16-character identifier of a key event's {@code ptlc_…}/{@code ptla_…} identifier. */
  private static String storedIdentifier(JsonObject event) {
    String identifier = event.getString("identifier", "");
    KeyType type = KeyType.ofPrefix(identifier);
    return type == null ? null : identifier.substring(type.prefix().length());
  }

  @Override
  public Future<?> stop() {
    vertx.sharedData().getLocalMap(KeyVerifier.LOCAL_MAP).remove(KeyVerifier.NAME);
    if (flushTimer >= 0) {
      vertx.cancelTimer(flushTimer);
    }
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
    }
    Future<Void> flushed = usage == null ? Future.succeededFuture() : usage.flushAll(FINAL_FLUSH_ROUNDS);
    return flushed.eventually(() -> hashing == null ? Future.succeededFuture() : hashing.close());
  }
}
