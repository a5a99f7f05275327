package dev.talon.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The hot-path comparison (per-thread buffers) agrees with a plain HMAC-SHA256, bit for bit. */
class TokenHasherTest {

  private static final byte[] SECRET = "a server secret of at least thirty-two characters".getBytes(StandardCharsets.UTF_8);
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private static String token(SecureRandom random) {
    StringBuilder t = new StringBuilder(32);
    for (int i = 0; i < 32; i++) {
      t.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return t.toString();
  }

  @Test
  void theHashIsHmacSha256OfTheTokenUnderTheSecret() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
    String token = token(new SecureRandom());
    assertArrayEquals(mac.doFinal(token.getBytes(StandardCharsets.US_ASCII)), new TokenHasher(SECRET).hash(token));
  }

  @Test
  void matchesAcceptsExactlyTheTokenOfTheHash() {
    TokenHasher hasher = new TokenHasher(SECRET);
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 200; i++) {
      String token = token(random);
      byte[] stored = hasher.hash(token);
      assertTrue(hasher.matches(token, stored), "its own token was refused");
      // one character changed, anywhere
      char[] other = token.toCharArray();
      int at = random.nextInt(other.length);
      other[at] = other[at] == 'A' ? 'B' : 'A';
      assertFalse(hasher.matches(new String(other), stored), "a token differing at " + at + " was accepted");
      // the stored hash of another token, and a hash of another length
      assertFalse(hasher.matches(token, hasher.hash(token(random))), "another token's hash was accepted");
      assertFalse(hasher.matches(token, Base64.getDecoder().decode("AAAA")), "a short hash was accepted");
    }
  }

  @Test
  void tokensOutsideTheKeyFormatAreComparedToo() {
    TokenHasher hasher = new TokenHasher(SECRET);
    for (String token : new String[] {"short", "é".repeat(32), "x".repeat(33), ""}) {
      assertTrue(hasher.matches(token, hasher.hash(token)), "its own token was refused: " + token);
      assertFalse(hasher.matches(token + "y", hasher.hash(token)), "another token was accepted: " + token);
    }
  }

  @Test
  void theBuffersOfOneThreadDoNotLeakBetweenComparisons() {
    TokenHasher hasher = new TokenHasher(SECRET);
    SecureRandom random = new SecureRandom();
    String first = token(random);
    String second = token(random);
    byte[] firstHash = hasher.hash(first);
    assertTrue(hasher.matches(first, firstHash));
    assertFalse(hasher.matches(second, firstHash), "a second token matched the first token's hash");
    assertTrue(hasher.matches(first, firstHash), "the first token no longer matches after another comparison");
  }
}
