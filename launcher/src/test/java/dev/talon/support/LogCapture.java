package dev.talon.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps every log line of the test run (message and stack traces), and every secret the tests
 * minted, so that a last test can prove that no secret was ever logged. Wired in logback-test.xml.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> {

  private static final List<String> LINES = new ArrayList<>();
  private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
  private static final Set<String> SERVER_SECRETS = ConcurrentHashMap.newKeySet();
  /** Secret values in response bodies: a key's token, a daemon token, a database password. */
  private static final Pattern SECRET_FIELD =
      Pattern.compile("\"(secret_token|token|password)\"\\s*:\\s*\"([^\"\\\\]{16,})\"");

  @Override
  protected void append(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
    }
    synchronized (LINES) {
      LINES.add(line.toString());
    }
  }

  public static void rememberSecret(String secret) {
    if (secret != null && !secret.isEmpty()) {
      SECRETS.add(secret);
    }
  }

  /** A node's server secret: searched for itself, and as the HMAC key of every token's hash. */
  public static void rememberServerSecret(String secret) {
    if (secret != null && !secret.isEmpty()) {
      SERVER_SECRETS.add(secret);
    }
  }

  /** Remembers every secret a response body shows (the creation response of a key, and the like). */
  public static void rememberSecretsIn(String body) {
    if (body == null || body.indexOf('"') < 0) {
      return;
    }
    Matcher m = SECRET_FIELD.matcher(body);
    while (m.find()) {
      rememberSecret(m.group(2));
    }
  }

  public static Set<String> serverSecrets() {
    return Set.copyOf(SERVER_SECRETS);
  }

  public static Set<String> secrets() {
    return Set.copyOf(SECRETS);
  }

  public static List<String> lines() {
    synchronized (LINES) {
      return List.copyOf(LINES);
    }
  }
}
