package dev.talon.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Pterodactyl's response shapes: items, lists and pagination. */
final class Envelopes {

  static final int DEFAULT_PER_PAGE = 50;
  static final int MAX_PER_PAGE = 100;

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

  /** {@code page} and {@code per_page} as clients send them: junk means page 1, 0 means the default. */
  record Page(int page, int perPage) {
    int offset() {
      return (page - 1) * perPage;
    }

    static Page of(RoutingContext ctx) {
      int page = positive(ctx.queryParams().get("page"), 1);
      int perPage = positive(ctx.queryParams().get("per_page"), DEFAULT_PER_PAGE);
      return new Page(page, Math.min(perPage, MAX_PER_PAGE));
    }

    private static int positive(String value, int fallback) {
      if (value == null || !value.strip().matches("\\d{1,9}")) {
        return fallback;
      }
      int n = Integer.parseInt(value.strip());
      return n < 1 ? fallback : n;
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
