package dev.talon.persistence;

import dev.talon.contracts.Dates;
import dev.talon.contracts.Failure;
import dev.talon.contracts.SecretBox;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Every statement about nodes. A node's daemon token is sealed with the server secret and leaves this
 * store only in the daemon configuration; the node object never carries it or its id.
 */
final class NodeStore {

  /** The memory and disk promised to the node's servers ({@code used.memory}, {@code used.disk}). */
  private static final String USED = " CROSS JOIN LATERAL (SELECT coalesce(sum(s.memory), 0) AS memory, "
      + "coalesce(sum(s.disk), 0) AS disk FROM servers s WHERE s.node_id = n.id) used";
  private static final String COLUMNS = "n.id, n.uuid, n.public, n.name, n.description, n.location_id, n.fqdn, "
      + "n.scheme, n.behind_proxy, n.maintenance_mode, n.memory, n.memory_overallocate, n.disk, n.disk_overallocate, "
      + "n.upload_size, n.daemon_listen, n.daemon_sftp, n.daemon_base, n.created_at, n.updated_at, "
      + "used.memory AS used_memory, used.disk AS used_disk";
  private static final String FROM = "FROM nodes n" + USED;
  private static final String FIND = "SELECT " + COLUMNS + " " + FROM + " WHERE n.id = $1";
  private static final String INSERT = "WITH n AS (INSERT INTO nodes (uuid, name, location_id, fqdn, scheme, public, "
      + "behind_proxy, maintenance_mode, memory, memory_overallocate, disk, disk_overallocate, upload_size, "
      + "daemon_listen, daemon_sftp, daemon_base, daemon_token_id, daemon_token) "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING *) "
      + "SELECT " + COLUMNS + " FROM n" + USED;
  /** A full replace of what the API sets, except that optional fields left out (null) keep their value. */
  private static final String UPDATE = "WITH n AS (UPDATE nodes SET name = $2, location_id = $3, fqdn = $4, "
      + "scheme = $5, public = coalesce($6, public), behind_proxy = coalesce($7, behind_proxy), "
      + "maintenance_mode = coalesce($8, maintenance_mode), memory = $9, memory_overallocate = $10, disk = $11, "
      + "disk_overallocate = $12, upload_size = coalesce($13, upload_size), daemon_listen = $14, daemon_sftp = $15, "
      + "daemon_base = $16, daemon_token_id = coalesce($17, daemon_token_id), "
      + "daemon_token = coalesce($18, daemon_token), updated_at = now() WHERE id = $1 RETURNING *) "
      + "SELECT " + COLUMNS + " FROM n" + USED;
  private static final String DELETE = "DELETE FROM nodes WHERE id = $1 RETURNING id";
  private static final String CONFIGURATION = "SELECT uuid, daemon_token_id, daemon_token, daemon_listen, "
      + "behind_proxy, scheme, fqdn, upload_size, daemon_base, daemon_sftp FROM nodes WHERE id = $1";
  /** Pterodactyl's FindViableNodesService: public nodes, optionally in some locations, with room after over-allocation. */
  private static final String VIABLE = "n.public AND (cardinality($3::bigint[]) = 0 OR n.location_id = ANY($3::bigint[])) "
      + "AND used.memory + $1::bigint <= n.memory * (1 + n.memory_overallocate / 100.0) "
      + "AND used.disk + $2::bigint <= n.disk * (1 + n.disk_overallocate / 100.0)";
  private static final ListQuery LIST = new ListQuery("SELECT " + COLUMNS, FROM,
      Map.of("uuid", ListQuery.partial("n.uuid"), "name", ListQuery.partial("n.name"),
          "fqdn", ListQuery.partial("n.fqdn"), "daemon_token_id", ListQuery.partial("n.daemon_token_id")),
      Map.of("id", "n.id", "uuid", "n.uuid::text", "memory", "n.memory", "disk", "n.disk"), "n.id");
  private static final ListQuery DEPLOYABLE = new ListQuery("SELECT " + COLUMNS, FROM, Map.of(), Map.of(), "n.id");
  private static final Map<String, String> RELATED = Map.of(
      "id", "SELECT n.id AS by_key, " + COLUMNS + " " + FROM + " WHERE n.id = ANY($1)",
      "location_id", "SELECT n.location_id AS by_key, " + COLUMNS + " " + FROM
          + " WHERE n.location_id = ANY($1) ORDER BY n.id",
      "allocation_id", "SELECT a.id AS by_key, " + COLUMNS + " FROM allocations a JOIN nodes n ON n.id = a.node_id"
          + USED + " WHERE a.id = ANY($1)");

  private static final String TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final int TOKEN_ID_LENGTH = 16;
  private static final int TOKEN_LENGTH = 64;

  private final Db db;
  private final SecretBox secrets;
  private final SecureRandom random = new SecureRandom();

  NodeStore(Db db, SecretBox secrets) {
    this.db = db;
    this.secrets = secrets;
  }

  /** Pterodactyl's application {@code node} object. */
  static JsonObject node(Row r) {
    return attributes(r).put("allocated_resources", allocated(r));
  }

  /** A deployment candidate: the node object with the sums FindViableNodesService selects, as integers. */
  private static JsonObject candidate(Row r) {
    return attributes(r)
        .put("sum_memory", r.getLong("used_memory"))
        .put("sum_disk", r.getLong("used_disk"))
        .put("allocated_resources", allocated(r));
  }

  private static JsonObject attributes(Row r) {
    return new JsonObject()
        .put("id", r.getInteger("id"))
        .put("uuid", r.getUUID("uuid").toString())
        .put("public", r.getBoolean("public"))
        .put("name", r.getString("name"))
        .put("description", r.getString("description"))
        .put("location_id", r.getInteger("location_id"))
        .put("fqdn", r.getString("fqdn"))
        .put("scheme", r.getString("scheme"))
        .put("behind_proxy", r.getBoolean("behind_proxy"))
        .put("maintenance_mode", r.getBoolean("maintenance_mode"))
        .put("memory", r.getInteger("memory"))
        .put("memory_overallocate", r.getInteger("memory_overallocate"))
        .put("disk", r.getInteger("disk"))
        .put("disk_overallocate", r.getInteger("disk_overallocate"))
        .put("upload_size", r.getInteger("upload_size"))
        .put("daemon_listen", r.getInteger("daemon_listen"))
        .put("daemon_sftp", r.getInteger("daemon_sftp"))
        .put("daemon_base", r.getString("daemon_base"))
        .put("created_at", Dates.atom(r.getOffsetDateTime("created_at")))
        .put("updated_at", Dates.atom(r.getOffsetDateTime("updated_at")));
  }

  private static JsonObject allocated(Row r) {
    return new JsonObject().put("memory", r.getLong("used_memory")).put("disk", r.getLong("used_disk"));
  }

  /** Application API listing (see ListQuery). */
  Future<JsonObject> list(JsonObject query) {
    return LIST.run(db, query, NodeStore::node);
  }

  /** For {@code ?include=}: by node {@code id}, by {@code location_id}, or by {@code allocation_id} (an allocation's node). */
  Future<JsonObject> related(JsonObject query) {
    return ListQuery.related(db, query, RELATED, NodeStore::node);
  }

  /** {@code {id}}: the node, or null. */
  Future<JsonObject> find(JsonObject query) {
    return db.query(FIND, Tuple.of(query.getInteger("id")))
        .map(rows -> rows.size() == 0 ? null : node(rows.iterator().next()));
  }

  /**
   * {@code {memory, disk, location_ids: [id...], limit?, offset?}}: the viable nodes as ListQuery answers
   * them ({@code {total, data}}), all of them when no {@code limit} is given; none at all is Pterodactyl's
   * 400 NoViableNodeException, also for a page past the last.
   */
  Future<JsonObject> deployable(JsonObject query) {
    JsonArray locations = query.getJsonArray("location_ids", new JsonArray());
    Long[] locationIds = new Long[locations.size()];
    for (int i = 0; i < locationIds.length; i++) {
      locationIds[i] = locations.getLong(i);
    }
    JsonObject page = new JsonObject()
        .put("limit", query.getInteger("limit", Integer.MAX_VALUE))
        .put("offset", query.getLong("offset", 0L));
    return DEPLOYABLE.run(db, page, VIABLE, List.of(query.getLong("memory"), query.getLong("disk"), locationIds),
            NodeStore::candidate)
        .compose(found -> found.getJsonArray("data").isEmpty()
            ? Future.failedFuture(TalonException.named(Failure.DISPLAY, "NoViableNodeException",
                "No nodes satisfying the requirements specified for automatic deployment could be found."))
            : Future.succeededFuture(found));
  }

  /**
   * {@code {name, location_id, fqdn, scheme, public, behind_proxy, maintenance_mode, memory,
   * memory_overallocate, disk, disk_overallocate, upload_size, daemon_listen, daemon_sftp, daemon_base}}:
   * a new uuid and daemon token pair are made here.
   */
  Future<JsonObject> insert(JsonObject node) {
    Tuple params = Tuple.of(UUID.randomUUID()).addValue(node.getString("name"));
    fields(node, params);
    params.addValue(token(TOKEN_ID_LENGTH)).addValue(secrets.seal(token(TOKEN_LENGTH)));
    return db.query(INSERT, params)
        .recover(t -> Future.failedFuture(locationGone(t)))
        .map(rows -> node(rows.iterator().next()));
  }

  /**
   * {@code {id, reset_secret?, ...the insert's fields}}, optional ones null when left out (they keep their
   * value); {@code reset_secret: true} makes a new token pair. NOT_FOUND when there is no such node.
   */
  Future<JsonObject> update(JsonObject node) {
    Tuple params = Tuple.of(node.getInteger("id")).addValue(node.getString("name"));
    fields(node, params);
    boolean reset = node.getBoolean("reset_secret", false);
    params.addValue(reset ? token(TOKEN_ID_LENGTH) : null).addValue(reset ? secrets.seal(token(TOKEN_LENGTH)) : null);
    return db.query(UPDATE, params)
        .recover(t -> Future.failedFuture(locationGone(t)))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
            : Future.succeededFuture(node(rows.iterator().next())));
  }

  /** Parameters $3 to $16 of the insert and the update, in their order. */
  private static void fields(JsonObject node, Tuple params) {
    params.addValue(node.getInteger("location_id"))
        .addValue(node.getString("fqdn"))
        .addValue(node.getString("scheme"))
        .addValue(node.getBoolean("public"))
        .addValue(node.getBoolean("behind_proxy"))
        .addValue(node.getBoolean("maintenance_mode"))
        .addValue(node.getInteger("memory"))
        .addValue(node.getInteger("memory_overallocate"))
        .addValue(node.getInteger("disk"))
        .addValue(node.getInteger("disk_overallocate"))
        .addValue(node.getInteger("upload_size"))
        .addValue(node.getInteger("daemon_listen"))
        .addValue(node.getInteger("daemon_sftp"))
        .addValue(node.getString("daemon_base"));
  }

  /** The location was deleted between the API's check and this statement. */
  private static Throwable locationGone(Throwable t) {
    return DbFailures.isForeignKeyViolation(t)
        ? TalonException.invalid("location_id", "exists", "The selected Location is invalid.")
        : t;
  }

  /** Refused while servers are on the node (400, as Pterodactyl); its allocations go with it. */
  Future<JsonObject> delete(JsonObject query) {
    return db.query(DELETE, Tuple.of(query.getInteger("id")))
        .recover(t -> Future.failedFuture(DbFailures.isForeignKeyViolation(t) ? TalonException.named(Failure.DISPLAY,
            "HasActiveServersException", "A node must have no servers linked to it in order to be deleted.") : t))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
            : Future.succeededFuture(new JsonObject().put("id", query.getInteger("id"))));
  }

  /**
   * {@code {id}}: the Wings configuration of the node (Pterodactyl's Node::getConfiguration) with its
   * token opened, but without {@code remote}, which only the API knows; null when there is no such node.
   * Talon has no mounts, so {@code allowed_mounts} is always empty.
   */
  Future<JsonObject> configuration(JsonObject query) {
    return db.query(CONFIGURATION, Tuple.of(query.getInteger("id"))).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row r = rows.iterator().next();
      String fqdn = r.getString("fqdn").toLowerCase(Locale.ROOT);
      boolean ssl = !r.getBoolean("behind_proxy") && "https".equals(r.getString("scheme"));
      return new JsonObject()
          .put("debug", false)
          .put("uuid", r.getUUID("uuid").toString())
          .put("token_id", r.getString("daemon_token_id"))
          .put("token", secrets.open(r.getString("daemon_token")))
          .put("api", new JsonObject()
              .put("host", "0.0.0.0")
              .put("port", r.getInteger("daemon_listen"))
              .put("ssl", new JsonObject()
                  .put("enabled", ssl)
                  .put("cert", "/etc/letsencrypt/live/" + fqdn + "/fullchain.pem")
                  .put("key", "/etc/letsencrypt/live/" + fqdn + "/privkey.pem"))
              .put("upload_limit", r.getInteger("upload_size")))
          .put("system", new JsonObject()
              .put("data", r.getString("daemon_base"))
              .put("sftp", new JsonObject().put("bind_port", r.getInteger("daemon_sftp"))))
          .put("allowed_mounts", new JsonArray());
    });
  }

  private String token(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(TOKEN_ALPHABET.charAt(random.nextInt(TOKEN_ALPHABET.length())));
    }
    return out.toString();
  }
}
