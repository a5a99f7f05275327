package dev.talon.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps every log line of the test run (message and stack traces), and every secret the tests
 * minted, so that a last test can prove that no secret was ever logged. Wired in logback-test.xml.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> {

  private static final List<String> LINES = new ArrayList<>();
  private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

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

  public static Set<String> secrets() {
    return Set.copyOf(SECRETS);
  }

  public static List<String> lines() {
    synchronized (LINES) {
      return List.copyOf(LINES);
    }
  }
}
