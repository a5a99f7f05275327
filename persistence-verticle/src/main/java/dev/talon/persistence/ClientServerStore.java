package dev.talon.persistence;

import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The Client API's statements about servers: the access decision of a request, the server list and
 * view with their relations (one statement per relation for a whole page), startup variables and
 * settings.
 */
final class ClientServerStore {

  private static final String ACCESS_SELECT = "SELECT s.id, s.uuid, s.owner_id, s.node_id, s.status, "
      + "n.maintenance_mode, su.permissions AS subuser_permissions, su.id IS NOT NULL AS is_subuser";
  private static final String ACCESS_FROM = " FROM servers s JOIN nodes n ON n.id = s.node_id"
      + " LEFT JOIN subusers su ON su.server_id = s.id AND su.user_id = $2";
  /** The child resource a route names, looked up on this server only ($3): its id, or null. */
  private static final Map<String, String> CHILDREN = Map.of(
      "none", ", NULL::bigint AS child_id",
      "allocation", ", (SELECT c.id::bigint FROM allocations c WHERE c.id = $3 AND c.server_id = s.id) AS child_id",
      "backup", ", (SELECT c.id FROM backups c WHERE c.uuid = $3 AND c.server_id = s.id AND c.deleted_at IS NULL)"
          + " AS child_id",
      "subuser", ", (SELECT c.user_id::bigint FROM subusers c JOIN users u ON u.id = c.user_id"
          + " WHERE u.uuid = $3 AND c.server_id = s.id) AS child_id",
      "database", ", (SELECT c.id::bigint FROM databases c WHERE c.id = $3 AND c.server_id = s.id) AS child_id");
  private static final Map<String, String> ACCESS = new HashMap<>();

  static {
    CHILDREN.forEach((child, column) -> {
      ACCESS.put("identifier:" + child, ACCESS_SELECT + column + ACCESS_FROM + " WHERE s.uuid_short = $1");
      ACCESS.put("uuid:" + child, ACCESS_SELECT + column + ACCESS_FROM + " WHERE s.uuid = $1");
    });
  }

  private static final String DETAIL_SELECT = "SELECT s.id, s.uuid, s.uuid_short, s.name, s.description, s.status, "
      + "s.owner_id, s.memory, s.swap, s.disk, s.io, s.cpu, s.threads, s.oom_disabled, s.image, s.startup, "
      + "s.allocation_limit, s.database_limit, s.backup_limit, "
      + "n.name AS node_name, n.fqdn AS node_fqdn, n.daemon_sftp, n.maintenance_mode, e.uuid AS egg_uuid, "
      + "e.name AS egg_name, "
      // an egg without features of its own inherits those of the egg it copies its configuration from
      + "CASE WHEN e.features IS NOT NULL OR e.config_from IS NULL THEN e.features ELSE p.features END AS egg_features, "
      + "su.permissions AS subuser_permissions";
  private static final String DETAIL_FROM = "FROM servers s JOIN nodes n ON n.id = s.node_id "
      + "JOIN eggs e ON e.id = s.egg_id LEFT JOIN eggs p ON p.id = e.config_from "
      + "LEFT JOIN subusers su ON su.server_id = s.id AND su.user_id = $1";
  private static final String VIEW = DETAIL_SELECT + " " + DETAIL_FROM + " WHERE s.id = $2";

  /** Which servers a list shows, by {@code type}; $1 is the caller, whose subuser seat {@code su} is. */
  private static final Map<String, String> SCOPES = Map.of(
      "mine", "(s.owner_id = $1 OR su.id IS NOT NULL)",
      "owner", "s.owner_id = $1",
      "admin", "NOT (s.owner_id = $1 OR su.id IS NOT NULL)");

  private static final Pattern IPV4 = Pattern.compile("^(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\\.){3}"
      + "(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)(?::\\d{1,5})?$");
  private static final Pattern PORT = Pattern.compile("^:\\d{1,5}$");

  private static final ListQuery LIST = new ListQuery(DETAIL_SELECT, DETAIL_FROM, Map.of(
      "uuid", ListQuery.partial("s.uuid"),
      "name", ListQuery.partial("s.name"),
      "description", ListQuery.partial("s.description"),
      "external_id", ListQuery.partial("s.external_id"),
      "*", ClientServerStore::anyField), Map.of(), "s.id");

  private static final String ALLOCATIONS = "SELECT a.server_id AS by_key, " + ClientAllocationStore.COLUMNS
      + " FROM allocations a JOIN servers s ON s.id = a.server_id WHERE a.server_id = ANY($1) ORDER BY a.id";
  private static final String SUBUSERS = "SELECT su.server_id AS by_key, " + SubuserStore.COLUMNS
      + " FROM subusers su JOIN users u ON u.id = su.user_id WHERE su.server_id = ANY($1) ORDER BY su.id";

  private static final String STARTUP = "SELECT s.startup, s.memory, s.image, a.ip, a.port, e.docker_images "
      + "FROM servers s JOIN allocations a ON a.id = s.allocation_id JOIN eggs e ON e.id = s.egg_id WHERE s.id = $1";
  private static final String SET_VARIABLE = "INSERT INTO server_variables (server_id, variable_id, variable_value) "
      + "SELECT s.id, v.id, $3 FROM servers s JOIN egg_variables v ON v.egg_id = s.egg_id WHERE s.id = $1 AND v.id = $2 "
      + "ON CONFLICT (server_id, variable_id) DO UPDATE SET variable_value = EXCLUDED.variable_value, updated_at = now() "
      + "RETURNING id";
  private static final String RENAME = "UPDATE servers SET name = $2, "
      + "description = CASE WHEN $4 THEN $3 ELSE description END, updated_at = now() WHERE id = $1 RETURNING id";
  private static final String SET_IMAGE = "UPDATE servers SET image = $2, updated_at = now() WHERE id = $1 RETURNING id";

  private final Db db;
  private final DatabaseIds databaseIds;

  ClientServerStore(Db db, DatabaseIds databaseIds) {
    this.db = db;
    this.databaseIds = databaseIds;
  }

  /**
   * {@code {by: identifier|uuid, server, user_id, child?: allocation|backup|subuser|database, child_key?}}
   * (a database's key is its hashid or its id):
   * {@code {id, uuid, owner_id, node_id, status, node_maintenance, is_subuser, subuser_permissions,
   * child_id}} in one statement, or null when there is no such server.
   * {@code child_id} is the named child's id on this server (a subuser's user id), null when absent.
   */
  Future<JsonObject> access(JsonObject query) {
    String by = "uuid".equals(query.getString("by")) ? "uuid" : "identifier";
    String child = query.getString("child", "none");
    String sql = ACCESS.get(by + ":" + child);
    if (sql == null) {
      return Future.failedFuture(new IllegalArgumentException("no child " + child));
    }
    Object server = by.equals("uuid") ? UUID.fromString(query.getString("server")) : query.getString("server");
    Tuple params = Tuple.of(server, query.getInteger("user_id"));
    switch (child) {
      case "allocation":
        params.addValue(query.getInteger("child_key"));
        break;
      case "backup":
      case "subuser":
        params.addValue(UUID.fromString(query.getString("child_key")));
        break;
      case "database":
        params.addValue(databaseIds.decode(query.getString("child_key")));
        break;
      default:
        break;
    }
    return db.query(sql, params).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row r = rows.iterator().next();
      return new JsonObject()
          .put("id", r.getInteger("id"))
          .put("uuid", r.getUUID("uuid").toString())
          .put("owner_id", r.getInteger("owner_id"))
          .put("node_id", r.getInteger("node_id"))
          .put("status", r.getString("status"))
          .put("node_maintenance", r.getBoolean("maintenance_mode"))
          .put("is_subuser", r.getBoolean("is_subuser"))
          .put("subuser_permissions", permissions(r.getValue("subuser_permissions")))
          .put("child_id", r.getLong("child_id"));
    });
  }

  /**
   * {@code {user_id, type: mine|owner|admin|admin-all, filters?, limit, offset, subusers?}}: a page of
   * servers with their allocations and variables (and subusers when asked), as {@code {total, data}}.
   */
  Future<JsonObject> list(JsonObject query) {
    String type = query.getString("type", "mine");
    String scope = "admin-all".equals(type) ? null : SCOPES.getOrDefault(type, SCOPES.get("mine"));
    return LIST.run(db, query, scope, List.of(query.getInteger("user_id")), ClientServerStore::server)
        .compose(page -> {
          List<JsonObject> servers = new ArrayList<>();
          page.getJsonArray("data").forEach(s -> servers.add((JsonObject) s));
          return withRelations(servers, query.getBoolean("subusers", false)).map(v -> page);
        });
  }

  /** {@code {server_id, user_id, subusers?}}: one server as {@link #list} shows it, or null. */
  Future<JsonObject> view(JsonObject query) {
    return db.query(VIEW, Tuple.of(query.getInteger("user_id"), query.getInteger("server_id"))).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(null);
      }
      JsonObject server = server(rows.iterator().next());
      return withRelations(List.of(server), query.getBoolean("subusers", false)).map(v -> server);
    });
  }

  private static JsonObject server(Row r) {
    return new JsonObject()
        .put("id", r.getInteger("id"))
        .put("uuid", r.getUUID("uuid").toString())
        .put("identifier", r.getString("uuid_short"))
        .put("name", r.getString("name"))
        .put("description", r.getString("description"))
        .put("status", r.getString("status"))
        .put("owner_id", r.getInteger("owner_id"))
        .put("memory", r.getInteger("memory"))
        .put("swap", r.getInteger("swap"))
        .put("disk", r.getInteger("disk"))
        .put("io", r.getInteger("io"))
        .put("cpu", r.getInteger("cpu"))
        .put("threads", r.getString("threads"))
        .put("oom_disabled", r.getBoolean("oom_disabled"))
        .put("image", r.getString("image"))
        .put("startup", r.getString("startup"))
        .put("allocation_limit", r.getInteger("allocation_limit"))
        .put("database_limit", r.getInteger("database_limit"))
        .put("backup_limit", r.getInteger("backup_limit"))
        .put("node", new JsonObject()
            .put("name", r.getString("node_name"))
            .put("fqdn", r.getString("node_fqdn"))
            .put("sftp_port", r.getInteger("daemon_sftp"))
            .put("maintenance", r.getBoolean("maintenance_mode")))
        .put("egg", new JsonObject().put("uuid", r.getUUID("egg_uuid").toString()).put("name", r.getString("egg_name")))
        .put("egg_features", r.getValue("egg_features"))
        .put("subuser_permissions", permissions(r.getValue("subuser_permissions")));
  }

  /** Adds {@code allocations}, {@code variables} and, when asked, {@code subusers} to every server. */
  private Future<Void> withRelations(List<JsonObject> servers, boolean subusers) {
    if (servers.isEmpty()) {
      return Future.succeededFuture();
    }
    Integer[] ids = servers.stream().map(s -> s.getInteger("id")).toArray(Integer[]::new);
    Future<Map<Integer, JsonArray>> allocations = grouped(ALLOCATIONS, ids, ClientAllocationStore::allocation);
    Future<Map<Integer, JsonArray>> variables = grouped(ServerStore.VARIABLES_OF_SERVERS, ids, ClientServerStore::variable);
    Future<Map<Integer, JsonArray>> seats = subusers ? grouped(SUBUSERS, ids, SubuserStore::subuser)
        : Future.succeededFuture(null);
    return Future.all(allocations, variables, seats).map(all -> {
      for (JsonObject server : servers) {
        Integer id = server.getInteger("id");
        server.put("allocations", allocations.result().getOrDefault(id, new JsonArray()));
        server.put("variables", variables.result().getOrDefault(id, new JsonArray()));
        if (subusers) {
          server.put("subusers", seats.result().getOrDefault(id, new JsonArray()));
        }
      }
      return null;
    });
  }

  private Future<Map<Integer, JsonArray>> grouped(String sql, Integer[] ids, Function<Row, JsonObject> mapper) {
    return db.query(sql, Tuple.of((Object) ids)).map(rows -> {
      Map<Integer, JsonArray> out = new LinkedHashMap<>();
      rows.forEach(r -> out.computeIfAbsent(r.getInteger("by_key"), k -> new JsonArray()).add(mapper.apply(r)));
      return out;
    });
  }

  private static JsonObject variable(Row r) {
    return new JsonObject()
        .put("id", r.getInteger("id"))
        .put("name", r.getString("name"))
        .put("description", r.getString("description"))
        .put("env_variable", r.getString("env_variable"))
        .put("default_value", r.getString("default_value"))
        .put("server_value", r.getString("server_value"))
        .put("user_viewable", r.getBoolean("user_viewable"))
        .put("user_editable", r.getBoolean("user_editable"))
        .put("rules", r.getString("rules"));
  }

  /**
   * {@code {server_id}}: what the startup routes need: {@code startup, memory, image, ip, port}
   * (primary allocation), {@code docker_images} (the egg's) and every egg variable with this
   * server's value.
   */
  Future<JsonObject> startup(JsonObject query) {
    Integer id = query.getInteger("server_id");
    return db.query(STARTUP, Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(new TalonException(Failure.NOT_FOUND));
      }
      Row r = rows.iterator().next();
      Object images = r.getValue("docker_images");
      JsonObject startup = new JsonObject()
          .put("startup", r.getString("startup"))
          .put("memory", r.getInteger("memory"))
          .put("image", r.getString("image"))
          .put("ip", r.getString("ip"))
          .put("port", r.getInteger("port"))
          .put("docker_images", images instanceof JsonObject o ? o : new JsonObject());
      return grouped(ServerStore.VARIABLES_OF_SERVERS, new Integer[] {id}, ClientServerStore::variable)
          .map(vars -> startup.put("variables", vars.getOrDefault(id, new JsonArray())));
    });
  }

  /** {@code {server_id, variable_id, value}}: sets this server's value; answers {@link #startup}. */
  Future<JsonObject> setVariable(JsonObject change) {
    Integer id = change.getInteger("server_id");
    return db.query(SET_VARIABLE, Tuple.of(id, change.getInteger("variable_id"), change.getString("value")))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
            : startup(new JsonObject().put("server_id", id)));
  }

  /** {@code {server_id, name, description?}}: a description left out stays as it is. */
  Future<JsonObject> rename(JsonObject change) {
    boolean describe = change.containsKey("description");
    return db.query(RENAME, Tuple.of(change.getInteger("server_id"), change.getString("name"),
            describe ? change.getString("description") : null, describe))
        .compose(ClientServerStore::found);
  }

  /** {@code {server_id, image}}. */
  Future<JsonObject> setImage(JsonObject change) {
    return db.query(SET_IMAGE, Tuple.of(change.getInteger("server_id"), change.getString("image")))
        .compose(ClientServerStore::found);
  }

  private static Future<JsonObject> found(RowSet<Row> rows) {
    return rows.size() == 0 ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
        : Future.succeededFuture(new JsonObject().put("id", rows.iterator().next().getInteger("id")));
  }

  /**
   * Pterodactyl's {@code filter[*]}: an IPv4 address (with a port prefix after a colon) or
   * {@code :port} matches the server's allocations; anything else matches the uuid exactly or as
   * a prefix, the 8-character identifier, the external id, or a part of the name.
   */
  private static String anyField(String raw, List<Object> params) {
    String value = raw.strip();
    if (IPV4.matcher(value).matches() || PORT.matcher(value).matches()) {
      String[] parts = value.split(":", -1);
      List<String> conditions = new ArrayList<>();
      if (!value.startsWith(":")) {
        params.add(parts[0]);
        conditions.add("fa.ip = $" + params.size());
      }
      if (parts.length > 1) {
        params.add(like(parts[1]) + "%");
        conditions.add("fa.port::text LIKE $" + params.size() + " ESCAPE '\\'");
      }
      return "EXISTS (SELECT 1 FROM allocations fa WHERE fa.server_id = s.id AND "
          + String.join(" AND ", conditions) + ")";
    }
    String lower = value.toLowerCase(Locale.ROOT);
    params.add(lower);
    int exact = params.size();
    params.add(like(lower) + "%");
    int prefix = params.size();
    params.add("%" + like(lower) + "%");
    int contains = params.size();
    return "(s.uuid::text = $" + exact + " OR s.uuid::text LIKE $" + prefix + " ESCAPE '\\'"
        + " OR lower(s.uuid_short) = $" + exact + " OR lower(s.external_id) = $" + exact
        + " OR lower(s.name) LIKE $" + contains + " ESCAPE '\\')";
  }

  private static String like(String value) {
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /** A JSONB permission list as stored; null (no seat) stays null. */
  static JsonArray permissions(Object stored) {
    if (stored == null) {
      return null;
    }
    return stored instanceof JsonArray array ? array : new JsonArray();
  }
}
