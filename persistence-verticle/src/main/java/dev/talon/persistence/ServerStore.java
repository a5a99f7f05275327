package dev.talon.persistence;

import dev.talon.contracts.Dates;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import dev.talon.contracts.ValidationErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every statement about servers, their variables and subusers. Writes that span several statements
 * run in one transaction; the allocation rows a creation takes are locked first, so two creations can
 * never take the same allocation.
 */
final class ServerStore {

  /** The columns {@link #server} reads: the server, its location's short code, and its egg variables' values. */
  private static final String COLUMNS = "s.id, s.external_id, s.uuid, s.uuid_short, s.name, s.description, s.status, "
      + "s.memory, s.swap, s.disk, s.io, s.cpu, s.threads, s.oom_disabled, s.database_limit, s.allocation_limit, "
      + "s.backup_limit, s.owner_id, s.node_id, s.allocation_id, s.nest_id, s.egg_id, s.startup, s.image, "
      + "s.created_at, s.updated_at, l.short AS location_short, "
      + "(SELECT json_object_agg(v.env_variable, coalesce(sv.variable_value, v.default_value) ORDER BY v.id) "
      + "FROM egg_variables v LEFT JOIN server_variables sv ON sv.variable_id = v.id AND sv.server_id = s.id "
      + "WHERE v.egg_id = s.egg_id) AS variables";
  private static final String FROM = "FROM servers s JOIN nodes n ON n.id = s.node_id JOIN locations l ON l.id = n.location_id";
  private static final String FIND_BY_ID = "SELECT " + COLUMNS + " " + FROM + " WHERE s.id = $1";
  private static final String FIND_BY_EXTERNAL_ID = "SELECT " + COLUMNS + " " + FROM
      + " WHERE lower(s.external_id) = lower($1)";
  private static final ListQuery LIST = new ListQuery("SELECT " + COLUMNS, FROM,
      Map.of("uuid", ListQuery.partial("s.uuid"), "uuidShort", ListQuery.partial("s.uuid_short"),
          "name", ListQuery.partial("s.name"), "description", ListQuery.partial("s.description"),
          "image", ListQuery.partial("s.image"), "external_id", ListQuery.partial("s.external_id")),
      Map.of("id", "s.id", "uuid", "s.uuid::text"), "s.id");
  private static final Map<String, String> RELATED = Map.of(
      "id", related("s.id", "s.id = ANY($1)"),
      "owner_id", related("s.owner_id", "s.owner_id = ANY($1)"),
      "node_id", related("s.node_id", "s.node_id = ANY($1)"),
      "nest_id", related("s.nest_id", "s.nest_id = ANY($1)"),
      "egg_id", related("s.egg_id", "s.egg_id = ANY($1)"),
      "location_id", related("n.location_id", "n.location_id = ANY($1)"),
      "allocation_id", "SELECT a.id AS by_key, " + COLUMNS + " FROM allocations a JOIN servers s ON s.id = a.server_id "
          + "JOIN nodes n ON n.id = s.node_id JOIN locations l ON l.id = n.location_id WHERE a.id = ANY($1) ORDER BY s.id");
  /** Every variable of the servers' eggs with each server's value ({@code by_key} = server id; {@code $1} the ids). */
  static final String VARIABLES_OF_SERVERS =
      "SELECT s.id AS by_key, v.id, v.egg_id, v.name, v.description, v.env_variable, v.default_value, v.user_viewable, "
          + "v.user_editable, v.rules, v.created_at, v.updated_at, sv.variable_value AS server_value "
          + "FROM servers s JOIN egg_variables v ON v.egg_id = s.egg_id "
          + "LEFT JOIN server_variables sv ON sv.variable_id = v.id AND sv.server_id = s.id "
          + "WHERE s.id = ANY($1) ORDER BY s.id, v.id";
  private static final Map<String, String> RELATED_VARIABLES = Map.of("server_id", VARIABLES_OF_SERVERS);
  private static final Map<String, String> RELATED_SUBUSERS = Map.of("server_id",
      "SELECT su.server_id AS by_key, su.id, su.user_id, su.server_id, su.permissions, su.created_at, su.updated_at "
          + "FROM subusers su WHERE su.server_id = ANY($1) ORDER BY su.id");
  private static final String EGG_VARIABLES = "SELECT e.id AS egg, v.id, v.name, v.env_variable, v.default_value, v.rules "
      + "FROM eggs e LEFT JOIN egg_variables v ON v.egg_id = e.id WHERE e.id = $1 ORDER BY v.id";

  private static final String REFERENCES = "SELECT EXISTS (SELECT 1 FROM users WHERE id = $1) AS user_exists, "
      + "(SELECT nest_id FROM eggs WHERE id = $2) AS nest_id, "
      + "($3::text IS NOT NULL AND EXISTS (SELECT 1 FROM servers WHERE lower(external_id) = lower($3::text) "
      + "AND id IS DISTINCT FROM $4)) AS external_id_taken";
  private static final String LOCK_ALLOCATIONS = "SELECT id, node_id, server_id FROM allocations WHERE id = ANY($1) "
      + "ORDER BY id FOR UPDATE";
  /** Pterodactyl's FindViableNodesService: public nodes, in the locations asked for, with room after over-allocation. */
  private static final String VIABLE_NODES = "SELECT n.id FROM nodes n LEFT JOIN servers s ON s.node_id = n.id "
      + "WHERE n.public AND (cardinality($1::int[]) = 0 OR n.location_id = ANY($1::int[])) "
      + "GROUP BY n.id HAVING coalesce(sum(s.memory), 0) + $2::int <= n.memory * (1 + n.memory_overallocate / 100.0) "
      + "AND coalesce(sum(s.disk), 0) + $3::int <= n.disk * (1 + n.disk_overallocate / 100.0)";
  private static final String UUID_TAKEN = "SELECT EXISTS (SELECT 1 FROM servers WHERE uuid = $1 OR uuid_short = $2)";
  private static final String INSERT = "INSERT INTO servers (external_id, uuid, uuid_short, node_id, name, description, "
      + "status, skip_scripts, owner_id, memory, swap, disk, io, cpu, threads, oom_disabled, allocation_id, nest_id, "
      + "egg_id, startup, image, allocation_limit, database_limit, backup_limit) VALUES ($1, $2, $3, $4, $5, $6, "
      + "'installing', $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23) RETURNING id";
  private static final String ASSIGN = "UPDATE allocations SET server_id = $1, updated_at = now() WHERE id = ANY($2)";
  /** Every variable of the egg gets a row: the value the API resolved, else (an egg edited meanwhile) the default. */
  private static final String SET_VARIABLES = "INSERT INTO server_variables (server_id, variable_id, variable_value) "
      + "SELECT $1, v.id, coalesce(e.value, v.default_value) FROM egg_variables v "
      + "LEFT JOIN json_each_text($2::json) e ON e.key = v.env_variable WHERE v.egg_id = $3 "
      + "ON CONFLICT (server_id, variable_id) DO UPDATE SET variable_value = EXCLUDED.variable_value, updated_at = now()";
  private static final String LOCK_SERVER = "SELECT id, node_id, allocation_id FROM servers WHERE id = $1 FOR UPDATE";
  private static final String UPDATE_DETAILS = "UPDATE servers SET external_id = $2, name = $3, owner_id = $4, "
      + "description = $5, updated_at = now() WHERE id = $1";
  private static final String ALLOCATION_STATE = "SELECT EXISTS (SELECT 1 FROM servers WHERE allocation_id = $2 AND id <> $1) "
      + "AS taken, EXISTS (SELECT 1 FROM allocations WHERE id = $2) AS exists_at_all";
  private static final String ADD_ALLOCATIONS = "UPDATE allocations SET server_id = $1, notes = NULL, updated_at = now() "
      + "WHERE node_id = $2 AND id = ANY($3) AND server_id IS NULL RETURNING id";
  private static final String REMOVE_ALLOCATIONS = "UPDATE allocations SET server_id = NULL, notes = NULL, "
      + "updated_at = now() WHERE node_id = $2 AND server_id = $1 AND id = ANY($3)";
  private static final String HOLDS_ALLOCATION = "SELECT 1 FROM allocations WHERE id = $2 AND server_id = $1";
  private static final String EGG_NEST = "SELECT nest_id FROM eggs WHERE id = $1";
  private static final String UPDATE_STARTUP = "UPDATE servers SET egg_id = $2, nest_id = $3, startup = $4, image = $5, "
      + "skip_scripts = $6, updated_at = now() WHERE id = $1";
  private static final String SUSPENSION = "UPDATE servers SET status = CASE WHEN $2 THEN 'suspended' END, "
      + "updated_at = now() WHERE id = $1 AND coalesce(status = 'suspended', false) <> $2 RETURNING id";
  private static final String REINSTALL = "UPDATE servers SET status = 'installing', updated_at = now() WHERE id = $1 "
      + "RETURNING id";
  /** Read after the server's lock, which a database creation takes too: none can be made after it. */
  private static final String COUNT_DATABASES = "SELECT count(*) FROM databases WHERE server_id = $1";
  private static final String DELETE = "DELETE FROM servers WHERE id = $1 RETURNING id, uuid, uuid_short, node_id, status";

  private static final Pattern PORT_RANGE = Pattern.compile("^(\\d{4,5})-(\\d{4,5})$");
  private static final int PORT_RANGE_LIMIT = 1000;
  /** Laravel's default model serialisation, which Pterodactyl's raw egg variable rows use. */

  private final Db db;

  ServerStore(Db db) {
    this.db = db;
  }

  private static String related(String key, String condition) {
    return "SELECT " + key + " AS by_key, " + COLUMNS + " " + FROM + " WHERE " + condition + " ORDER BY s.id";
  }

  /** Pterodactyl's application {@code server} object (ServerTransformer), with its container environment. */
  static JsonObject server(Row r) {
    String uuid = r.getUUID("uuid").toString();
    String status = r.getString("status");
    String startup = r.getString("startup");
    Integer allocationLimit = r.getInteger("allocation_limit");
    // the egg's variables first, then the panel's own, overriding any variable of the same name
    JsonObject environment = new JsonObject();
    if (r.getValue("variables") instanceof JsonObject variables) {
      variables.forEach(e -> environment.put(e.getKey(), e.getValue()));
    }
    environment.put("STARTUP", startup)
        .put("P_SERVER_LOCATION", r.getString("location_short"))
        .put("P_SERVER_UUID", uuid)
        .put("P_SERVER_ALLOCATION_LIMIT", allocationLimit);
    boolean installed = !"installing".equals(status) && !"install_failed".equals(status);
    return new JsonObject()
        .put("id", r.getInteger("id"))
        .put("external_id", r.getString("external_id"))
        .put("uuid", uuid)
        .put("identifier", r.getString("uuid_short"))
        .put("name", r.getString("name"))
        .put("description", r.getString("description"))
        .put("status", status)
        .put("suspended", "suspended".equals(status))
        .put("limits", new JsonObject()
            .put("memory", r.getInteger("memory"))
            .put("swap", r.getInteger("swap"))
            .put("disk", r.getInteger("disk"))
            .put("io", r.getInteger("io"))
            .put("cpu", r.getInteger("cpu"))
            .put("threads", r.getString("threads"))
            .put("oom_disabled", r.getBoolean("oom_disabled")))
        .put("feature_limits", new JsonObject()
            .put("databases", r.getInteger("database_limit"))
            .put("allocations", allocationLimit)
            .put("backups", r.getInteger("backup_limit")))
        .put("user", r.getInteger("owner_id"))
        .put("node", r.getInteger("node_id"))
        .put("allocation", r.getInteger("allocation_id"))
        .put("nest", r.getInteger("nest_id"))
        .put("egg", r.getInteger("egg_id"))
        .put("container", new JsonObject()
            .put("startup_command", startup)
            .put("image", r.getString("image"))
            .put("installed", installed ? 1 : 0)
            .put("environment", environment))
        .put("updated_at", Dates.atom(r.getOffsetDateTime("updated_at")))
        .put("created_at", Dates.atom(r.getOffsetDateTime("created_at")));
  }

  /** A {@code server_variable}: the egg variable row (dates as Laravel serialises models) and this server's value. */
  static JsonObject serverVariable(Row r) {
    return EggStore.variable(r).put("server_value", r.getString("server_value"));
  }

  static JsonObject subuser(Row r) {
    Object permissions = r.getValue("permissions");
    return new JsonObject()
        .put("id", r.getInteger("id"))
        .put("user_id", r.getInteger("user_id"))
        .put("server_id", r.getInteger("server_id"))
        .put("permissions", permissions instanceof JsonArray a ? a : new JsonArray())
        .put("created_at", Dates.atom(r.getOffsetDateTime("created_at")))
        .put("updated_at", Dates.atom(r.getOffsetDateTime("updated_at")));
  }

  /** Application API listing (see ListQuery). */
  Future<JsonObject> list(JsonObject query) {
    return LIST.run(db, query, ServerStore::server);
  }

  /**
   * For {@code ?include=}: by {@code id}, {@code owner_id}, {@code node_id}, {@code nest_id},
   * {@code egg_id}, {@code location_id} (through the node) or {@code allocation_id} (the server holding
   * that allocation).
   */
  Future<JsonObject> related(JsonObject query) {
    return ListQuery.related(db, query, RELATED, ServerStore::server);
  }

  /** For {@code ?include=variables}: {@code {field: "server_id", values}}. */
  Future<JsonObject> relatedVariables(JsonObject query) {
    return ListQuery.related(db, query, RELATED_VARIABLES, ServerStore::serverVariable);
  }

  /** For {@code ?include=subusers}: {@code {field: "server_id", values}}. */
  Future<JsonObject> relatedSubusers(JsonObject query) {
    return ListQuery.related(db, query, RELATED_SUBUSERS, ServerStore::subuser);
  }

  /** {@code {id}} or {@code {external_id}} (any case): the server, or null. */
  Future<JsonObject> find(JsonObject query) {
    Future<RowSet<Row>> rows = query.containsKey("id")
        ? db.query(FIND_BY_ID, Tuple.of(query.getInteger("id")))
        : db.query(FIND_BY_EXTERNAL_ID, Tuple.of(query.getString("external_id")));
    return rows.map(rs -> rs.size() == 0 ? null : server(rs.iterator().next()));
  }

  /** {@code {egg_id}}: {@code {exists, variables: [{id, name, env_variable, default_value, rules}]}}. */
  Future<JsonObject> eggVariables(JsonObject query) {
    return db.query(EGG_VARIABLES, Tuple.of(query.getInteger("egg_id"))).map(rows -> {
      JsonArray variables = new JsonArray();
      for (Row r : rows) {
        if (r.getInteger("id") != null) {
          variables.add(new JsonObject()
              .put("id", r.getInteger("id"))
              .put("name", r.getString("name"))
              .put("env_variable", r.getString("env_variable"))
              .put("default_value", r.getString("default_value"))
              .put("rules", r.getString("rules")));
        }
      }
      return new JsonObject().put("exists", rows.size() > 0).put("variables", variables);
    });
  }

  /**
   * Creates a server (see the API's ServerRequests for the fields): checks that the user, the egg and
   * the allocations exist and that the allocations are free (locking them), or picks a node and a free
   * allocation for {@code deploy}; then the row (status {@code installing}, a fresh uuid whose first 8
   * characters are unique too), the allocations and a value for every egg variable. Answers the server.
   */
  Future<JsonObject> insert(JsonObject request) {
    ValidationErrors errors = new ValidationErrors();
    return db.inTransaction(conn -> references(conn, request, null, errors)
        .compose(nestId -> placement(conn, request, errors).map(placement -> placement.withNest(nestId)))
        .compose(placement -> freshUuid(conn).compose(uuid -> insertRow(conn, request, placement, uuid)
            .compose(id -> assignAllocations(conn, id, placement)
                .compose(v -> db.query(conn, SET_VARIABLES, Tuple.of(id, request.getJsonObject("environment"),
                    request.getInteger("egg_id"))))
                .compose(v -> findOn(conn, id))))))
        .recover(t -> Future.failedFuture(creationConflict(t)));
  }

  /** Where a new server goes: its node, primary allocation, extra allocations and (once known) nest. */
  private record Placement(int nodeId, int allocationId, List<Integer> additional, Integer nestId) {
    Placement withNest(Integer nest) {
      return new Placement(nodeId, allocationId, additional, nest);
    }

    List<Integer> allocations() {
      Set<Integer> all = new LinkedHashSet<>();
      all.add(allocationId);
      all.addAll(additional);
      return new ArrayList<>(all);
    }
  }

  /**
   * The references a creation or a details change names, in Pterodactyl's field order: external id
   * free (another server's, for {@code serverId}), user and egg existing; failures go to {@code errors}.
   * Answers the egg's nest id.
   */
  private Future<Integer> references(SqlConnection conn, JsonObject request, Integer serverId, ValidationErrors errors) {
    Tuple params = Tuple.of(request.getInteger("owner_id"), request.getInteger("egg_id"),
        request.getString("external_id"), serverId);
    return db.query(conn, REFERENCES, params).map(rows -> {
      Row r = rows.iterator().next();
      if (r.getBoolean("external_id_taken")) {
        errors.add("external_id", "unique", "The external id has already been taken.");
      }
      if (!r.getBoolean("user_exists")) {
        errors.add("user", "exists", serverId == null ? "The selected user is invalid." : "The selected User ID is invalid.");
      }
      if (request.containsKey("egg_id") && r.getInteger("nest_id") == null) {
        errors.add("egg", "exists", "The selected egg is invalid.");
      }
      return r.getInteger("nest_id");
    });
  }

  /**
   * Locks the allocations named and checks each is there and free (failures join {@code errors}, then
   * all of them are the 422); then, in deploy mode, picks the primary one.
   */
  private Future<Placement> placement(SqlConnection conn, JsonObject request, ValidationErrors errors) {
    JsonObject deploy = request.getJsonObject("deploy");
    Integer primary = request.getInteger("allocation_id");
    List<Integer> additional = new ArrayList<>();
    request.getJsonArray("additional_allocations", new JsonArray()).forEach(id -> additional.add((Integer) id));
    List<Integer> named = new ArrayList<>(additional);
    if (primary != null) {
      named.add(primary);
    }
    return db.query(conn, LOCK_ALLOCATIONS, Tuple.of((Object) named.toArray(new Integer[0]))).compose(rows -> {
      Map<Integer, Row> locked = new HashMap<>();
      rows.forEach(r -> locked.put(r.getInteger("id"), r));
      if (deploy == null && !isFree(locked.get(primary))) {
        errors.add("allocation.default", "exists", "The selected allocation.default is invalid.");
      }
      for (int i = 0; i < additional.size(); i++) {
        if (!isFree(locked.get(additional.get(i)))) {
          String field = "allocation.additional." + i;
          errors.add(field, "exists", "The selected " + field + " is invalid.");
        }
      }
      if (deploy == null) {
        return failIfAny(errors).map(v -> new Placement(locked.get(primary).getInteger("node_id"), primary, additional, null));
      }
      return failIfAny(errors).compose(v -> deploy(conn, request, deploy, additional));
    });
  }

  private static boolean isFree(Row allocation) {
    return allocation != null && allocation.getInteger("server_id") == null;
  }

  /**
   * Pterodactyl's automatic deployment: viable nodes (400 NoViableNodeException), then one random free
   * allocation on them matching the port ranges, on an IP with no assigned allocation when
   * {@code dedicated_ip} (400 NoViableAllocationException). Locked rows are skipped, not waited for.
   */
  private Future<Placement> deploy(SqlConnection conn, JsonObject request, JsonObject deploy, List<Integer> additional) {
    Integer[] locations = deploy.getJsonArray("locations", new JsonArray()).stream()
        .map(id -> (Integer) id).toArray(Integer[]::new);
    Tuple nodeParams = Tuple.of(locations, request.getInteger("memory"), request.getInteger("disk"));
    return db.query(conn, VIABLE_NODES, nodeParams).compose(rows -> {
      List<Integer> nodes = new ArrayList<>();
      rows.forEach(r -> nodes.add(r.getInteger("id")));
      if (nodes.isEmpty()) {
        return Future.failedFuture(TalonException.named(Failure.DISPLAY, "NoViableNodeException",
            "No nodes satisfying the requirements specified for automatic deployment could be found."));
      }
      List<Object> params = new ArrayList<>();
      params.add(nodes.toArray(new Integer[0]));
      params.add(additional.toArray(new Integer[0]));
      StringBuilder sql = new StringBuilder("SELECT a.id, a.node_id FROM allocations a WHERE a.server_id IS NULL "
          + "AND a.node_id = ANY($1) AND NOT (a.id = ANY($2))");
      List<String> ports = new ArrayList<>();
      for (Object entry : deploy.getJsonArray("port_range", new JsonArray())) {
        String port = String.valueOf(entry);
        if (port.matches("\\d+")) {
          // digits that cannot be a port still filter, and match nothing
          if (port.length() > 5) {
            ports.add("FALSE");
          } else {
            params.add(Integer.parseInt(port));
            ports.add("a.port = $" + params.size());
          }
          continue;
        }
        Matcher range = PORT_RANGE.matcher(port);
        if (range.matches()) {
          int start = Integer.parseInt(range.group(1));
          int end = Integer.parseInt(range.group(2));
          if (Math.abs(end - start) > PORT_RANGE_LIMIT) {
            return Future.failedFuture(TalonException.named(Failure.DISPLAY, "DisplayException",
                "Adding more than 1000 ports in a single range at once is not supported."));
          }
          params.add(start);
          params.add(end);
          ports.add("a.port BETWEEN $" + (params.size() - 1) + " AND $" + params.size());
        }
      }
      if (!ports.isEmpty()) {
        sql.append(" AND (").append(String.join(" OR ", ports)).append(")");
      }
      if (deploy.getBoolean("dedicated_ip", false)) {
        sql.append(" AND NOT EXISTS (SELECT 1 FROM allocations d WHERE d.server_id IS NOT NULL "
            + "AND d.node_id = a.node_id AND d.ip = a.ip)");
      }
      sql.append(" ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED");
      return db.query(conn, sql.toString(), Tuple.from(params)).compose(picked -> picked.size() == 0
          ? Future.failedFuture(TalonException.named(Failure.DISPLAY, "NoViableAllocationException",
              "No allocations satisfying the requirements for automatic deployment were found."))
          : Future.succeededFuture(new Placement(picked.iterator().next().getInteger("node_id"),
              picked.iterator().next().getInteger("id"), additional, null)));
    });
  }

  /** A v4 uuid neither whose whole nor whose first 8 characters (the identifier) a server already has. */
  private Future<UUID> freshUuid(SqlConnection conn) {
    UUID uuid = UUID.randomUUID();
    return db.query(conn, UUID_TAKEN, Tuple.of(uuid, uuid.toString().substring(0, 8)))
        .compose(rows -> rows.iterator().next().getBoolean(0) ? freshUuid(conn) : Future.succeededFuture(uuid));
  }

  private Future<Integer> insertRow(SqlConnection conn, JsonObject request, Placement placement, UUID uuid) {
    Tuple params = Tuple.tuple()
        .addValue(request.getString("external_id"))
        .addValue(uuid)
        .addValue(uuid.toString().substring(0, 8))
        .addValue(placement.nodeId())
        .addValue(request.getString("name"))
        .addValue(request.getString("description", ""))
        .addValue(request.getBoolean("skip_scripts", false))
        .addValue(request.getInteger("owner_id"))
        .addValue(request.getInteger("memory"))
        .addValue(request.getInteger("swap"))
        .addValue(request.getInteger("disk"))
        .addValue(request.getInteger("io"))
        .addValue(request.getInteger("cpu"))
        .addValue(request.getString("threads"))
        .addValue(request.getBoolean("oom_disabled", true))
        .addValue(placement.allocationId())
        .addValue(placement.nestId())
        .addValue(request.getInteger("egg_id"))
        .addValue(request.getString("startup"))
        .addValue(request.getString("image"))
        .addValue(request.getInteger("allocation_limit", 0))
        .addValue(request.getInteger("database_limit", 0))
        .addValue(request.getInteger("backup_limit", 0));
    return db.query(conn, INSERT, params).map(rows -> rows.iterator().next().getInteger("id"));
  }

  private Future<RowSet<Row>> assignAllocations(SqlConnection conn, int serverId, Placement placement) {
    return db.query(conn, ASSIGN, Tuple.of(serverId, (Object) placement.allocations().toArray(new Integer[0])));
  }

  /** A unique index that fired despite the checks (a concurrent write): the field it guards, as a 422. */
  private static Throwable creationConflict(Throwable t) {
    if (DbFailures.isUniqueViolation(t, "servers_external_id_unique")) {
      return TalonException.invalid("external_id", "unique", "The external id has already been taken.");
    }
    if (DbFailures.isUniqueViolation(t, "servers_allocation_id_key")) {
      return TalonException.invalid("allocation.default", "exists", "The selected allocation.default is invalid.");
    }
    return DbFailures.map(t);
  }

  private Future<JsonObject> findOn(SqlConnection conn, int id) {
    return db.query(conn, FIND_BY_ID, Tuple.of(id)).map(rows -> server(rows.iterator().next()));
  }

  /** Locks the server row for a change; NOT_FOUND when there is none. */
  private Future<Row> lockServer(SqlConnection conn, int id) {
    return db.query(conn, LOCK_SERVER, Tuple.of(id)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
        : Future.succeededFuture(rows.iterator().next()));
  }

  /** {@code {id, external_id, name, owner_id, description}}: a full replace; answers the server. */
  Future<JsonObject> updateDetails(JsonObject request) {
    int id = request.getInteger("id");
    return db.inTransaction(conn -> lockServer(conn, id)
        .compose(locked -> {
          ValidationErrors errors = new ValidationErrors();
          return references(conn, request, id, errors).compose(nest -> failIfAny(errors));
        })
        .compose(v -> db.query(conn, UPDATE_DETAILS, Tuple.of(id, request.getString("external_id"),
            request.getString("name"), request.getInteger("owner_id"), request.getString("description", ""))))
        .compose(v -> findOn(conn, id)))
        .recover(t -> Future.failedFuture(creationConflict(t)));
  }

  /**
   * {@code {id, allocation_id, add_allocations, remove_allocations, limits: {memory?, swap?, io?, cpu?,
   * threads?, disk?}, oom_disabled?, database_limit, allocation_limit, backup_limit}}, as Pterodactyl's
   * BuildModificationService: allocations added (free ones on the server's node) and removed (the primary
   * only when one was just added, which replaces it), the primary checked to belong to the server, then the
   * limits sent. Answers the server.
   */
  Future<JsonObject> updateBuild(JsonObject request) {
    int id = request.getInteger("id");
    int requested = request.getInteger("allocation_id");
    return db.inTransaction(conn -> lockServer(conn, id).compose(server -> db.query(conn, ALLOCATION_STATE,
            Tuple.of(id, requested)).compose(state -> {
              Row r = state.iterator().next();
              if (r.getBoolean("taken")) {
                return Future.failedFuture(TalonException.invalid("allocation", "unique",
                    "The allocation has already been taken."));
              }
              if (!r.getBoolean("exists_at_all")) {
                return Future.failedFuture(TalonException.invalid("allocation", "exists",
                    "The selected allocation is invalid."));
              }
              return reassignAllocations(conn, server, request);
            })
            .compose(primary -> primary.equals(server.getInteger("allocation_id")) ? Future.succeededFuture(primary)
                : db.query(conn, HOLDS_ALLOCATION, Tuple.of(id, primary)).compose(rows -> rows.size() == 0
                    ? Future.failedFuture(TalonException.named(Failure.DISPLAY, "DisplayException",
                        "The requested default allocation is not currently assigned to this server."))
                    : Future.succeededFuture(primary)))
            .compose(primary -> updateLimits(conn, id, primary, request))
            .compose(v -> findOn(conn, id))))
        .recover(t -> Future.failedFuture(DbFailures.isUniqueViolation(t, "servers_allocation_id_key")
            ? TalonException.invalid("allocation", "unique", "The allocation has already been taken.")
            : DbFailures.map(t)));
  }

  /** Adds and removes allocations; answers the primary allocation the server ends with. */
  private Future<Integer> reassignAllocations(SqlConnection conn, Row server, JsonObject request) {
    int id = server.getInteger("id");
    int nodeId = server.getInteger("node_id");
    int requested = request.getInteger("allocation_id");
    List<Integer> add = ints(request.getJsonArray("add_allocations"));
    List<Integer> remove = ints(request.getJsonArray("remove_allocations"));
    Future<Integer> fresh = add.isEmpty() ? Future.succeededFuture(null)
        : db.query(conn, ADD_ALLOCATIONS, Tuple.of(id, nodeId, add.toArray(new Integer[0]))).map(rows -> {
          Integer first = null;
          for (Row r : rows) {
            first = first == null ? r.getInteger("id") : Math.min(first, r.getInteger("id"));
          }
          return first;
        });
    return fresh.compose(freshlyAdded -> {
      if (remove.isEmpty()) {
        return Future.succeededFuture(requested);
      }
      int primary = requested;
      if (remove.contains(requested)) {
        if (freshlyAdded == null) {
          return Future.failedFuture(TalonException.named(Failure.DISPLAY, "DisplayException",
              "You are attempting to delete the default allocation for this server but there is no fallback "
                  + "allocation to use."));
        }
        primary = freshlyAdded;
      }
      List<Integer> released = new ArrayList<>(remove);
      released.removeAll(add);
      int result = primary;
      return db.query(conn, REMOVE_ALLOCATIONS, Tuple.of(id, nodeId, released.toArray(new Integer[0])))
          .map(v -> result);
    });
  }

  private Future<RowSet<Row>> updateLimits(SqlConnection conn, int id, int primary, JsonObject request) {
    StringBuilder sql = new StringBuilder("UPDATE servers SET allocation_id = $2, database_limit = $3, "
        + "allocation_limit = $4, backup_limit = $5, updated_at = now()");
    Tuple params = Tuple.of(id, primary, request.getInteger("database_limit"), request.getInteger("allocation_limit"),
        request.getInteger("backup_limit", 0));
    JsonObject limits = request.getJsonObject("limits", new JsonObject());
    for (String column : List.of("memory", "swap", "io", "cpu", "threads", "disk")) {
      if (limits.containsKey(column)) {
        params.addValue(limits.getValue(column));
        sql.append(", ").append(column).append(" = $").append(params.size());
      }
    }
    if (request.containsKey("oom_disabled")) {
      params.addValue(request.getBoolean("oom_disabled"));
      sql.append(", oom_disabled = $").append(params.size());
    }
    sql.append(" WHERE id = $1");
    return db.query(conn, sql.toString(), params);
  }

  /**
   * {@code {id, egg_id, startup, image, skip_scripts, environment?}}: the egg (and its nest), the startup
   * command, image and skip_scripts; with {@code environment} (ENV_VARIABLE to value, resolved by the API)
   * every variable of the egg is set. Answers the server.
   */
  Future<JsonObject> updateStartup(JsonObject request) {
    int id = request.getInteger("id");
    int eggId = request.getInteger("egg_id");
    return db.inTransaction(conn -> lockServer(conn, id)
        .compose(locked -> db.query(conn, EGG_NEST, Tuple.of(eggId)))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(TalonException.invalid("egg", "exists", "The selected egg is invalid."))
            : db.query(conn, UPDATE_STARTUP, Tuple.of(id, eggId, rows.iterator().next().getInteger("nest_id"),
                request.getString("startup"), request.getString("image"), request.getBoolean("skip_scripts", false))))
        .compose(v -> request.containsKey("environment")
            ? db.query(conn, SET_VARIABLES, Tuple.of(id, request.getJsonObject("environment"), eggId))
            : Future.succeededFuture())
        .compose(v -> findOn(conn, id)));
  }

  /**
   * {@code {id, suspended}}: sets the status to {@code suspended}, or clears it from {@code suspended};
   * a server already in that state is left alone. Answers {@code {changed, server}}.
   */
  Future<JsonObject> suspension(JsonObject request) {
    int id = request.getInteger("id");
    return db.query(SUSPENSION, Tuple.of(id, request.getBoolean("suspended")))
        .compose(rows -> find(new JsonObject().put("id", id)).compose(server -> server == null
            ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
            : Future.succeededFuture(new JsonObject().put("changed", rows.size() > 0).put("server", server))));
  }

  /** {@code {id}}: status {@code installing} again; answers the server. */
  Future<JsonObject> reinstall(JsonObject request) {
    int id = request.getInteger("id");
    return db.query(REINSTALL, Tuple.of(id)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
        : find(new JsonObject().put("id", id)));
  }

  /**
   * {@code {id}}: deletes the server; its variables, subusers and backups go with it, its allocations are
   * released. Answers {@code {id, uuid, identifier, node_id, status}}. Its databases must be gone first
   * ({@code Addresses.DATABASES_DROP_FOR_SERVER}): one still recorded (made after they were dropped) is
   * a 409 and nothing is deleted, as its record is what lets it be dropped on its host.
   */
  Future<JsonObject> delete(JsonObject request) {
    int id = request.getInteger("id");
    return db.inTransaction(conn -> lockServer(conn, id)
        .compose(server -> db.query(conn, COUNT_DATABASES, Tuple.of(id)))
        .compose(count -> count.iterator().next().getLong(0) > 0
            ? Future.failedFuture(new TalonException(Failure.CONFLICT,
                "A database was made on this server while it was being deleted: delete the server again."))
            : db.query(conn, DELETE, Tuple.of(id)))
        .compose(rows -> {
          Row r = rows.iterator().next();
          return Future.succeededFuture(new JsonObject()
              .put("id", r.getInteger("id"))
              .put("uuid", r.getUUID("uuid").toString())
              .put("identifier", r.getString("uuid_short"))
              .put("node_id", r.getInteger("node_id"))
              .put("status", r.getString("status")));
        }));
  }

  private static List<Integer> ints(JsonArray values) {
    List<Integer> out = new ArrayList<>();
    if (values != null) {
      values.forEach(v -> out.add(((Number) v).intValue()));
    }
    return out;
  }

  private static Future<Void> failIfAny(ValidationErrors errors) {
    try {
      errors.throwIfAny();
      return Future.succeededFuture();
    } catch (TalonException e) {
      return Future.failedFuture(e);
    }
  }
}
