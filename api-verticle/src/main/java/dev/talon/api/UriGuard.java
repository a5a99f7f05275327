package dev.talon.api;

import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request whose path or query carries a NUL character (raw or {@code %00}): no route,
 * filter or identifier can hold one, and PostgreSQL cannot even compare text with it.
 */
final class UriGuard implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    String uri = ctx.request().uri();
    if (uri.indexOf('\0') >= 0 || containsEncodedNul(uri)) {
      ErrorRenderer.fail(ctx, new TalonException(Failure.BAD_REQUEST, "The request URI contains a NUL character."));
      return;
    }
    ctx.next();
  }

  private static boolean containsEncodedNul(String uri) {
    for (int i = uri.indexOf('%'); i >= 0 && i + 2 < uri.length(); i = uri.indexOf('%', i + 1)) {
      if (uri.charAt(i + 1) == '0' && uri.charAt(i + 2) == '0') {
        return true;
      }
    }
    return false;
  }
}
