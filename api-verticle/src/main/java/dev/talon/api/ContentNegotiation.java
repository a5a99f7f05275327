package dev.talon.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Answers 406 when the Accept header rules JSON out entirely. Clients send all sorts
 * ({@code application/json, text/plain}, {@code Application/vnd.pterodactyl.v1+json}, none at all):
 * any of them that admits JSON passes.
 */
final class ContentNegotiation implements Handler<RoutingContext> {

  private static final Pattern REFUSED = Pattern.compile(".*;\\s*q\\s*=\\s*0(\\.0*)?\\s*($|;.*)");

  @Override
  public void handle(RoutingContext ctx) {
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    if (accept == null || acceptsJson(accept)) {
      ctx.next();
    } else {
      ctx.fail(406);
    }
  }

  static boolean acceptsJson(String accept) {
    if (accept.isBlank()) {
      return true;
    }
    for (String range : accept.toLowerCase(Locale.ROOT).split(",")) {
      String type = range.split(";", 2)[0].strip();
      if (range.indexOf(';') >= 0 && REFUSED.matcher(range).matches()) {
        continue;
      }
      if (type.equals("*/*") || type.equals("application/*") || type.equals("application/json")
          || type.endsWith("+json") || type.endsWith("/json")) {
        return true;
      }
    }
    return false;
  }
}
