package dev.talon.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Pterodactyl's response shapes: items, lists and pagination. */
final class Envelopes {

  static final int DEFAULT_PER_PAGE = 50;
  static final int MAX_PER_PAGE = 100;
  private static final int PHP_INT_DIGITS = 19;
  private static final int PER_PAGE_DIGITS = 9;

  private Envelopes() {
  }

  static JsonObject item(String object, JsonObject attributes) {
    return new JsonObject().put("object", object).put("attributes", attributes);
  }

  static JsonObject list(String object, List<JsonObject> attributes) {
    JsonArray data = new JsonArray();
    attributes.forEach(a -> data.add(item(object, a)));
    return new JsonObject().put("object", "list").put("data", data);
  }

  /**
   * {@code page} and {@code per_page} as clients send them: junk means page 1, 0 means the default. A page
   * is any of PHP's integers, as Laravel takes it: one past the last answers no items.
   */
  record Page(long page, int perPage) {
    /** The rows before the page; held at Long.MAX_VALUE rather than overflowing (a page that far is empty). */
    long offset() {
      return page - 1 > Long.MAX_VALUE / perPage ? Long.MAX_VALUE : (page - 1) * perPage;
    }

    static Page of(RoutingContext ctx) {
      long page = positive(ctx.queryParams().get("page"), 1, PHP_INT_DIGITS);
      int perPage = (int) positive(ctx.queryParams().get("per_page"), DEFAULT_PER_PAGE, PER_PAGE_DIGITS);
      return new Page(page, Math.min(perPage, MAX_PER_PAGE));
    }

    private static long positive(String value, long fallback, int maxDigits) {
      if (value == null || !value.strip().matches("\\d{1," + maxDigits + "}")) {
        return fallback;
      }
      try {
        long n = Long.parseLong(value.strip());
        return n < 1 ? fallback : n;
      } catch (NumberFormatException pastPhpIntegers) {
        return fallback;
      }
    }
  }

  static JsonObject paginated(RoutingContext ctx, String object, List<JsonObject> attributes, long total, Page page) {
    int totalPages = (int) Math.max(1, (total + page.perPage() - 1) / page.perPage());
    JsonObject links = new JsonObject();
    String base = PathIds.requestUrl(ctx);
    if (page.page() > 1) {
      links.put("previous", base + "?page=" + (page.page() - 1));
    }
    if (page.page() < totalPages) {
      links.put("next", base + "?page=" + (page.page() + 1));
    }
    return list(object, attributes).put("meta", new JsonObject().put("pagination", new JsonObject()
        .put("total", total)
        .put("count", attributes.size())
        .put("per_page", page.perPage())
        .put("current_page", page.page())
        .put("total_pages", totalPages)
        .put("links", links)));
  }
}
