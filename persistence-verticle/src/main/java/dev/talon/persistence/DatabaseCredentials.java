package dev.talon.persistence;

import java.security.SecureRandom;

/** Names and passwords of server databases, in Pterodactyl's forms, from a {@link SecureRandom}. */
final class DatabaseCredentials {

  static final int MAX_DATABASE_NAME = 48;
  private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String SPECIALS = "!@=.+^";
  private static final int PASSWORD_LENGTH = 24;

  private final SecureRandom random = new SecureRandom();

  /** {@code s{serverId}_{name}}, cut to 48 characters. */
  static String databaseName(int serverId, String name) {
    String full = "s" + serverId + "_" + name;
    return full.length() > MAX_DATABASE_NAME ? full.substring(0, MAX_DATABASE_NAME) : full;
  }

  /** {@code u{serverId}_} and 10 random letters and digits. */
  String username(int serverId) {
    return "u" + serverId + "_" + alphanumeric(10);
  }

  /** 24 random letters and digits, 2 to 6 of them (at distinct places) replaced by one of {@code ! @ = . + ^}. */
  String password() {
    char[] password = alphanumeric(PASSWORD_LENGTH).toCharArray();
    int specials = 2 + random.nextInt(5);
    for (int placed = 0; placed < specials; ) {
      int at = random.nextInt(PASSWORD_LENGTH);
      if (SPECIALS.indexOf(password[at]) < 0) {
        password[at] = SPECIALS.charAt(random.nextInt(SPECIALS.length()));
        placed++;
      }
    }
    return new String(password);
  }

  private String alphanumeric(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
    }
    return out.toString();
  }
}
