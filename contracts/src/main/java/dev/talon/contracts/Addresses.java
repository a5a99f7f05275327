package dev.talon.contracts;

/**
 * Every event-bus address Talon serves or publishes on. Request/reply addresses take and answer a
 * {@link io.vertx.core.json.JsonObject}; failures carry a {@link Failure} code (see README, "Event bus").
 */
public final class Addresses {

  private Addresses() {
  }

  /** Verify a presented key: {@code {"key": "...", "ip": "..."}} answers an auth context. */
  public static final String AUTH_VERIFY = "talon.auth.verify";
  /** Mint a key; answers the key and its one-time secret. */
  public static final String AUTH_KEY_CREATE = "talon.auth.key.create";
  /** List a user's keys of one type. */
  public static final String AUTH_KEY_LIST = "talon.auth.key.list";
  /** One key of a user, by its 21-character identifier. */
  public static final String AUTH_KEY_GET = "talon.auth.key.get";
  /** Revoke a key everywhere. */
  public static final String AUTH_KEY_REVOKE = "talon.auth.key.revoke";
  /** Create a user, hashing the password off the event loop. */
  public static final String AUTH_USER_CREATE = "talon.auth.user.create";
  /** Change a user; a new password is hashed off the event loop. */
  public static final String AUTH_USER_UPDATE = "talon.auth.user.update";
  /** Delete a user (and, with it, the user's keys). */
  public static final String AUTH_USER_DELETE = "talon.auth.user.delete";
  /** Sign in with username or e-mail and password: answers a new web session (rate limited on failures). */
  public static final String AUTH_SESSION_OPEN = "talon.auth.session.open";
  /** Who a web session is: answers the same auth context as a root admin's or user's client key. */
  public static final String AUTH_SESSION_VERIFY = "talon.auth.session.verify";
  /** Sign out: ends a web session everywhere. */
  public static final String AUTH_SESSION_CLOSE = "talon.auth.session.close";

  /** Persistence operations: internal to Talon, named here so that they are defined once. */
  public static final String DB_PING = "talon.persistence.ping";
  public static final String DB_USER_INSERT = "talon.persistence.user.insert";
  public static final String DB_USER_FIND = "talon.persistence.user.find";
  public static final String DB_USER_LIST = "talon.persistence.user.list";
  public static final String DB_USER_UPDATE = "talon.persistence.user.update";
  public static final String DB_USER_DELETE = "talon.persistence.user.delete";
  public static final String DB_USER_CREDENTIALS = "talon.persistence.user.credentials";
  public static final String DB_USER_EXISTS = "talon.persistence.user.exists";
  public static final String DB_SESSION_INSERT = "talon.persistence.session.insert";
  public static final String DB_SESSION_FIND = "talon.persistence.session.find";
  public static final String DB_SESSION_DELETE = "talon.persistence.session.delete";
  public static final String DB_SIGN_IN_ATTEMPT = "talon.persistence.sign-in.attempt";
  public static final String DB_SIGN_IN_SUCCEEDED = "talon.persistence.sign-in.succeeded";
  public static final String DB_LOCATION_LIST = "talon.persistence.location.list";
  public static final String DB_LOCATION_FIND = "talon.persistence.location.find";
  public static final String DB_LOCATION_INSERT = "talon.persistence.location.insert";
  public static final String DB_LOCATION_UPDATE = "talon.persistence.location.update";
  public static final String DB_LOCATION_DELETE = "talon.persistence.location.delete";
  public static final String DB_USER_BY = "talon.persistence.user.by";
  public static final String DB_LOCATION_BY = "talon.persistence.location.by";

  /**
   * Relation reads for {@code ?include=}: {@code {field, values: [id...]}} answers
   * {@code {data: [{key, attributes}]}} (each store names the fields it joins on).
   */
  public static final String DB_NODE_BY = "talon.persistence.node.by";
  public static final String DB_ALLOCATION_BY = "talon.persistence.allocation.by";
  public static final String DB_SERVER_BY = "talon.persistence.server.by";
  public static final String DB_SERVER_VARIABLE_BY = "talon.persistence.server-variable.by";
  public static final String DB_SUBUSER_BY = "talon.persistence.subuser.by";
  public static final String DB_NEST_BY = "talon.persistence.nest.by";
  public static final String DB_EGG_BY = "talon.persistence.egg.by";
  public static final String DB_EGG_VARIABLE_BY = "talon.persistence.egg-variable.by";
  public static final String DB_DATABASE_BY = "talon.persistence.database.by";
  public static final String DB_DATABASE_HOST_BY = "talon.persistence.database-host.by";

  public static final String DB_KEY_FIND = "talon.persistence.key.find";
  public static final String DB_KEY_INSERT = "talon.persistence.key.insert";
  public static final String DB_KEY_LIST = "talon.persistence.key.list";
  public static final String DB_KEY_DELETE = "talon.persistence.key.delete";
  public static final String DB_KEY_TOUCH = "talon.persistence.key.touch";
  public static final String DB_ACTIVITY_APPEND = "talon.persistence.activity.append";
  public static final String DB_STATS = "talon.persistence.stats";

  /** Cluster-internal: each node's rate-limit counts, published every sync interval. */
  public static final String RATE_LIMIT_SYNC = "talon.cluster.rate-limits";

  /** Published when a key was created (by any node, the CLI or straight in the database). */
  public static final String EVENT_KEY_CREATED = "talon.events.key.created";
  /** Published when a key was revoked or edited: cached copies must be dropped. */
  public static final String EVENT_KEY_REVOKED = "talon.events.key.revoked";
  /** Published when a user was changed or deleted: cached contexts of that user must be dropped. */
  public static final String EVENT_USER_CHANGED = "talon.events.user.changed";

  /**
   * Published when changes may have been missed (the database listener reconnected): every cached
   * context must be dropped.
   */
  public static final String EVENT_CACHES_RESET = "talon.events.caches.reset";
}
