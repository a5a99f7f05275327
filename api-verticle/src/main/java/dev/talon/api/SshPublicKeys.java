package dev.talon.api;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.KeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * SSH public keys as Pterodactyl's account form takes them: the OpenSSH line ({@code type base64
 * [comment]}, or the base64 alone) of an RSA key of at least 2048 bits, an Ed25519 key or an ECDSA
 * key on P-256, P-384 or P-521; DSA is refused by name, as phpseclib's loader there refuses it.
 *
 * <p>The key is kept as Pterodactyl keeps it, PKCS#8 PEM (an X.509 SubjectPublicKeyInfo, lines of
 * 64 characters ending in CR LF), and named by its SHA-256 fingerprint: the unpadded base64 of the
 * digest of the key's wire form, what {@code ssh-keygen -l} prints after {@code SHA256:}.
 */
final class SshPublicKeys {

  static final String NOT_VALID = "The public key provided is not valid.";
  /** Pterodactyl's words ("bytes" where it means bits): clients may match on them. */
  static final String RSA_TOO_SHORT = "RSA keys must be at least 2048 bytes in length.";
  static final String DSA_REFUSED = "DSA keys are not supported.";

  private static final int MIN_RSA_BITS = 2048;
  /** Far above the longest key accepted (an RSA key of 16 384 bits is about 2 800 characters). */
  private static final int MAX_TEXT = 16_384;
  private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
  private static final int ED25519_LENGTH = 32;
  private static final Map<String, String> CURVES = Map.of(
      "ecdsa-sha2-nistp256", "secp256r1", "ecdsa-sha2-nistp384", "secp384r1", "ecdsa-sha2-nistp521", "secp521r1");

  /** A key that passed: what is stored and shown ({@code publicKey}) and its {@code fingerprint}. */
  record Parsed(String publicKey, String fingerprint) {
  }

  /** A key refused, with the message Pterodactyl gives for it. */
  static final class Refused extends Exception {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private SshPublicKeys() {
  }

  static Parsed parse(String text) throws Refused {
    String[] parts = text.strip().split("\\s+", 3);
    if (text.length() > MAX_TEXT || parts[0].isEmpty()) {
      throw new Refused(NOT_VALID);
    }
    String declared = parts.length > 1 ? parts[0] : null;
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts.length > 1 ? parts[1] : parts[0]);
    } catch (IllegalArgumentException notBase64) {
      throw new Refused(NOT_VALID);
    }
    Reader in = new Reader(blob);
    String type = new String(in.string(), StandardCharsets.US_ASCII);
    if (declared != null && !declared.equals(type)) {
      throw new Refused(NOT_VALID);
    }
    byte[] spki;
    Writer canonical = new Writer().string(type.getBytes(StandardCharsets.US_ASCII));
    switch (type) {
      case "ssh-rsa" -> {
        BigInteger exponent = in.mpint();
        BigInteger modulus = in.mpint();
        in.end();
        if (exponent.signum() <= 0 || modulus.signum() <= 0) {
          throw new Refused(NOT_VALID);
        }
        if (modulus.bitLength() < MIN_RSA_BITS) {
          throw new Refused(RSA_TOO_SHORT);
        }
        spki = encoded("RSA", new RSAPublicKeySpec(modulus, exponent));
        canonical.mpint(exponent).mpint(modulus);
      }
      case "ssh-ed25519" -> {
        byte[] key = in.string();
        in.end();
        if (key.length != ED25519_LENGTH) {
          throw new Refused(NOT_VALID);
        }
        spki = concat(ED25519_SPKI_PREFIX, key);
        canonical.string(key);
      }
      case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521" -> {
        byte[] curveName = in.string();
        byte[] point = in.string();
        in.end();
        if (!type.endsWith("-" + new String(curveName, StandardCharsets.US_ASCII))) {
          throw new Refused(NOT_VALID);
        }
        ECParameterSpec curve = curve(CURVES.get(type));
        spki = encoded("EC", new ECPublicKeySpec(pointOnCurve(point, curve), curve));
        canonical.string(curveName).string(point);
      }
      case "ssh-dss" -> throw new Refused(DSA_REFUSED);
      default -> throw new Refused(NOT_VALID);
    }
    return new Parsed(pem(spki), fingerprint(canonical.bytes()));
  }

  /** An uncompressed point ({@code 04 || X || Y}) that lies on the curve; anything else is refused. */
  private static ECPoint pointOnCurve(byte[] encoded, ECParameterSpec spec) throws Refused {
    EllipticCurve curve = spec.getCurve();
    BigInteger p = ((ECFieldFp) curve.getField()).getP();
    int size = (p.bitLength() + 7) / 8;
    if (encoded.length != 1 + 2 * size || encoded[0] != 0x04) {
      throw new Refused(NOT_VALID);
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(encoded, 1, 1 + size));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(encoded, 1 + size, encoded.length));
    BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0 || !y.pow(2).mod(p).equals(right)) {
      throw new Refused(NOT_VALID);
    }
    return new ECPoint(x, y);
  }

  private static ECParameterSpec curve(String name) {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(name));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform has the NIST curves", e);
    }
  }

  private static byte[] encoded(String algorithm, KeySpec spec) throws Refused {
    try {
      return KeyFactory.getInstance(algorithm).generatePublic(spec).getEncoded();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has " + algorithm, e);
    } catch (GeneralSecurityException refusedByJava) {
      throw new Refused(NOT_VALID);
    }
  }

  private static String pem(byte[] spki) {
    String base64 = Base64.getEncoder().encodeToString(spki);
    StringBuilder out = new StringBuilder("-----BEGIN PUBLIC KEY-----\r\n");
    for (int i = 0; i < base64.length(); i += 64) {
      out.append(base64, i, Math.min(base64.length(), i + 64)).append("\r\n");
    }
    return out.append("-----END PUBLIC KEY-----").toString();
  }

  private static String fingerprint(byte[] wireForm) {
    try {
      return Base64.getEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(wireForm));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The SSH wire format (RFC 4251): length-prefixed strings and mpints, nothing left over. */
  private static final class Reader {
    private final ByteBuffer buffer;

    Reader(byte[] blob) {
      buffer = ByteBuffer.wrap(blob);
    }

    byte[] string() throws Refused {
      if (buffer.remaining() < 4) {
        throw new Refused(NOT_VALID);
      }
      int length = buffer.getInt();
      if (length < 0 || length > buffer.remaining()) {
        throw new Refused(NOT_VALID);
      }
      byte[] out = new byte[length];
      buffer.get(out);
      return out;
    }

    BigInteger mpint() throws Refused {
      byte[] bytes = string();
      return bytes.length == 0 ? BigInteger.ZERO : new BigInteger(bytes);
    }

    void end() throws Refused {
      if (buffer.hasRemaining()) {
        throw new Refused(NOT_VALID);
      }
    }
  }

  private static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer string(byte[] value) {
      out.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
      out.writeBytes(value);
      return this;
    }

    Writer mpint(BigInteger value) {
      return string(value.toByteArray());
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
