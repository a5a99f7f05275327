package dev.talon.support;

import java.util.function.BooleanSupplier;

/** Waiting for something that happens asynchronously (a NOTIFY, a batch flush), with a deadline. */
public final class Poll {

  private Poll() {
  }

  /**
   * Checks {@code condition} every {@code everyMs} until it holds or {@code timeoutMs} passed.
   * Answers the milliseconds it took, or -1 when it never held.
   */
  public static long until(long timeoutMs, long everyMs, BooleanSupplier condition) {
    long started = System.nanoTime();
    long deadline = started + timeoutMs * 1_000_000;
    while (true) {
      if (condition.getAsBoolean()) {
        return (System.nanoTime() - started) / 1_000_000;
      }
      if (System.nanoTime() > deadline) {
        return -1;
      }
      try {
        Thread.sleep(everyMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
