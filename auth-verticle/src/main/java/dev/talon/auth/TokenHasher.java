package dev.talon.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of a token keyed with the server secret, which never enters the database: a dump
 * alone cannot produce or check a key. Comparison is in constant time.
 */
final class TokenHasher {

  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  TokenHasher(byte[] secret) {
    if (secret == null || secret.length < 32) {
      throw new IllegalArgumentException("the server secret must hold at least 32 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  byte[] hash(String token) {
    return macs.get().doFinal(token.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Whether {@code token} hashes to {@code expected}, compared in constant time. On the hot path:
   * a token of the key format (ASCII) is hashed from this thread's buffers, with no allocation.
   */
  boolean matches(String token, byte[] expected) {
    if (token.length() != Scratch.TOKEN || expected.length != Scratch.HASH) {
      return MessageDigest.isEqual(hash(token), expected);
    }
    Scratch scratch = scratches.get();
    for (int i = 0; i < Scratch.TOKEN; i++) {
      char c = token.charAt(i);
      if (c > 0x7f) {
        return MessageDigest.isEqual(hash(token), expected);
      }
      scratch.token[i] = (byte) c;
    }
    Mac mac = macs.get();
    mac.update(scratch.token, 0, Scratch.TOKEN);
    try {
      mac.doFinal(scratch.hash, 0);
    } catch (javax.crypto.ShortBufferException impossible) {
      throw new IllegalStateException(impossible);
    }
    return MessageDigest.isEqual(scratch.hash, expected);
  }

  /** One thread's buffers for {@link #matches}: a token of the key format and its HMAC. */
  private static final class Scratch {
    static final int TOKEN = dev.talon.contracts.ApiKeyFormat.TOKEN_LENGTH;
    static final int HASH = 32;
    final byte[] token = new byte[TOKEN];
    final byte[] hash = new byte[HASH];
  }

  private final ThreadLocal<Scratch> scratches = ThreadLocal.withInitial(Scratch::new);
}
