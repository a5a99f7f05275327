package dev.talon.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.function.Predicate;
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
    return admits(accept, type -> type.equals("*/*") || type.equals("application/*") || type.equals("application/json")
        || type.endsWith("+json") || type.endsWith("/json"));
  }

  /** What a browser's page request says: {@code text/html}, {@code text/*} or anything, not refused. */
  static boolean acceptsHtml(String accept) {
    return accept == null || admits(accept, type -> type.equals("*/*") || type.equals("text/*") || type.equals("text/html"));
  }

  /** Whether the header holds a media range {@code wanted} likes, not refused with {@code q=0}. */
  private static boolean admits(String accept, Predicate<String> wanted) {
    if (accept.isBlank()) {
      return true;
    }
    for (String range : accept.toLowerCase(Locale.ROOT).split(",")) {
      String type = range.split(";", 2)[0].strip();
      if (range.indexOf(';') >= 0 && REFUSED.matcher(range).matches()) {
        continue;
      }
      if (wanted.test(type)) {
        return true;
      }
    }
    return false;
  }
}
