package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Unauthenticated operational routes: readiness, liveness and counters. */
final class HealthRoutes {

  private final long healthTimeoutMs;

  HealthRoutes(long healthTimeoutMs) {
    this.healthTimeoutMs = healthTimeoutMs;
  }

  /** 200 when the database answers, 503 (in the error envelope) when it does not. */
  void ready(RoutingContext ctx) {
    Bus.request(ctx.vertx().eventBus(), Addresses.DB_PING, new JsonObject(), healthTimeoutMs)
        .onSuccess(ok -> Responses.json(ctx, 200, new JsonObject().put("status", "ok").put("database", "up")))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** 200 while this process serves HTTP; touches nothing else. */
  void live(RoutingContext ctx) {
    Responses.json(ctx, 200, new JsonObject().put("status", "ok"));
  }

  /**
   * Prometheus text: SQL statements this node ran, and database operations by name (key.find is a
   * key lookup, key.touch a batched last_used_at write); the benchmark reads them.
   */
  void metrics(RoutingContext ctx) {
    Bus.request(ctx.vertx().eventBus(), Addresses.DB_STATS, new JsonObject(), healthTimeoutMs)
        .onSuccess(stats -> {
          StringBuilder text = new StringBuilder()
              .append("# TYPE talon_db_statements_total counter\n")
              .append("talon_db_statements_total ").append(stats.getLong("statements")).append('\n')
              .append("# TYPE talon_db_operations_total counter\n");
          stats.getJsonObject("operations").forEach(op -> text.append("talon_db_operations_total{operation=\"")
              .append(op.getKey()).append("\"} ").append(op.getValue()).append('\n'));
          ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4").end(text.toString());
        })
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }
}
