package dev.talon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.talon.support.LogCapture;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test class (junit-platform.properties orders classes by @Order) and
 * searches every log line of the whole run, at every level, for every secret the run saw: each key
 * and token minted (remembered by the test helpers, and taken from every response body and
 * session cookie the test HTTP client received), each node's server secret, and each token's HMAC
 * under each server secret (base64 as stored, and hex). Independently of what was remembered, no
 * line may hold anything shaped like a whole key or name the stored hash.
 */
@Order(Integer.MAX_VALUE)
class NoSecretInLogsTest {

  private static final Pattern WHOLE_KEY = Pattern.compile("ptl[ac]_[A-Za-z0-9]{48}");
  /** Where a token, a server secret or a hash (base64 or hex) can hide in a line. */
  private static final Pattern SECRET_CHARACTERS = Pattern.compile("[A-Za-z0-9+/=_-]{16,}");

  @Test
  void noSecretAppearsInAnyLogLine() throws GeneralSecurityException {
    Set<String> remembered = LogCapture.secrets();
    Set<String> serverSecrets = LogCapture.serverSecrets();
    List<String> lines = LogCapture.lines();
    assertTrue(remembered.size() >= 5, "the run minted keys to look for, found " + remembered.size());
    assertTrue(serverSecrets.size() >= 1, "the run started nodes, found " + serverSecrets.size() + " secrets");
    assertTrue(lines.size() >= 10, "the run logged lines to search, found " + lines.size());

    Set<String> needles = new HashSet<>(serverSecrets);
    Set<String> tokens = new HashSet<>();
    for (String secret : remembered) {
      String token = secret.length() == 53 ? secret.substring(21) : secret;
      needles.add(token);
      if (token.length() == 32) {
        tokens.add(token);
      }
    }
    for (String serverSecret : serverSecrets) {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(serverSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      for (String token : tokens) {
        byte[] hash = mac.doFinal(token.getBytes(StandardCharsets.US_ASCII));
        needles.add(Base64.getEncoder().encodeToString(hash));
        needles.add(HexFormat.of().formatHex(hash));
      }
    }
    // the rest (a password with other signs) is searched for as it is
    Set<String> others = new HashSet<>();
    needles.removeIf(n -> !SECRET_CHARACTERS.matcher(n).matches() && others.add(n));
    Set<Integer> lengths = new TreeSet<>();
    needles.forEach(n -> lengths.add(n.length()));

    for (String line : lines) {
      Matcher key = WHOLE_KEY.matcher(line);
      assertFalse(key.find(), () -> "a whole key leaked into the log: " + line.replace(key.group(), "<key>"));
      assertFalse(line.contains("token_hash"), () -> "a stored key row reached the log: " + line);
      for (String other : others) {
        assertFalse(line.contains(other), () -> "a secret leaked into the log: " + line.replace(other, "<secret>"));
      }
      // secrets are runs of letters, digits and base64 signs: look only inside runs long enough
      Matcher run = SECRET_CHARACTERS.matcher(line);
      while (run.find()) {
        String text = run.group();
        for (int length : lengths) {
          for (int i = 0; i + length <= text.length(); i++) {
            String window = text.substring(i, i + length);
            if (needles.contains(window)) {
              fail("a secret leaked into the log: " + line.replace(window, "<secret>"));
            }
          }
        }
      }
    }
  }
}
