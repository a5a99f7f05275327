package dev.talon.persistence;

import java.util.regex.Pattern;

/**
 * Every statement Talon runs on a MySQL/MariaDB database host. MySQL takes no parameters in
 * {@code CREATE USER}, {@code GRANT} or {@code DROP}, so names are written into the text: identifiers
 * backtick-quoted, and string literals only from a closed alphabet (generated usernames and
 * passwords, validated remotes), so that no value can end its literal.
 */
final class HostStatements {

  /** The privileges Pterodactyl grants a server's database user on its database. */
  private static final String PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, REFERENCES, INDEX, "
      + "LOCK TABLES, CREATE ROUTINE, ALTER ROUTINE, EXECUTE, CREATE TEMPORARY TABLES, CREATE VIEW, SHOW VIEW, EVENT, "
      + "TRIGGER";
  /** Generated passwords' characters, and remotes' (the Client API's also take {@code /} netmasks and {@code :} IPv6). */
  private static final Pattern LITERAL_SAFE = Pattern.compile("[A-Za-z0-9_%.!@=+^/:-]*");

  static final String FLUSH = "FLUSH PRIVILEGES";
  static final String PING = "SELECT 1";
  /** Takes the database name as its one parameter. */
  static final String DATABASE_EXISTS = "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?";

  private HostStatements() {
  }

  static String createDatabase(String database) {
    return "CREATE DATABASE IF NOT EXISTS " + identifier(database);
  }

  static String createUser(String username, String remote, String password) {
    return "CREATE USER " + account(username, remote) + " IDENTIFIED BY " + literal(password);
  }

  /**
   * In a GRANT, {@code _} and {@code %} in a database name are wildcards: escaped, so that the user
   * of {@code s1__x} gets {@code s1__x} and not also another server's {@code s12_x}.
   */
  static String grant(String database, String username, String remote) {
    String exact = database.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%");
    return "GRANT " + PRIVILEGES + " ON " + identifier(exact) + ".* TO " + account(username, remote);
  }

  static String dropDatabase(String database) {
    return "DROP DATABASE IF EXISTS " + identifier(database);
  }

  static String dropUser(String username, String remote) {
    return "DROP USER IF EXISTS " + account(username, remote);
  }

  private static String account(String username, String remote) {
    return literal(username) + "@" + literal(remote);
  }

  static String identifier(String name) {
    if (name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a usable MySQL identifier");
    }
    return "`" + name.replace("`", "``") + "`";
  }

  /** The value is never in the message: it may be a password. */
  static String literal(String value) {
    if (!LITERAL_SAFE.matcher(value).matches()) {
      throw new IllegalArgumentException("a MySQL literal outside the safe alphabet");
    }
    return "'" + value + "'";
  }
}
