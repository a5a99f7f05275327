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

  /** Prometheus text: how many SQL statements this node has run (the benchmark reads it). */
  void metrics(RoutingContext ctx) {
    Bus.request(ctx.vertx().eventBus(), Addresses.DB_STATS, new JsonObject(), healthTimeoutMs)
        .onSuccess(stats -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4")
            .end("# TYPE talon_db_statements_total counter\ntalon_db_statements_total "
                + stats.getLong("statements") + "\n"))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }
}
