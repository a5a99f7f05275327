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

  boolean matches(String token, byte[] expected) {
    return MessageDigest.isEqual(hash(token), expected);
  }
}
