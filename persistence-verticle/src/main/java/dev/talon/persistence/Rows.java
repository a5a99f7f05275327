package dev.talon.persistence;

import dev.talon.contracts.Dates;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.Base64;

/** Row to JSON mappings, with column names turned into the contract's field names. */
final class Rows {

  private Rows() {
  }

  static final String USER_COLUMNS = "u.id, u.external_id, u.uuid, u.username, u.email, u.name_first, "
      + "u.name_last, u.language, u.root_admin, u.use_totp, u.created_at, u.updated_at";

  static final String KEY_COLUMNS = "k.id, k.user_id, k.key_type, k.identifier, k.description, k.allowed_ips, "
      + "k.permissions, k.expires_at, k.last_used_at, k.created_at, k.updated_at";

  static JsonObject user(Row r) {
    return new JsonObject()
        .put("id", r.getInteger("id"))
        .put("external_id", r.getString("external_id"))
        .put("uuid", r.getUUID("uuid").toString())
        .put("username", r.getString("username"))
        .put("email", r.getString("email"))
        .put("first_name", r.getString("name_first"))
        .put("last_name", r.getString("name_last"))
        .put("language", r.getString("language"))
        .put("root_admin", r.getBoolean("root_admin"))
        .put("use_totp", r.getBoolean("use_totp"))
        .put("created_at", Dates.atom(r.getOffsetDateTime("created_at")))
        .put("updated_at", Dates.atom(r.getOffsetDateTime("updated_at")));
  }

  /** A key without its hash: what listings carry. */
  static JsonObject key(Row r) {
    Object ips = r.getValue("allowed_ips");
    Object permissions = r.getValue("permissions");
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("user_id", r.getInteger("user_id"))
        .put("key_type", r.getInteger("key_type"))
        .put("identifier", r.getString("identifier"))
        .put("description", r.getString("description"))
        .put("allowed_ips", ips instanceof JsonArray a ? a : new JsonArray())
        .put("permissions", permissions instanceof JsonObject o ? o : new JsonObject())
        .put("expires_at", Dates.atom(r.getOffsetDateTime("expires_at")))
        .put("last_used_at", Dates.atom(r.getOffsetDateTime("last_used_at")))
        .put("created_at", Dates.atom(r.getOffsetDateTime("created_at")))
        .put("updated_at", Dates.atom(r.getOffsetDateTime("updated_at")));
  }

  static String base64(io.vertx.core.buffer.Buffer buffer) {
    return Base64.getEncoder().encodeToString(buffer.getBytes());
  }
}
