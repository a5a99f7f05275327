package dev.talon.persistence;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hashids.Hashids;

/**
 * The ids the Client API gives server databases: Pterodactyl's Hashids (its alphabet, at least 8
 * characters), salted with a value derived from the server secret instead of Pterodactyl's
 * {@code HASHIDS_SALT}. They are made and read here, in the verticle that holds the secret, so the
 * other verticles only ever see the strings. Thread-safe.
 */
final class DatabaseIds {

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890";
  private static final int MIN_LENGTH = 8;
  private static final Pattern NUMBER = Pattern.compile("\\d{1,9}");
  /** Longer than the hashid of any int (about 13 characters): names no database, decoded or not. */
  private static final int MAX_KEY_LENGTH = 32;

  private final Hashids hashids;

  DatabaseIds(byte[] serverSecret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(serverSecret, "HmacSHA256"));
      String salt = HexFormat.of().formatHex(mac.doFinal("talon:database-ids:v1".getBytes(StandardCharsets.UTF_8)));
      hashids = new Hashids(salt, MIN_LENGTH, ALPHABET);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  String encode(int id) {
    return hashids.encode(id);
  }

  /**
   * The id a path names, as Pterodactyl binds {@code {database}}: the number the hashid stands for,
   * else the value itself when it is a number; null when it is neither.
   */
  Integer decode(String key) {
    if (key == null || key.length() > MAX_KEY_LENGTH) {
      return null;
    }
    long[] decoded;
    try {
      decoded = hashids.decode(key);
    } catch (IllegalArgumentException pastHashidsNumbers) {
      // a made-up string can decode to a number Hashids refuses to encode back
      decoded = new long[0];
    }
    if (decoded.length == 1 && decoded[0] <= Integer.MAX_VALUE) {
      return (int) decoded[0];
    }
    return NUMBER.matcher(key).matches() ? Integer.valueOf(key) : null;
  }
}
