package dev.talon.auth;

import dev.talon.contracts.ApiKeyFormat;
import java.security.SecureRandom;

/** Random identifiers and tokens: an unbiased choice over the 62 characters [A-Za-z0-9]. */
final class KeyGenerator {

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private final SecureRandom random = new SecureRandom();

  String identifier() {
    return random(ApiKeyFormat.IDENTIFIER_LENGTH);
  }

  String token() {
    return random(ApiKeyFormat.TOKEN_LENGTH);
  }

  private String random(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }
}
