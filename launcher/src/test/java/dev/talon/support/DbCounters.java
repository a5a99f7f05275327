package dev.talon.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's database counters as its {@code GET /metrics} shows them: SQL statements run and
 * persistence operations served by name ({@code key.find}, {@code key.touch}, ...). The counters are
 * per process, so a test reads them while no other node of the run is busy.
 */
public record DbCounters(long statements, Map<String, Long> operations) {

  private static final Pattern STATEMENTS = Pattern.compile("(?m)^talon_db_statements_total (\\d+)$");
  private static final Pattern OPERATION = Pattern.compile("(?m)^talon_db_operations_total\\{operation=\"([^\"]+)\"} (\\d+)$");

  public static DbCounters of(TestNode node) {
    Http.Response r = node.http.get("/metrics", null);
    assertEquals(200, r.status(), r::toString);
    Matcher statements = STATEMENTS.matcher(r.body());
    if (!statements.find()) {
      throw new IllegalStateException("no talon_db_statements_total in " + r.body());
    }
    Map<String, Long> operations = new TreeMap<>();
    Matcher operation = OPERATION.matcher(r.body());
    while (operation.find()) {
      operations.put(operation.group(1), Long.parseLong(operation.group(2)));
    }
    return new DbCounters(Long.parseLong(statements.group(1)), operations);
  }

  /** What changed since {@code before}: statements run, and only the operations that were served. */
  public DbCounters since(DbCounters before) {
    Map<String, Long> served = new TreeMap<>();
    operations.forEach((name, count) -> {
      long delta = count - before.operations.getOrDefault(name, 0L);
      if (delta != 0) {
        served.put(name, delta);
      }
    });
    return new DbCounters(statements - before.statements, served);
  }

  public long operation(String name) {
    return operations.getOrDefault(name, 0L);
  }
}
