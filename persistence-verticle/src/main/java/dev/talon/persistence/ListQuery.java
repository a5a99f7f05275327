package dev.talon.persistence;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One paginated, filtered, sorted listing of a resource, with Pterodactyl's filter semantics
 * (spatie/laravel-query-builder): a partial filter is a case-insensitive substring match whose
 * comma-separated pieces are ORed; an exact filter is equality, a comma list becoming {@code IN}.
 * The API verticle has already refused unknown filter and sort names; names unknown here are ignored.
 *
 * <p>The request: {@code {limit, offset, filters?: {name: value}, sort?: "-id,uuid"}}. The answer:
 * {@code {total, data: [attributes...]}}.
 */
final class ListQuery {

  /** Turns one filter value into a SQL condition, appending its parameters. */
  @FunctionalInterface
  interface Filter {
    String condition(String value, List<Object> params);
  }

  /** Case-insensitive substring of {@code column} (a SQL expression); pieces split on commas are ORed. */
  static Filter partial(String column) {
    return (value, params) -> {
      List<String> ors = new ArrayList<>();
      for (String piece : value.split(",")) {
        if (piece.isBlank()) {
          continue;
        }
        params.add("%" + like(piece.strip().toLowerCase(Locale.ROOT)) + "%");
        ors.add("lower(coalesce(" + column + "::text, '')) LIKE $" + params.size() + " ESCAPE '\\'");
      }
      return ors.isEmpty() ? null : "(" + String.join(" OR ", ors) + ")";
    };
  }

  /** Equality on the text of {@code column}; a comma list is any of them. */
  static Filter exact(String column) {
    return (value, params) -> {
      List<String> values = new ArrayList<>();
      for (String piece : value.split(",")) {
        if (!piece.isBlank()) {
          values.add(piece.strip());
        }
      }
      if (values.isEmpty()) {
        return null;
      }
      params.add(values.toArray(new String[0]));
      return column + "::text = ANY($" + params.size() + ")";
    };
  }

  private static String like(String value) {
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private final String select;
  private final String from;
  private final Map<String, Filter> filters;
  private final Map<String, String> sorts;
  private final String defaultOrder;

  /**
   * @param select  {@code SELECT ...} (the columns the mapper reads)
   * @param from    {@code FROM ... [JOIN ...]}, without WHERE
   * @param filters filter name to condition
   * @param sorts   sort name to the SQL expression it orders by
   * @param defaultOrder the ORDER BY expression when no sort is given (e.g. {@code n.id})
   */
  ListQuery(String select, String from, Map<String, Filter> filters, Map<String, String> sorts, String defaultOrder) {
    this.select = select;
    this.from = from;
    this.filters = new LinkedHashMap<>(filters);
    this.sorts = new LinkedHashMap<>(sorts);
    this.defaultOrder = defaultOrder;
  }

  Future<JsonObject> run(Db db, JsonObject query, Function<Row, JsonObject> mapper) {
    return run(db, query, null, List.of(), mapper);
  }

  /**
   * @param scope      an extra condition (e.g. {@code a.node_id = $1}) whose parameters are
   *                   {@code scopeParams}, numbered first; null for none
   */
  Future<JsonObject> run(Db db, JsonObject query, String scope, List<Object> scopeParams,
      Function<Row, JsonObject> mapper) {
    List<Object> params = new ArrayList<>(scopeParams);
    List<String> conditions = new ArrayList<>();
    if (scope != null) {
      conditions.add(scope);
    }
    JsonObject requested = query.getJsonObject("filters", new JsonObject());
    for (String name : requested.fieldNames()) {
      Filter filter = filters.get(name);
      Object value = requested.getValue(name);
      if (filter != null && value != null && !String.valueOf(value).isBlank()) {
        String condition = filter.condition(String.valueOf(value), params);
        if (condition != null) {
          conditions.add(condition);
        }
      }
    }
    String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    String order = " ORDER BY " + order(query.getString("sort"));
    Tuple countParams = Tuple.from(params);
    return db.query("SELECT count(*) " + from + where, countParams).compose(count -> {
      long total = count.iterator().next().getLong(0);
      List<Object> pageParams = new ArrayList<>(params);
      pageParams.add(query.getInteger("limit", 50));
      pageParams.add(query.getLong("offset", 0L));
      String sql = select + " " + from + where + order + " LIMIT $" + (params.size() + 1) + " OFFSET $" + (params.size() + 2);
      return db.query(sql, Tuple.from(pageParams)).map(rows -> {
        JsonArray data = new JsonArray();
        rows.forEach(r -> data.add(mapper.apply(r)));
        return new JsonObject().put("total", total).put("data", data);
      });
    });
  }

  private String order(String sort) {
    List<String> parts = new ArrayList<>();
    if (sort != null) {
      for (String piece : sort.split(",")) {
        String name = piece.strip();
        boolean descending = name.startsWith("-");
        String column = sorts.get(descending ? name.substring(1) : name);
        if (column != null) {
          parts.add(column + (descending ? " DESC" : " ASC"));
        }
      }
    }
    parts.add(defaultOrder);
    return String.join(", ", parts);
  }

  /**
   * Rows related to a set of ids, for {@code ?include=}: the request {@code {field, values: [int...]}}
   * picks one statement of {@code byField} (each selects a {@code by_key} column, the value it matched,
   * and takes the ids as {@code $1}, an int array); the answer is {@code {data: [{key, attributes}]}}.
   * An unknown field is a programming error and fails.
   */
  static Future<JsonObject> related(Db db, JsonObject query, Map<String, String> byField,
      Function<Row, JsonObject> mapper) {
    String sql = byField.get(query.getString("field"));
    if (sql == null) {
      return Future.failedFuture(new IllegalArgumentException("no relation by " + query.getString("field")));
    }
    JsonArray values = query.getJsonArray("values", new JsonArray());
    Integer[] ids = new Integer[values.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = ((Number) values.getValue(i)).intValue();
    }
    return db.query(sql, Tuple.of((Object) ids)).map(rows -> {
      JsonArray data = new JsonArray();
      rows.forEach(r -> data.add(new JsonObject().put("key", r.getValue("by_key")).put("attributes", mapper.apply(r))));
      return new JsonObject().put("data", data);
    });
  }
}
