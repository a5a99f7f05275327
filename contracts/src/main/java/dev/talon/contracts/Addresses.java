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
  /**
   * Import a Pterodactyl egg export: {@code {"egg": <the export's JSON>, "nest_id"?: id}} answers
   * {@code {"egg": <egg object>, "created": bool}} (served by the persistence verticle).
   */
  public static final String EGG_IMPORT = "talon.eggs.import";
  /** Sign in with username or e-mail and password: answers a new web session (rate limited on failures). */
  public static final String AUTH_SESSION_OPEN = "talon.auth.session.open";
  /** Who a web session is: answers the same auth context as a root admin's or user's client key. */
  public static final String AUTH_SESSION_VERIFY = "talon.auth.session.verify";
  /** Sign out: ends a web session everywhere. */
  public static final String AUTH_SESSION_CLOSE = "talon.auth.session.close";
  /**
   * A user changes their own e-mail: {@code {user_id, password, email, ip?, key_identifier?}}; the
   * password is checked first (failure 5, InvalidPasswordProvidedException), then the address (4).
   */
  public static final String AUTH_ACCOUNT_EMAIL = "talon.auth.account.email";
  /**
   * A user changes their own password: {@code {user_id, current_password, password,
   * password_confirmation, session?, ip?, key_identifier?}}; every web session of the user but
   * {@code session} (the caller's cookie, if any) ends. API keys stay valid.
   */
  public static final String AUTH_ACCOUNT_PASSWORD = "talon.auth.account.password";

  /** Persistence operations: internal to Talon, named here so that they are defined once. */
  public static final String DB_PING = "talon.persistence.ping";
  public static final String DB_USER_INSERT = "talon.persistence.user.insert";
  public static final String DB_USER_FIND = "talon.persistence.user.find";
  public static final String DB_USER_LIST = "talon.persistence.user.list";
  public static final String DB_USER_UPDATE = "talon.persistence.user.update";
  public static final String DB_USER_DELETE = "talon.persistence.user.delete";
  public static final String DB_USER_CREDENTIALS = "talon.persistence.user.credentials";
  public static final String DB_USER_EXISTS = "talon.persistence.user.exists";
  public static final String DB_USER_PASSWORD = "talon.persistence.user.password";
  public static final String DB_SESSION_INSERT = "talon.persistence.session.insert";
  public static final String DB_SESSION_FIND = "talon.persistence.session.find";
  public static final String DB_SESSION_DELETE = "talon.persistence.session.delete";
  public static final String DB_SIGN_IN_ATTEMPT = "talon.persistence.sign-in.attempt";
  public static final String DB_SIGN_IN_SUCCEEDED = "talon.persistence.sign-in.succeeded";
  public static final String DB_SIGN_IN_SWEEP = "talon.persistence.sign-in.sweep";
  public static final String DB_LOCATION_LIST = "talon.persistence.location.list";
  public static final String DB_LOCATION_FIND = "talon.persistence.location.find";
  public static final String DB_LOCATION_INSERT = "talon.persistence.location.insert";
  public static final String DB_LOCATION_UPDATE = "talon.persistence.location.update";
  public static final String DB_LOCATION_DELETE = "talon.persistence.location.delete";
  public static final String DB_NODE_LIST = "talon.persistence.node.list";
  public static final String DB_NODE_FIND = "talon.persistence.node.find";
  public static final String DB_NODE_INSERT = "talon.persistence.node.insert";
  public static final String DB_NODE_UPDATE = "talon.persistence.node.update";
  public static final String DB_NODE_DELETE = "talon.persistence.node.delete";
  /** Public nodes with room for {@code {memory, disk, location_ids?}}; paginated when {@code limit} is given. */
  public static final String DB_NODE_DEPLOYABLE = "talon.persistence.node.deployable";
  /** A node's daemon configuration, its token opened: the only answer that carries a node's secret. */
  public static final String DB_NODE_CONFIGURATION = "talon.persistence.node.configuration";
  public static final String DB_ALLOCATION_LIST = "talon.persistence.allocation.list";
  public static final String DB_ALLOCATION_INSERT = "talon.persistence.allocation.insert";
  public static final String DB_ALLOCATION_DELETE = "talon.persistence.allocation.delete";
  public static final String DB_USER_BY = "talon.persistence.user.by";
  public static final String DB_LOCATION_BY = "talon.persistence.location.by";
  public static final String DB_NEST_LIST = "talon.persistence.nest.list";
  public static final String DB_NEST_FIND = "talon.persistence.nest.find";
  public static final String DB_EGG_LIST = "talon.persistence.egg.list";
  public static final String DB_EGG_FIND = "talon.persistence.egg.find";
  public static final String DB_SERVER_LIST = "talon.persistence.server.list";
  public static final String DB_SERVER_FIND = "talon.persistence.server.find";
  public static final String DB_SERVER_INSERT = "talon.persistence.server.insert";
  public static final String DB_SERVER_UPDATE_DETAILS = "talon.persistence.server.update-details";
  public static final String DB_SERVER_UPDATE_BUILD = "talon.persistence.server.update-build";
  public static final String DB_SERVER_UPDATE_STARTUP = "talon.persistence.server.update-startup";
  public static final String DB_SERVER_SUSPENSION = "talon.persistence.server.suspension";
  public static final String DB_SERVER_REINSTALL = "talon.persistence.server.reinstall";
  /** {@code {id}}; fails CONFLICT, deleting nothing, while a database of the server is still recorded. */
  public static final String DB_SERVER_DELETE = "talon.persistence.server.delete";
  /** An egg's variables, to check a server's environment: {@code {egg_id}} answers {@code {exists, variables}}. */
  public static final String DB_EGG_VARIABLES = "talon.persistence.egg.variables";

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
  /** Plaintext passwords of server databases by {@code id}, for {@code ?include=password}. */
  public static final String DB_DATABASE_PASSWORD_BY = "talon.persistence.database-password.by";

  public static final String DB_DATABASE_HOST_LIST = "talon.persistence.database-host.list";
  public static final String DB_DATABASE_HOST_FIND = "talon.persistence.database-host.find";
  public static final String DB_DATABASE_HOST_INSERT = "talon.persistence.database-host.insert";
  public static final String DB_DATABASE_HOST_UPDATE = "talon.persistence.database-host.update";
  public static final String DB_DATABASE_HOST_DELETE = "talon.persistence.database-host.delete";
  public static final String DB_DATABASE_LIST = "talon.persistence.database.list";
  public static final String DB_DATABASE_FIND = "talon.persistence.database.find";
  public static final String DB_DATABASE_INSERT = "talon.persistence.database.insert";
  public static final String DB_DATABASE_RESET_PASSWORD = "talon.persistence.database.reset-password";
  public static final String DB_DATABASE_DELETE = "talon.persistence.database.delete";

  /**
   * Drops every database of a server on its database host and deletes their records:
   * {@code {server_id, force}} answers {@code {dropped: n}}. Without {@code force} the first host
   * failure stops it (the databases not yet dropped keep their records); with it, host failures are
   * ignored and every record is deleted. Call it before deleting a server.
   */
  public static final String DATABASES_DROP_FOR_SERVER = "talon.databases.drop-for-server";

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
  /**
   * A server's databases for the Client API: ids are hashids, and each answer carries the
   * plaintext {@code password} only when the request says {@code passwords: true}. Deleting is
   * {@link #DB_DATABASE_DELETE}, with the id the access decision resolved.
   */
  public static final String DB_CLIENT_DATABASE_LIST = "talon.persistence.client-database.list";
  public static final String DB_CLIENT_DATABASE_INSERT = "talon.persistence.client-database.insert";
  public static final String DB_CLIENT_DATABASE_ROTATE_PASSWORD = "talon.persistence.client-database.rotate-password";

  public static final String DB_KEY_FIND = "talon.persistence.key.find";
  public static final String DB_KEY_INSERT = "talon.persistence.key.insert";
  public static final String DB_KEY_LIST = "talon.persistence.key.list";
  public static final String DB_KEY_DELETE = "talon.persistence.key.delete";
  public static final String DB_KEY_TOUCH = "talon.persistence.key.touch";
  public static final String DB_ACTIVITY_APPEND = "talon.persistence.activity.append";
  public static final String DB_ACTIVITY_LIST = "talon.persistence.activity.list";
  public static final String DB_SSH_KEY_LIST = "talon.persistence.ssh-key.list";
  public static final String DB_SSH_KEY_INSERT = "talon.persistence.ssh-key.insert";
  public static final String DB_SSH_KEY_DELETE = "talon.persistence.ssh-key.delete";
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
   * Server events, published after the change is committed, for a daemon connector to act on (Talon
   * itself talks to no daemon). Every body carries {@code {server_id, uuid, identifier (the 8-character
   * short uuid), node_id, status}} (the status after the change; null when installed and running), plus:
   * created: {@code owner_id, egg_id, allocation_id, start_on_completion} (install the server, then start it
   * if asked); updated: {@code change} = {@code "details"} (with {@code owner_id}, and {@code previous_owner_id}
   * when the owner changed: revoke the old owner's console access), {@code "build"} (resync limits and
   * allocations) or {@code "startup"}; suspended / unsuspended: nothing more; reinstalling: nothing more
   * (status is {@code installing}); deleted: {@code force} (the daemon's copy should go; with force the panel
   * row is gone whatever the daemon says).
   */
  public static final String EVENT_SERVER_CREATED = "talon.events.server.created";
  public static final String EVENT_SERVER_UPDATED = "talon.events.server.updated";
  public static final String EVENT_SERVER_SUSPENDED = "talon.events.server.suspended";
  public static final String EVENT_SERVER_UNSUSPENDED = "talon.events.server.unsuspended";
  public static final String EVENT_SERVER_REINSTALLING = "talon.events.server.reinstalling";
  public static final String EVENT_SERVER_DELETED = "talon.events.server.deleted";

  /**
   * Published when changes may have been missed (the database listener reconnected): every cached
   * context must be dropped.
   */
  public static final String EVENT_CACHES_RESET = "talon.events.caches.reset";

  /**
   * Node-internal: what this node's database listener heard, for this node's caches only (published
   * with local delivery on every node). Body: the change notice, with {@code kind} ("key.created",
   * "key.revoked", "user.changed", "reset") and the fields of the matching public event. The public
   * {@code talon.events.*} are published once on the whole cluster by one node; caches must not rely on
   * which node that is, so they follow this address.
   */
  public static final String NODE_CHANGES = "talon.node.changes";
}
