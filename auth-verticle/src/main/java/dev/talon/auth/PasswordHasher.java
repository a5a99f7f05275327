package dev.talon.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt, written in Pterodactyl's {@code $2y$} form (cost 10 by default) so hashes move both ways
 * between Talon and an existing panel; {@code $2a$} and {@code $2b$} hashes verify too. Slow on
 * purpose: call it from a worker, never an event loop.
 */
final class PasswordHasher {

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
    return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
  }
}
