package dev.talon.support;

/** Rate-limit windows are clock minutes: a test that counts within one waits out a boundary close by. */
public final class Windows {

  private Windows() {
  }

  /** Returns when at least {@code neededMs} remain in the current clock minute. */
  public static void awaitRoom(long neededMs) {
    long intoMinute = System.currentTimeMillis() % 60_000;
    if (60_000 - intoMinute < neededMs) {
      try {
        Thread.sleep(60_000 - intoMinute + 50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
