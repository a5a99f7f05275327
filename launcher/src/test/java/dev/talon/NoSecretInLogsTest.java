package dev.talon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.support.LogCapture;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test class (junit-platform.properties orders classes by @Order) and
 * searches every log line of the whole run, at every level, for every key and token minted.
 */
@Order(Integer.MAX_VALUE)
class NoSecretInLogsTest {

  @Test
  void noMintedSecretAppearsInAnyLogLine() {
    Set<String> secrets = LogCapture.secrets();
    List<String> lines = LogCapture.lines();
    assertTrue(secrets.size() >= 5, "the run minted keys to look for, found " + secrets.size());
    assertTrue(lines.size() >= 10, "the run logged lines to search, found " + lines.size());
    for (String line : lines) {
      for (String secret : secrets) {
        String token = secret.length() == 53 ? secret.substring(21) : secret;
        assertFalse(line.contains(token), "a secret leaked into the log: " + line.replace(token, "<token>"));
      }
    }
  }
}
