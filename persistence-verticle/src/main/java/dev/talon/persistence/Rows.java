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

  private static final String[] USER_FIELDS = {"id", "external_id", "uuid", "username", "email", "name_first",
      "name_last", "language", "root_admin", "use_totp", "created_at", "updated_at"};

  static final String USER_COLUMNS = userColumns("");

  /** User columns named {@code owner_*}, for statements that also select another table's {@code id}. */
  static final String OWNER_COLUMNS = userColumns("owner_");

  private static String userColumns(String alias) {
    StringBuilder out = new StringBuilder();
    for (String field : USER_FIELDS) {
      out.append(out.length() == 0 ? "" : ", ").append("u.").append(field);
      if (!alias.isEmpty()) {
        out.append(" AS ").append(alias).append(field);
      }
    }
    return out.toString();
  }

  static final String KEY_COLUMNS = "k.id, k.user_id, k.key_type, k.identifier, k.description, k.allowed_ips, "
      + "k.permissions, k.expires_at, k.last_used_at, k.created_at, k.updated_at";

  static JsonObject user(Row r) {
    return user(r, "");
  }

  static JsonObject owner(Row r) {
    return user(r, "owner_");
  }

  private static JsonObject user(Row r, String alias) {
    return new JsonObject()
        .put("id", r.getInteger(alias + "id"))
        .put("external_id", r.getString(alias + "external_id"))
        .put("uuid", r.getUUID(alias + "uuid").toString())
        .put("username", r.getString(alias + "username"))
        .put("email", r.getString(alias + "email"))
        .put("first_name", r.getString(alias + "name_first"))
        .put("last_name", r.getString(alias + "name_last"))
        .put("language", r.getString(alias + "language"))
        .put("root_admin", r.getBoolean(alias + "root_admin"))
        .put("use_totp", r.getBoolean(alias + "use_totp"))
        .put("created_at", Dates.atom(r.getOffsetDateTime(alias + "created_at")))
        .put("updated_at", Dates.atom(r.getOffsetDateTime(alias + "updated_at")));
  }

  /** Pterodactyl's application {@code user} object. */
  static JsonObject applicationUser(Row r) {
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
        .put("2fa", r.getBoolean("use_totp"))
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
