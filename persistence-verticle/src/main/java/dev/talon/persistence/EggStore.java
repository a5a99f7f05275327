package dev.talon.persistence;

import dev.talon.contracts.Dates;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Every statement about eggs and their variables, and the egg importer. */
final class EggStore {

  /** The nest an import without a nest goes to, created on first use. */
  static final UUID IMPORTED_NEST_UUID = UUID.fromString("d6f94576-66e4-4a45-9535-60d6d5644867");
  static final String IMPORTED_NEST_NAME = "Imported";

  private static final String COLUMNS = "e.id, e.uuid, e.nest_id, e.author, e.name, e.description, e.docker_images, "
      + "e.file_denylist, e.config_files, e.config_startup, e.config_stop, e.config_logs, e.config_from, e.startup, "
      + "e.script_is_privileged, e.script_install, e.script_entry, e.script_container, e.copy_script_from, "
      + "e.created_at, e.updated_at";
  private static final String FIND = "SELECT " + COLUMNS + " FROM eggs e WHERE e.id = $1";
  private static final String FIND_IN_NEST = "SELECT " + COLUMNS + " FROM eggs e WHERE e.id = $1 AND e.nest_id = $2";
  private static final String OF_NEST = "SELECT " + COLUMNS + " FROM eggs e WHERE e.nest_id = $1 ORDER BY e.id";
  private static final String NEST_EXISTS = "SELECT id FROM nests WHERE id = $1";
  private static final Map<String, String> RELATED = Map.of(
      "id", "SELECT e.id AS by_key, " + COLUMNS + " FROM eggs e WHERE e.id = ANY($1) ORDER BY e.id",
      "nest_id", "SELECT e.nest_id AS by_key, " + COLUMNS + " FROM eggs e WHERE e.nest_id = ANY($1) ORDER BY e.id");
  // an egg's own setting wins; what it leaves null comes from the egg it extends (Pterodactyl's inherit_*)
  private static final Map<String, String> CONFIG_RELATED = Map.of("config_of",
      "SELECT c.id AS by_key, coalesce(c.config_files, p.config_files) AS files, "
          + "coalesce(c.config_startup, p.config_startup) AS startup, coalesce(c.config_stop, p.config_stop) AS stop, "
          + "coalesce(c.config_logs, p.config_logs) AS logs FROM eggs c JOIN eggs p ON p.id = c.config_from "
          + "WHERE c.id = ANY($1)");
  private static final Map<String, String> SCRIPT_RELATED = Map.of("script_of",
      "SELECT c.id AS by_key, c.script_is_privileged AS privileged, coalesce(c.script_install, p.script_install) AS install, "
          + "coalesce(c.script_entry, p.script_entry) AS entry, coalesce(c.script_container, p.script_container) AS container "
          + "FROM eggs c JOIN eggs p ON p.id = c.copy_script_from WHERE c.id = ANY($1)");
  private static final String VARIABLE_COLUMNS = "v.id, v.egg_id, v.name, v.description, v.env_variable, v.default_value, "
      + "v.user_viewable, v.user_editable, v.rules, v.created_at, v.updated_at";
  private static final Map<String, String> VARIABLES_RELATED = Map.of("egg_id",
      "SELECT v.egg_id AS by_key, " + VARIABLE_COLUMNS + " FROM egg_variables v WHERE v.egg_id = ANY($1) ORDER BY v.id");

  private static final String IMPORTED_NEST = "INSERT INTO nests (uuid, author, name, description) "
      + "VALUES ($1, 'support@talon.invalid', '" + IMPORTED_NEST_NAME + "', 'Eggs imported without a nest.') "
      // a no-op update, so that the existing row is returned too
      + "ON CONFLICT (uuid) DO UPDATE SET uuid = EXCLUDED.uuid RETURNING id";
  private static final String BY_UUID = "SELECT id, nest_id FROM eggs WHERE uuid = $1";
  private static final String BY_AUTHOR_AND_NAME = "SELECT id, nest_id FROM eggs WHERE nest_id = $1 AND author = $2 "
      + "AND name = $3 ORDER BY id LIMIT 1";
  private static final String INSERT = "INSERT INTO eggs (uuid, nest_id, author, name, description, features, "
      + "docker_images, file_denylist, update_url, config_files, config_startup, config_logs, config_stop, startup, "
      + "script_install, script_entry, script_container) "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id";
  // Pterodactyl's update import keeps the author and drops a copied install script
  private static final String UPDATE = "UPDATE eggs SET name = $2, description = $3, features = $4, docker_images = $5, "
      + "file_denylist = $6, update_url = $7, config_files = $8, config_startup = $9, config_logs = $10, "
      + "config_stop = $11, startup = $12, script_install = $13, script_entry = $14, script_container = $15, "
      + "copy_script_from = NULL, updated_at = now() WHERE id = $1";
  private static final String UPSERT_VARIABLE = "INSERT INTO egg_variables (egg_id, name, description, env_variable, "
      + "default_value, user_viewable, user_editable, rules) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
      + "ON CONFLICT (egg_id, env_variable) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description, "
      + "default_value = EXCLUDED.default_value, user_viewable = EXCLUDED.user_viewable, "
      + "user_editable = EXCLUDED.user_editable, rules = EXCLUDED.rules, updated_at = now()";
  private static final String DROP_OTHER_VARIABLES = "DELETE FROM egg_variables WHERE egg_id = $1 "
      + "AND NOT (env_variable = ANY($2))";


  private final Db db;

  EggStore(Db db) {
    this.db = db;
  }

  /** Pterodactyl's application {@code egg} object. */
  static JsonObject egg(Row r) {
    JsonObject images = r.getJsonObject("docker_images");
    String firstImage = images == null || images.isEmpty() ? "" : String.valueOf(images.iterator().next().getValue());
    Object files = decode(r.getString("config_files"));
    return new JsonObject()
        .put("id", r.getInteger("id"))
        .put("uuid", r.getUUID("uuid").toString())
        .put("name", r.getString("name"))
        .put("nest", r.getInteger("nest_id"))
        .put("author", r.getString("author"))
        .put("description", r.getString("description"))
        .put("docker_image", firstImage)
        .put("docker_images", images == null || images.isEmpty() ? new JsonArray() : images)
        .put("config", new JsonObject()
            .put("files", isEmpty(files) ? new JsonObject() : asPhpArray(files))
            .put("startup", asPhpArray(decode(r.getString("config_startup"))))
            .put("stop", r.getString("config_stop"))
            .put("logs", asPhpArray(decode(r.getString("config_logs"))))
            .put("file_denylist", r.getJsonArray("file_denylist"))
            .put("extends", r.getInteger("config_from")))
        .put("startup", r.getString("startup"))
        .put("script", new JsonObject()
            .put("privileged", r.getBoolean("script_is_privileged"))
            .put("install", r.getString("script_install"))
            .put("entry", r.getString("script_entry"))
            .put("container", r.getString("script_container"))
            .put("extends", r.getInteger("copy_script_from")))
        .put("created_at", Dates.atom(r.getOffsetDateTime("created_at")))
        .put("updated_at", Dates.atom(r.getOffsetDateTime("updated_at")));
  }

  /** The {@code config} include: the settings resolved through the egg it extends. */
  static JsonObject inheritedConfig(Row r) {
    return new JsonObject()
        .put("files", decode(r.getString("files")))
        .put("startup", decode(r.getString("startup")))
        .put("stop", r.getString("stop"))
        .put("logs", decode(r.getString("logs")));
  }

  /** The {@code script} include: the install script resolved through the egg it copies from. */
  static JsonObject inheritedScript(Row r) {
    return new JsonObject()
        .put("privileged", r.getBoolean("privileged"))
        .put("install", r.getString("install"))
        .put("entry", r.getString("entry"))
        .put("container", r.getString("container"));
  }

  /** Pterodactyl's {@code egg_variable} object: the raw row, dates in Laravel's own serialisation. */
  static JsonObject variable(Row r) {
    return new JsonObject()
        .put("id", r.getInteger("id"))
        .put("egg_id", r.getInteger("egg_id"))
        .put("name", r.getString("name"))
        .put("description", r.getString("description"))
        .put("env_variable", r.getString("env_variable"))
        .put("default_value", r.getString("default_value"))
        .put("user_viewable", r.getBoolean("user_viewable"))
        .put("user_editable", r.getBoolean("user_editable"))
        .put("rules", r.getString("rules"))
        .put("created_at", Dates.isoMicro(r.getOffsetDateTime("created_at")))
        .put("updated_at", Dates.isoMicro(r.getOffsetDateTime("updated_at")));
  }

  private static Object decode(String json) {
    return json == null ? null : Json.decodeValue(json);
  }

  private static boolean isEmpty(Object decoded) {
    return decoded == null || (decoded instanceof JsonObject o && o.isEmpty())
        || (decoded instanceof JsonArray a && a.isEmpty());
  }

  /**
   * What PHP's {@code json_decode($text, true)} re-encodes to, as Pterodactyl's transformer shows it:
   * decoded into arrays, an empty object comes back as {@code []}, at any depth.
   */
  private static Object asPhpArray(Object decoded) {
    if (decoded instanceof JsonObject o) {
      if (o.isEmpty()) {
        return new JsonArray();
      }
      JsonObject out = new JsonObject();
      o.forEach(e -> out.put(e.getKey(), asPhpArray(e.getValue())));
      return out;
    }
    if (decoded instanceof JsonArray a) {
      JsonArray out = new JsonArray();
      a.forEach(v -> out.add(asPhpArray(v)));
      return out;
    }
    return decoded;
  }

  /** {@code {nest_id}}: {@code {data: [egg...]}}, all of them in id order, or null when there is no such nest. */
  Future<JsonObject> ofNest(JsonObject query) {
    Integer nest = query.getInteger("nest_id");
    return db.query(NEST_EXISTS, Tuple.of(nest)).compose(found -> found.size() == 0
        ? Future.succeededFuture(null)
        : db.query(OF_NEST, Tuple.of(nest)).map(rows -> {
          JsonArray data = new JsonArray();
          rows.forEach(r -> data.add(egg(r)));
          return new JsonObject().put("data", data);
        }));
  }

  /** {@code {nest_id, id}}: the egg, or null when it does not exist or is in another nest. */
  Future<JsonObject> find(JsonObject query) {
    return db.query(FIND_IN_NEST, Tuple.of(query.getInteger("id"), query.getInteger("nest_id")))
        .map(rows -> rows.size() == 0 ? null : egg(rows.iterator().next()));
  }

  /**
   * For {@code ?include=}: eggs by {@code id} or {@code nest_id}; by {@code config_of} or
   * {@code script_of} (egg ids), the resolved config or script of those that extend another egg.
   */
  Future<JsonObject> related(JsonObject query) {
    return switch (query.getString("field", "")) {
      case "config_of" -> ListQuery.related(db, query, CONFIG_RELATED, EggStore::inheritedConfig);
      case "script_of" -> ListQuery.related(db, query, SCRIPT_RELATED, EggStore::inheritedScript);
      default -> ListQuery.related(db, query, RELATED, EggStore::egg);
    };
  }

  /** For {@code ?include=variables}: variables by {@code egg_id}. */
  Future<JsonObject> relatedVariables(JsonObject query) {
    return ListQuery.related(db, query, VARIABLES_RELATED, EggStore::variable);
  }

  /**
   * Imports a Pterodactyl egg export: {@code {egg: <the file's JSON>, nest_id?}}. The egg it replaces
   * is the one with the file's uuid, or, for files without one (Pterodactyl's own exports), the egg of
   * the same author and name in the target nest (the rule Pterodactyl's seeder follows). A replaced
   * egg keeps its id and nest, and its variables keep their ids (matched by environment name), so
   * servers keep their values; variables the file no longer has are dropped. A new egg goes to
   * {@code nest_id}, or to the nest "Imported". Answers {@code {egg, created}}.
   */
  Future<JsonObject> importEgg(JsonObject request) {
    JsonObject egg;
    try {
      Object file = request.getValue("egg");
      if (!(file instanceof JsonObject)) {
        throw TalonException.invalid("egg", "required", "The egg must be the JSON object of an egg export.");
      }
      egg = EggFile.parse((JsonObject) file);
    } catch (TalonException e) {
      return Future.failedFuture(e);
    }
    Integer nest = request.getInteger("nest_id");
    String uuid = egg.getString("uuid");
    return db.inTransaction(conn -> (uuid == null ? Future.<JsonObject>succeededFuture(null)
            : match(conn, BY_UUID, Tuple.of(UUID.fromString(uuid))))
        .compose(sameUuid -> {
          if (sameUuid != null) {
            if (nest != null && !nest.equals(sameUuid.getInteger("nest_id"))) {
              return Future.failedFuture(TalonException.named(Failure.DISPLAY, "DisplayException", "Egg "
                  + sameUuid.getInteger("id") + " has this uuid and is in nest " + sameUuid.getInteger("nest_id")
                  + ": import it without a nest, or into that nest."));
            }
            return replace(conn, egg, sameUuid.getInteger("id"));
          }
          return targetNest(conn, nest).compose(target -> (uuid != null ? Future.<JsonObject>succeededFuture(null)
                  : match(conn, BY_AUTHOR_AND_NAME, Tuple.of(target, egg.getString("author"), egg.getString("name"))))
              .compose(sameName -> sameName != null ? replace(conn, egg, sameName.getInteger("id"))
                  : insert(conn, egg, target).map(id -> new JsonObject().put("id", id).put("created", true))));
        })
        .compose(done -> variables(conn, done.getInteger("id"), egg.getJsonArray("variables"))
            .compose(v -> db.query(conn, FIND, Tuple.of(done.getInteger("id"))))
            .map(rows -> new JsonObject().put("egg", egg(rows.iterator().next())).put("created", done.getBoolean("created")))));
  }

  /** The nest asked for (NOT_FOUND when missing), or the "Imported" nest. */
  private Future<Integer> targetNest(SqlConnection conn, Integer nest) {
    if (nest == null) {
      return db.query(conn, IMPORTED_NEST, Tuple.of(IMPORTED_NEST_UUID)).map(rows -> rows.iterator().next().getInteger("id"));
    }
    return db.query(conn, NEST_EXISTS, Tuple.of(nest)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(new TalonException(Failure.NOT_FOUND, "No nest " + nest + " exists."))
        : Future.succeededFuture(nest));
  }

  /** The egg {@code {id, nest_id}} a lookup finds, or null. */
  private Future<JsonObject> match(SqlConnection conn, String sql, Tuple params) {
    return db.query(conn, sql, params).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row r = rows.iterator().next();
      return new JsonObject().put("id", r.getInteger("id")).put("nest_id", r.getInteger("nest_id"));
    });
  }

  private Future<JsonObject> replace(SqlConnection conn, JsonObject egg, int id) {
    Tuple params = Tuple.of(id, egg.getString("name"));
    columns(egg).forEach(params::addValue);
    return db.query(conn, UPDATE, params).map(rows -> new JsonObject().put("id", id).put("created", false));
  }

  private Future<Integer> insert(SqlConnection conn, JsonObject egg, int nest) {
    String uuid = egg.getString("uuid");
    Tuple params = Tuple.of(uuid == null ? UUID.randomUUID() : UUID.fromString(uuid), nest, egg.getString("author"),
        egg.getString("name"));
    columns(egg).forEach(params::addValue);
    return db.query(conn, INSERT, params).map(rows -> rows.iterator().next().getInteger("id"));
  }

  /** From description to script_container, in the order INSERT and UPDATE take them. */
  private static List<Object> columns(JsonObject egg) {
    List<Object> values = new ArrayList<>();
    values.add(egg.getString("description"));
    values.add(egg.getJsonArray("features"));
    values.add(egg.getJsonObject("docker_images"));
    values.add(egg.getJsonArray("file_denylist"));
    values.add(egg.getString("update_url"));
    values.add(egg.getString("config_files"));
    values.add(egg.getString("config_startup"));
    values.add(egg.getString("config_logs"));
    values.add(egg.getString("config_stop"));
    values.add(egg.getString("startup"));
    values.add(egg.getString("script_install"));
    values.add(egg.getString("script_entry"));
    values.add(egg.getString("script_container"));
    return values;
  }

  private Future<Void> variables(SqlConnection conn, int eggId, JsonArray variables) {
    List<String> names = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Object v : variables) {
      JsonObject variable = (JsonObject) v;
      names.add(variable.getString("env_variable"));
      Tuple params = Tuple.of(eggId, variable.getString("name"), variable.getString("description"),
          variable.getString("env_variable"), variable.getString("default_value"), variable.getBoolean("user_viewable"),
          variable.getBoolean("user_editable"), variable.getString("rules"));
      // one after the other: new variables get their ids in the file's order
      chain = chain.compose(done -> db.query(conn, UPSERT_VARIABLE, params).mapEmpty());
    }
    return chain.compose(done -> db.query(conn, DROP_OTHER_VARIABLES, Tuple.of(eggId, (Object) names.toArray(new String[0])))
        .mapEmpty());
  }
}
