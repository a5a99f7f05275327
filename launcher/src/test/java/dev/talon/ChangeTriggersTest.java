package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.talon.support.Events;
import dev.talon.support.Sql;
import dev.talon.support.TestNode;
import dev.talon.support.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The change triggers work for whoever may change the tables: an operator's role with only row
 * rights (no grant on Talon's event sequence) and an odd search_path still updates users, and the
 * change is still announced.
 */
class ChangeTriggersTest {

  @Test
  void aRoleWithOnlyRowRightsAndAnotherSearchPathCanChangeUsers() throws Exception {
    try (TestNode node = TestNode.start(Map.of())) {
      int user = node.makeUser("rowrights", false);
      String role = "talon_rows_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      try (Events events = Events.listen(node, dev.talon.contracts.Addresses.EVENT_USER_CHANGED);
           Connection c = TestPostgres.connect(node.databaseName()); Statement st = c.createStatement()) {
        st.execute("CREATE ROLE " + role + " NOLOGIN");
        try {
          st.execute("GRANT USAGE ON SCHEMA public TO " + role);
          st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role);
          st.execute("SET ROLE " + role);
          st.execute("SET search_path = pg_catalog");
          int updated = st.executeUpdate("UPDATE public.users SET name_first = 'Changed' WHERE id = " + user);
          assertEquals(1, updated, "the update did not go through");
          st.execute("RESET ROLE");
          st.execute("RESET search_path");
        } finally {
          try (Statement cleanup = c.createStatement()) {
            cleanup.execute("RESET ROLE");
            cleanup.execute("DROP OWNED BY " + role);
            cleanup.execute("DROP ROLE " + role);
          } catch (SQLException ignored) {
            // the database is dropped with the node anyway; the role is cluster-wide, so report it
            System.err.println("[ChangeTriggersTest] could not drop role " + role + ": " + ignored);
          }
        }
        JsonObject event = events.next("the user's change event", e -> e.getInteger("user_id") == user);
        assertEquals("updated", event.getString("change"));
      }
      assertEquals("Changed", Sql.value(node, "SELECT name_first FROM users WHERE id = ?", user));
    }
  }
}
