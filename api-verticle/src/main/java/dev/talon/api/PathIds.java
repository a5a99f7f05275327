package dev.talon.api;

import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** Numeric record ids in paths: anything else names no record (404), as Pterodactyl's bindings do. */
final class PathIds {

  private PathIds() {
  }

  static Future<Integer> of(RoutingContext ctx, String name) {
    String id = ctx.pathParam(name);
    return id != null && id.matches("\\d{1,9}")
        ? Future.succeededFuture(Integer.parseInt(id))
        : Future.failedFuture(new TalonException(Failure.NOT_FOUND));
  }

  /** The URL of a newly created record: this request's path (no query) plus its id. */
  static String resourceUrl(RoutingContext ctx, int id) {
    return requestUrl(ctx).replaceAll("/+$", "") + "/" + id;
  }

  /** This request's absolute URL without its query string. */
  static String requestUrl(RoutingContext ctx) {
    String uri = ctx.request().absoluteURI();
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }
}
