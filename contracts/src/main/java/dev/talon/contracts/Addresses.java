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

  /** Persistence operations: internal to Talon, named here so that they are defined once. */
  public static final String DB_PING = "talon.persistence.ping";
  public static final String DB_USER_INSERT = "talon.persistence.user.insert";
  public static final String DB_USER_FIND = "talon.persistence.user.find";
  public static final String DB_USER_LIST = "talon.persistence.user.list";
  public static final String DB_USER_UPDATE = "talon.persistence.user.update";
  public static final String DB_USER_DELETE = "talon.persistence.user.delete";
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

  /**
   * Client API operations. {@code access} resolves a server for one caller in one query, and is
   * asked on every request (never cached), so a removed subuser or a changed permission holds on
   * the very next request on every node.
   */
  public static final String DB_CLIENT_SERVER_ACCESS = "talon.persistence.client-server.access";
  public static final String DB_CLIENT_SERVER_LIST = "talon.persistence.client-server.list";
  public static final String DB_CLIENT_SERVER_VIEW = "talon.persistence.client-server.view";
  public static final String DB_CLIENT_SERVER_RENAME = "talon.persistence.client-server.rename";
  public static final String DB_CLIENT_SERVER_IMAGE = "talon.persistence.client-server.image";
  public static final String DB_CLIENT_STARTUP = "talon.persistence.client-server.startup";
  public static final String DB_CLIENT_STARTUP_VARIABLE = "talon.persistence.client-server.startup-variable";
  public static final String DB_CLIENT_SUBUSER_LIST = "talon.persistence.client-subuser.list";
  public static final String DB_CLIENT_SUBUSER_FIND = "talon.persistence.client-subuser.find";
  public static final String DB_CLIENT_SUBUSER_INSERT = "talon.persistence.client-subuser.insert";
  public static final String DB_CLIENT_SUBUSER_UPDATE = "talon.persistence.client-subuser.update";
  public static final String DB_CLIENT_SUBUSER_DELETE = "talon.persistence.client-subuser.delete";
  public static final String DB_CLIENT_ALLOCATION_LIST = "talon.persistence.client-allocation.list";
  public static final String DB_CLIENT_ALLOCATION_ASSIGN = "talon.persistence.client-allocation.assign";
  public static final String DB_CLIENT_ALLOCATION_NOTES = "talon.persistence.client-allocation.notes";
  public static final String DB_CLIENT_ALLOCATION_PRIMARY = "talon.persistence.client-allocation.primary";
  public static final String DB_CLIENT_ALLOCATION_UNASSIGN = "talon.persistence.client-allocation.unassign";
  public static final String DB_CLIENT_BACKUP_LIST = "talon.persistence.client-backup.list";
  public static final String DB_CLIENT_BACKUP_FIND = "talon.persistence.client-backup.find";
  public static final String DB_CLIENT_BACKUP_LOCK = "talon.persistence.client-backup.lock";

  public static final String DB_KEY_FIND = "talon.persistence.key.find";
  public static final String DB_KEY_INSERT = "talon.persistence.key.insert";
  public static final String DB_KEY_LIST = "talon.persistence.key.list";
  public static final String DB_KEY_DELETE = "talon.persistence.key.delete";
  public static final String DB_KEY_TOUCH = "talon.persistence.key.touch";
  public static final String DB_ACTIVITY_APPEND = "talon.persistence.activity.append";
  public static final String DB_STATS = "talon.persistence.stats";

  /**
   * Daemon connector requests (see README, "Daemon connector"): Talon checks access and permission,
   * then asks whichever connector registered the address, on any node of the cluster. Each body
   * carries {@code server_uuid, server_id, node_id, user_id, user_uuid} and the action's fields.
   */
  public static final String DAEMON_POWER = "talon.daemon.power";
  public static final String DAEMON_COMMAND = "talon.daemon.command";
  public static final String DAEMON_WEBSOCKET = "talon.daemon.websocket";
  public static final String DAEMON_RESOURCES = "talon.daemon.resources";
  public static final String DAEMON_FILES_LIST = "talon.daemon.files.list";
  public static final String DAEMON_FILES_CONTENTS = "talon.daemon.files.contents";

  /** Cluster-internal: each node's rate-limit counts, published every sync interval. */
  public static final String RATE_LIMIT_SYNC = "talon.cluster.rate-limits";

  /** Published when a key was created (by any node, the CLI or straight in the database). */
  public static final String EVENT_KEY_CREATED = "talon.events.key.created";
  /** Published when a key was revoked or edited: cached copies must be dropped. */
  public static final String EVENT_KEY_REVOKED = "talon.events.key.revoked";
  /** Published when a user was changed or deleted: cached contexts of that user must be dropped. */
  public static final String EVENT_USER_CHANGED = "talon.events.user.changed";
  /**
   * Published when a subuser seat was created, changed or removed (by the API, a cascade or SQL):
   * {@code {server_id, user_id, change: created|updated|deleted, permissions}}.
   */
  public static final String EVENT_SUBUSER_CHANGED = "talon.events.subuser.changed";

  /**
   * Published when changes may have been missed (the database listener reconnected): every cached
   * context must be dropped.
   */
  public static final String EVENT_CACHES_RESET = "talon.events.caches.reset";
}
