package dev.talon.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Failure;
import dev.talon.contracts.KeyType;
import dev.talon.contracts.TalonException;
import dev.talon.contracts.ValidationErrors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The web pages' sessions: signing in with username or e-mail and password, the check behind every
 * request a browser makes with its session cookie, and signing out.
 *
 * <p>Passwords are checked with bcrypt on the hashing pool, never on an event loop; an unknown
 * login costs the same bcrypt as a known one, so timing does not tell which accounts exist. Failed
 * sign-ins are counted per account and per client address in PostgreSQL (every node shares the
 * count); past either limit, sign-in is refused until the window ends, even with the right password,
 * and the refused attempt writes nothing. Windows that ended are swept every
 * {@code sign-in-sweep-seconds}, so the table holds only live windows.
 *
 * <p>A session token is 32 random bytes; only its HMAC with the server secret is stored. Each check
 * reads the session and its user from the database, so signing out, deleting or demoting a user
 * counts on every node at the next request. Only tokens found to name no session are remembered, for
 * a few seconds, so that a stale or made-up cookie sent again and again does not reach the database;
 * a live session is never cached. A session acts as its user with the rights of that user's client
 * key (a root admin's: full application access), without an IP allow-list.
 */
final class WebSessions {

  private static final String WRONG_CREDENTIALS = "These credentials do not match our records.";
  private static final int TOKEN_BYTES = 32;
  /** Base64url of {@link #TOKEN_BYTES} bytes without padding: anything else is refused without a lookup. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final int MAX_LOGIN = 191;

  private final Vertx vertx;
  private final WorkerExecutor hashing;
  private final PasswordHasher passwords;
  private final TokenHasher tokens;
  private final UsageRecorder usage;
  private final int keyLimit;
  private final long busTimeoutMs;
  private final int idleSeconds;
  private final int accountFailures;
  private final int ipFailures;
  private final int windowSeconds;
  /** HMACs of tokens that named no live session: a random token never becomes one later. */
  private final Cache<String, Boolean> unknownSessions;
  private final SecureRandom random = new SecureRandom();
  /**
   * What an unknown login's password is checked against, made on first need with the configured
   * cost (only on the auth verticle's context, which serves every sign-in).
   */
  private Future<String> decoyHash;

  /**
   * {@code web}: {@code session-idle-minutes}, {@code sign-in-failures-per-account},
   * {@code sign-in-failures-per-ip}, {@code sign-in-window-seconds}. Unknown tokens are remembered
   * as the key cache remembers unknown keys ({@code maxUnknown} of them for {@code unknownTtl}).
   */
  WebSessions(Vertx vertx, WorkerExecutor hashing, PasswordHasher passwords, TokenHasher tokens, UsageRecorder usage,
      int keyLimit, JsonObject web, long busTimeoutMs, long maxUnknown, Duration unknownTtl) {
    this.vertx = vertx;
    this.hashing = hashing;
    this.passwords = passwords;
    this.tokens = tokens;
    this.usage = usage;
    this.keyLimit = keyLimit;
    this.busTimeoutMs = busTimeoutMs;
    this.idleSeconds = Math.multiplyExact(web.getInteger("session-idle-minutes", 720), 60);
    this.accountFailures = web.getInteger("sign-in-failures-per-account", 5);
    this.ipFailures = web.getInteger("sign-in-failures-per-ip", 20);
    this.windowSeconds = web.getInteger("sign-in-window-seconds", 60);
    this.unknownSessions = Caffeine.newBuilder().maximumSize(maxUnknown).expireAfterWrite(unknownTtl).build();
  }

  /**
   * {@code talon.auth.session.open}: {@code {user (username or e-mail), password, ip?, replaces?}}
   * answers {@code {session, csrf_token, user, permissions, key_limit}}; {@code session} is the
   * cookie value, never stored. Fails 4 (fields missing), 7 (too many failures, with
   * {@code retry_after}), 1 (wrong credentials). {@code replaces} is a session this browser held
   * before: it ends.
   */
  Future<JsonObject> open(JsonObject request) {
    ValidationErrors errors = new ValidationErrors();
    String login = errors.text(request, "user", "user", true, MAX_LOGIN);
    Object password = request.getValue("password");
    if (password != null && !(password instanceof String)) {
      errors.add("password", "string", "The password must be a string.");
    } else if (password == null || ((String) password).isEmpty()) {
      errors.add("password", "required", "The password field is required.");
    }
    try {
      errors.throwIfAny();
    } catch (TalonException e) {
      return Future.failedFuture(e);
    }
    String ip = request.getString("ip");
    JsonArray subjects = new JsonArray();
    if (ip != null) {
      subjects.add(limited(ipSubject(ip), ipFailures));
    }
    subjects.add(limited(accountSubject(login), accountFailures));
    // the attempt counts before the password is checked: parallel guesses cannot overrun the limit
    return Bus.request(vertx.eventBus(), Addresses.DB_SIGN_IN_ATTEMPT,
            new JsonObject().put("subjects", subjects).put("window_seconds", windowSeconds), busTimeoutMs)
        .compose(attempt -> {
          int retryAfter = attempt.getInteger("retry_after");
          if (retryAfter > 0) {
            return Future.failedFuture(tooManyAttempts(retryAfter));
          }
          return Bus.request(vertx.eventBus(), Addresses.DB_USER_CREDENTIALS, new JsonObject().put("login", login),
              busTimeoutMs);
        })
        .compose(found -> matches((String) password, found).compose(matched -> matched
            ? signedIn(found.getJsonObject("user"), login, ip, request.getString("replaces"))
            : failed(found, ip)));
  }

  /** {@code talon.auth.session.verify}: {@code {session}} answers the session's auth context, or fails 1. */
  Future<JsonObject> verify(JsonObject request) {
    String token = request.getString("session");
    if (token == null || !TOKEN.matcher(token).matches()) {
      return Future.failedFuture(new TalonException(Failure.UNAUTHENTICATED));
    }
    String tokenHash = hashOf(token);
    if (unknownSessions.getIfPresent(tokenHash) != null) {
      return Future.failedFuture(new TalonException(Failure.UNAUTHENTICATED));
    }
    return Bus.request(vertx.eventBus(), Addresses.DB_SESSION_FIND,
            new JsonObject().put("token_hash", tokenHash).put("idle_seconds", idleSeconds), busTimeoutMs)
        .compose(found -> {
          if (found == null) {
            unknownSessions.put(tokenHash, Boolean.TRUE);
            return Future.failedFuture(new TalonException(Failure.UNAUTHENTICATED));
          }
          return Future.succeededFuture(context(found.getJsonObject("user"), found.getString("csrf_token")));
        });
  }

  /** {@code talon.auth.session.close}: {@code {session}} ends it on every node; answers {@code {deleted}}. */
  Future<JsonObject> close(JsonObject request) {
    String token = request.getString("session");
    if (token == null || !TOKEN.matcher(token).matches()) {
      return Future.succeededFuture(new JsonObject().put("deleted", 0));
    }
    return Bus.request(vertx.eventBus(), Addresses.DB_SESSION_DELETE, new JsonObject().put("token_hash", hashOf(token)),
        busTimeoutMs);
  }

  /**
   * What is stored of the session a cookie names (base64 of its HMAC), to tell it apart from the
   * user's other sessions; null for a value that cannot be a session.
   */
  String storedHashOf(String token) {
    return token == null || !TOKEN.matcher(token).matches() ? null : hashOf(token);
  }

  private Future<Boolean> matches(String password, JsonObject found) {
    if (found == null) {
      if (decoyHash == null) {
        String decoy = randomToken();
        decoyHash = hashing.executeBlocking(() -> passwords.hash(decoy), false);
      }
      // the same bcrypt work as a real check, so that the answer's timing says nothing
      return decoyHash.compose(decoy -> hashing.executeBlocking(() -> {
        passwords.verify(password, decoy);
        return false;
      }, false));
    }
    String hash = found.getString("password");
    return hashing.executeBlocking(() -> passwords.verify(password, hash), false);
  }

  private Future<JsonObject> signedIn(JsonObject user, String login, String ip, String replaces) {
    String token = randomToken();
    String csrf = randomToken();
    JsonObject session = new JsonObject()
        .put("token_hash", hashOf(token))
        .put("user_id", user.getInteger("id"))
        .put("csrf_token", csrf)
        .put("ip", ip)
        .put("idle_seconds", idleSeconds);
    // the account's count goes; the address only gets this attempt back, so that one good password
    // does not reset guesses spread over many accounts
    JsonObject succeeded = new JsonObject().put("forget", new JsonArray().add(accountSubject(login)))
        .put("refund", ip == null ? new JsonArray() : new JsonArray().add(ipSubject(ip)));
    return Bus.request(vertx.eventBus(), Addresses.DB_SESSION_INSERT, session, busTimeoutMs)
        .compose(stored -> Bus.request(vertx.eventBus(), Addresses.DB_SIGN_IN_SUCCEEDED, succeeded, busTimeoutMs))
        .compose(ignored -> replaces == null ? Future.succeededFuture()
            : close(new JsonObject().put("session", replaces)))
        .map(ignored -> {
          usage.recordActivity(activity("auth:success", user.getInteger("id"), ip));
          return context(user, csrf).put("session", token);
        });
  }

  private Future<JsonObject> failed(JsonObject found, String ip) {
    Integer actor = found == null ? null : found.getJsonObject("user").getInteger("id");
    usage.recordActivity(activity("auth:fail", actor, ip));
    return Future.failedFuture(new TalonException(Failure.UNAUTHENTICATED, WRONG_CREDENTIALS));
  }

  /** Forgets the failure windows that ended, on every node's schedule (the statement is idempotent). */
  Future<JsonObject> sweepFailures() {
    return Bus.request(vertx.eventBus(), Addresses.DB_SIGN_IN_SWEEP,
        new JsonObject().put("window_seconds", windowSeconds), busTimeoutMs);
  }

  /** The wait travels with the failure, so the API answers it as {@code Retry-After} too. */
  private static TalonException tooManyAttempts(long retryAfterSeconds) {
    return TalonException.retryLater(Failure.RATE_LIMITED,
        "Too many login attempts. Please try again in " + retryAfterSeconds + " seconds.", retryAfterSeconds);
  }

  /** A subject of the attempt with the failures it may have in one window. */
  private static JsonObject limited(String subject, int failures) {
    return new JsonObject().put("subject", subject).put("limit", failures);
  }

  /** The same auth context a client key of this user has, with the session's CSRF token. */
  private JsonObject context(JsonObject user, String csrfToken) {
    return new JsonObject()
        .put("user", user)
        .put("permissions", CachedKey.effectiveLevels(KeyType.CLIENT, user.getBoolean("root_admin", false),
            new JsonObject()))
        .put("csrf_token", csrfToken)
        .put("key_limit", keyLimit);
  }

  /** Hashed: what someone typed as a login (a password, by mistake) is not kept in the database. */
  private static String accountSubject(String login) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(login.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
      return "account:" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static String ipSubject(String ip) {
    return "ip:" + ip;
  }

  private String hashOf(String token) {
    return Base64.getEncoder().encodeToString(tokens.hash(token));
  }

  private String randomToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static JsonObject activity(String event, Integer actorId, String ip) {
    return new JsonObject()
        .put("event", event)
        .put("actor_id", actorId)
        .put("subject_type", "user")
        .put("subject_id", actorId == null ? null : String.valueOf(actorId))
        .put("ip", ip)
        .put("properties", new JsonObject());
  }
}
