package dev.talon.persistence;

import dev.talon.contracts.Dates;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Base64;

/** Every statement about web sessions and failed sign-ins. */
final class WebSessionStore {

  /** Expired sessions are swept whenever someone signs in: no timer, and the table stays small. */
  private static final String INSERT = "WITH swept AS (DELETE FROM web_sessions WHERE expires_at < now()) "
      + "INSERT INTO web_sessions (token_hash, user_id, csrf_token, ip, expires_at) "
      + "VALUES ($1, $2, $3, $4, now() + ($5::int) * interval '1 second') RETURNING expires_at";
  /**
   * Reads the session with its user as they are now (a demotion or deletion counts at once) and
   * slides its expiry, writing at most once a minute per session rather than on every request.
   */
  private static final String FIND = "WITH touched AS (UPDATE web_sessions SET last_seen_at = now(), "
      + "expires_at = now() + ($2::int) * interval '1 second' WHERE token_hash = $1 AND expires_at > now() "
      + "AND last_seen_at < now() - interval '1 minute') "
      + "SELECT s.csrf_token, " + Rows.USER_COLUMNS + " FROM web_sessions s JOIN users u ON u.id = s.user_id "
      + "WHERE s.token_hash = $1 AND s.expires_at > now()";
  private static final String DELETE = "DELETE FROM web_sessions WHERE token_hash = $1";
  /**
   * Counts one attempt against each subject, unless one of them already holds its limit of failures
   * in a live window: then nothing is written (a locked-out address cannot add rows, not even for the
   * made-up logins it tries). Answers the seconds until the latest of the windows that refuse this
   * attempt ends, 0 when none does. A finished window starts anew. The counts include this attempt,
   * so parallel guesses that all passed the first check still cannot overrun a limit.
   */
  private static final String ATTEMPT = "WITH attempt AS (SELECT subject, limit_failures "
      + "FROM unnest($1::text[], $2::int[]) AS a(subject, limit_failures)), "
      + "locked AS (SELECT f.window_started_at FROM sign_in_failures f JOIN attempt a USING (subject) "
      + "WHERE f.failures >= a.limit_failures AND f.window_started_at > now() - ($3::int) * interval '1 second'), "
      + "counted AS (INSERT INTO sign_in_failures AS f (subject, failures, window_started_at) "
      + "SELECT subject, 1, now() FROM attempt WHERE NOT EXISTS (SELECT 1 FROM locked) "
      + "ON CONFLICT (subject) DO UPDATE SET "
      + "failures = CASE WHEN f.window_started_at <= now() - ($3::int) * interval '1 second' THEN 1 "
      + "ELSE f.failures + 1 END, "
      + "window_started_at = CASE WHEN f.window_started_at <= now() - ($3::int) * interval '1 second' THEN now() "
      + "ELSE f.window_started_at END "
      + "RETURNING subject, failures, window_started_at) "
      + "SELECT COALESCE(max(GREATEST(1, "
      + "ceil(extract(epoch FROM r.window_started_at + ($3::int) * interval '1 second' - now())))), 0)::int AS retry_after "
      + "FROM (SELECT window_started_at FROM locked UNION ALL SELECT c.window_started_at FROM counted c "
      + "JOIN attempt a USING (subject) WHERE c.failures > a.limit_failures) r";
  private static final String FORGET = "DELETE FROM sign_in_failures WHERE subject = ANY($1)";
  /** Windows that ended count for nothing: whoever comes back starts a new one. */
  private static final String SWEEP = "DELETE FROM sign_in_failures "
      + "WHERE window_started_at <= now() - ($1::int) * interval '1 second'";
  private static final String REFUND = "UPDATE sign_in_failures SET failures = failures - 1 "
      + "WHERE subject = ANY($1) AND failures > 0";

  private final Db db;

  WebSessionStore(Db db) {
    this.db = db;
  }

  /** {@code {token_hash (base64), user_id, csrf_token, ip, idle_seconds}}: answers {@code {expires_at}}. */
  Future<JsonObject> insert(JsonObject session) {
    String ip = session.getString("ip");
    // what a trusted proxy forwarded is kept for the record only, never refused for its length
    Tuple params = Tuple.of(hash(session), session.getInteger("user_id"), session.getString("csrf_token"),
        ip == null || ip.length() <= 64 ? ip : ip.substring(0, 64), session.getInteger("idle_seconds"));
    return db.query(INSERT, params)
        .map(rows -> new JsonObject().put("expires_at", Dates.atom(rows.iterator().next().getOffsetDateTime(0))));
  }

  /** {@code {token_hash, idle_seconds}}: {@code {user, csrf_token}} of a live session, or null. */
  Future<JsonObject> find(JsonObject query) {
    return db.query(FIND, Tuple.of(hash(query), query.getInteger("idle_seconds"))).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row r = rows.iterator().next();
      return new JsonObject().put("user", Rows.user(r)).put("csrf_token", r.getString("csrf_token"));
    });
  }

  /** {@code {token_hash}}: answers {@code {deleted}} (0 or 1). */
  Future<JsonObject> delete(JsonObject query) {
    return db.query(DELETE, Tuple.of(hash(query))).map(rows -> new JsonObject().put("deleted", rows.rowCount()));
  }

  /**
   * {@code {subjects: [{subject, limit}], window_seconds}}: counts an attempt against each subject
   * before its password is checked (see {@link #ATTEMPT}); answers {@code {retry_after}}, 0 when this
   * attempt may go on.
   */
  Future<JsonObject> attempt(JsonObject query) {
    JsonArray subjects = query.getJsonArray("subjects", new JsonArray());
    String[] names = new String[subjects.size()];
    Integer[] limits = new Integer[subjects.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = subjects.getJsonObject(i).getString("subject");
      limits[i] = subjects.getJsonObject(i).getInteger("limit");
    }
    Tuple params = Tuple.tuple().addArrayOfString(names).addArrayOfInteger(limits)
        .addInteger(query.getInteger("window_seconds"));
    return db.query(ATTEMPT, params)
        .map(rows -> new JsonObject().put("retry_after", rows.iterator().next().getInteger("retry_after")));
  }

  /** {@code {window_seconds}}: forgets the windows that ended; answers {@code {deleted}}. */
  Future<JsonObject> sweep(JsonObject query) {
    return db.query(SWEEP, Tuple.of(query.getInteger("window_seconds")))
        .map(rows -> new JsonObject().put("deleted", rows.rowCount()));
  }

  /**
   * {@code {forget, refund}}: after a successful sign-in, the {@code forget} subjects lose their count
   * and the {@code refund} subjects get this attempt back.
   */
  Future<JsonObject> succeeded(JsonObject query) {
    String[] forget = subjects(query, "forget");
    String[] refund = subjects(query, "refund");
    return db.query(FORGET, Tuple.tuple().addArrayOfString(forget))
        .compose(forgotten -> db.query(REFUND, Tuple.tuple().addArrayOfString(refund)))
        .map(rows -> new JsonObject().put("refunded", rows.rowCount()));
  }

  private static Buffer hash(JsonObject message) {
    return Buffer.buffer(Base64.getDecoder().decode(message.getString("token_hash")));
  }

  private static String[] subjects(JsonObject message, String field) {
    JsonArray subjects = message.getJsonArray(field, new JsonArray());
    String[] out = new String[subjects.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = subjects.getString(i);
    }
    return out;
  }
}
