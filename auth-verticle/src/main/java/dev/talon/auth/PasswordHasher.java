package dev.talon.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt, written in Pterodactyl's {@code $2y$} form (cost 10 by default) so hashes move both ways
 * between Talon and an existing panel; {@code $2a$} and {@code $2b$} hashes verify too. Slow on
 * purpose: call it from a worker, never an event loop.
 */
final class PasswordHasher {

  /** Like PHP's password_verify, only the first 72 bytes count (rather than an exception). */
  private static final BCrypt.Verifyer VERIFYER =
      BCrypt.verifyer(BCrypt.Version.VERSION_2Y, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2Y));

  private final int cost;

  PasswordHasher(int cost) {
    this.cost = cost;
  }

  String hash(String password) {
    return BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(cost, password.toCharArray());
  }

  boolean verify(String password, String hash) {
    if (hash == null || password == null) {
      return false;
    }
    try {
      return VERIFYER.verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
    } catch (IllegalArgumentException notBcrypt) {
      // a stored value that is no bcrypt hash (an account disabled by hand) matches no password
      return false;
    }
  }
}
