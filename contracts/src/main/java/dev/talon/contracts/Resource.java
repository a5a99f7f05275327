package dev.talon.contracts;

/**
 * The nine resources an application key carries a level for. Levels follow the seed: 0 None,
 * 1 Read (GET), 2 Read &amp; Write (GET, POST, PUT, PATCH), 3 Read, Write &amp; Delete (everything).
 */
public enum Resource {
  USERS("users"),
  NODES("nodes"),
  ALLOCATIONS("allocations"),
  SERVERS("servers"),
  LOCATIONS("locations"),
  NESTS("nests"),
  EGGS("eggs"),
  DATABASE_HOSTS("database_hosts"),
  SERVER_DATABASES("server_databases");

  public static final int NONE = 0;
  public static final int READ = 1;
  public static final int WRITE = 2;
  public static final int DELETE = 3;

  private final String jsonName;

  Resource(String jsonName) {
    this.jsonName = jsonName;
  }

  public String jsonName() {
    return jsonName;
  }

  public static Resource ofJson(String name) {
    for (Resource r : values()) {
      if (r.jsonName.equals(name)) {
        return r;
      }
    }
    return null;
  }

  /** The level an HTTP method needs: GET/HEAD read, DELETE delete, anything else write. */
  public static int levelFor(String httpMethod) {
    switch (httpMethod) {
      case "GET":
      case "HEAD":
      case "OPTIONS":
        return READ;
      case "DELETE":
        return DELETE;
      default:
        return WRITE;
    }
  }
}
