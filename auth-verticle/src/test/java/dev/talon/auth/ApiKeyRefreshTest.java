package dev.talon.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.contracts.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cached key that is due to be read again is answered from the cache while the read runs in the
 * background; the TTL still bounds a missed change. The persistence side is a consumer of
 * {@code talon.persistence.key.find} that this test controls (answer, answer "no such key", or stay
 * silent like a stalled database), so that "nobody waited" can be observed without timing.
 */
class ApiKeyRefreshTest {

  private static final String IDENTIFIER = "RefreshKey000001";
  private static final String TOKEN = "abcdefghijklmnopqrstuvwxyz012345";
  private static final String KEY = "ptlc_" + IDENTIFIER + TOKEN;
  private static final Duration TTL = Duration.ofMillis(800);

  private enum Mode { ANSWER, GONE, SILENT, FAIL }

  private Vertx vertx;
  private final CopyOnWriteArrayList<Message<JsonObject>> finds = new CopyOnWriteArrayList<>();
  private volatile Mode mode = Mode.ANSWER;
  private ApiKeyVerifier verifier;
  private KeyCache cache;

  private TokenHasher hasher;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    byte[] secret = "a test secret of at least thirty-two characters".getBytes(StandardCharsets.UTF_8);
    hasher = new TokenHasher(secret);
    JsonObject row = new JsonObject().put("identifier", IDENTIFIER).put("key_type", 1)
        .put("token_hash", Base64.getEncoder().encodeToString(hasher.hash(TOKEN)))
        .put("allowed_ips", new JsonArray()).put("permissions", new JsonObject())
        .put("user", new JsonObject().put("id", 7).put("root_admin", false));
    vertx.eventBus().<JsonObject>consumer(Addresses.DB_KEY_FIND, msg -> {
      finds.add(msg);
      switch (mode) {
        case ANSWER -> msg.reply(row.copy());
        case GONE -> msg.reply(null);
        case SILENT -> { }
        case FAIL -> msg.fail(503, "{\"code\":\"unavailable\"}");
      }
    }).completion().await(5, TimeUnit.SECONDS);
    cache = new KeyCache(100, TTL, 100, Duration.ofSeconds(5));
    verifier = new ApiKeyVerifier(vertx, cache, hasher, new UsageRecorder(vertx, 2000), 2000);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  private Future<JsonObject> verify() {
    return verifier.verify(KEY, () -> "127.0.0.1");
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      Thread.sleep(10);
    }
  }

  private void sleepPast(long millis) throws InterruptedException {
    Thread.sleep(millis + 50);
  }

  @Test
  void aKeyDueForARereadIsAnsweredFromTheCacheWhileTheDatabaseIsStalled() throws Exception {
    verify().await(5, TimeUnit.SECONDS);
    assertEquals(1, finds.size(), "the first use reads the key");
    Future<JsonObject> fresh = verify();
    assertTrue(fresh.succeeded(), "a cached key is answered at once");
    assertEquals(1, finds.size(), "a cached key is not read again before it is due");

    mode = Mode.SILENT;
    sleepPast((TTL.toMillis() * 3 / 4));
    Future<JsonObject> due = verify();
    assertTrue(due.succeeded(), "the request that found the key due waited for the database");
    await(() -> finds.size() == 2, "the background re-read is asked for");
    for (int i = 0; i < 50; i++) {
      assertTrue(verify().succeeded(), "a request waited while the re-read was in flight");
    }
    assertEquals(2, finds.size(), "one re-read at a time, not one per request");
  }

  @Test
  void aStalledRereadDoesNotOutliveTheTtl() throws Exception {
    verify().await(5, TimeUnit.SECONDS);
    mode = Mode.SILENT;
    sleepPast((TTL.toMillis() * 3 / 4));
    verify();
    await(() -> finds.size() == 2, "the background re-read is asked for");
    // the stalled read fails at the bus timeout (2 s), long after the TTL (0.8 s): by then the entry
    // has expired and the next request must wait for a read of its own
    sleepPast(TTL.toMillis());
    Future<JsonObject> expired = verify();
    assertFalse(expired.isComplete(), "an entry past its TTL was still served without a read");
  }

  @Test
  void aFailedRereadIsTriedAgainAfterAPauseNotOnEveryRequest() throws Exception {
    cache = new KeyCache(100, Duration.ofSeconds(6), 100, Duration.ofSeconds(5));
    verifier = new ApiKeyVerifier(vertx, cache, hasher, new UsageRecorder(vertx, 2000), 2000);
    verify().await(5, TimeUnit.SECONDS);
    mode = Mode.FAIL;
    sleepPast(cache.refreshAfterMillis());
    assertTrue(verify().succeeded(), "the request that found the key due is answered from the cache");
    await(() -> finds.size() == 2, "the background re-read is asked for");
    Thread.sleep(100); // its failure is back
    for (int i = 0; i < 50; i++) {
      assertTrue(verify().succeeded(), "a failed re-read made a cached key fail");
    }
    assertEquals(2, finds.size(), "a failed re-read was retried on every request");
    mode = Mode.ANSWER;
    sleepPast(ApiKeyVerifier.REFRESH_RETRY_MS);
    assertTrue(verify().succeeded());
    await(() -> finds.size() == 3, "the re-read is tried again after the pause");
  }

  /** Runs {@code action} on {@code threads} threads released at the same moment. */
  private static void atOnce(int threads, Runnable action) throws Exception {
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
    java.util.List<Thread> started = new java.util.ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> {
        try {
          start.await();
          action.run();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      t.start();
      started.add(t);
    }
    for (Thread t : started) {
      t.join(10_000);
    }
  }

  @Test
  void concurrentFirstUsesAndConcurrentDueUsesShareOneRead() throws Exception {
    mode = Mode.SILENT;
    for (int round = 0; round < 20; round++) {
      cache.dropAll(); // a cold key again; the stalled loads of earlier rounds are of an older generation
      int before = finds.size();
      atOnce(16, this::verify);
      Thread.sleep(50);
      assertEquals(before + 1, finds.size(), "16 simultaneous first uses of one key read it more than once");
    }
    mode = Mode.ANSWER;
    cache.dropAll();
    verify().await(5, TimeUnit.SECONDS);
    mode = Mode.SILENT;
    sleepPast(cache.refreshAfterMillis());
    int before = finds.size();
    atOnce(16, () -> assertTrue(verify().succeeded(), "a due key was not answered from the cache"));
    Thread.sleep(50);
    assertEquals(before + 1, finds.size(), "16 simultaneous uses of a due key started more than one re-read");
  }

  @Test
  void aRereadThatFindsNoKeyEndsTheCachedEntryBeforeTheTtl() throws Exception {
    verify().await(5, TimeUnit.SECONDS);
    mode = Mode.GONE; // deleted while this node missed the notice
    sleepPast((TTL.toMillis() * 3 / 4));
    assertTrue(verify().succeeded(), "the request that found the key due is answered from the cache");
    await(() -> finds.size() == 2, "the background re-read is asked for");
    await(() -> cache.get(IDENTIFIER) == null, "the deleted key leaves the cache");
    Future<JsonObject> after = verify();
    assertTrue(after.failed(), "a key found deleted on re-read is still accepted");
    assertEquals(2, finds.size(), "the deleted key is remembered as unknown");
  }

  @Test
  void aSuccessfulRereadKeepsTheKeyCachedPastTheOriginalTtl() throws Exception {
    verify().await(5, TimeUnit.SECONDS);
    long end = System.currentTimeMillis() + 3 * TTL.toMillis();
    while (System.currentTimeMillis() < end) {
      Future<JsonObject> result = verify();
      assertTrue(result.succeeded(), "a key in use waited for a read although it was re-read in time");
      Thread.sleep(20);
    }
    int reads = finds.size();
    assertTrue(reads >= 3 && reads <= 6, "expected one background read per 3/4 TTL over 3 TTLs, got " + (reads - 1));
  }
}
