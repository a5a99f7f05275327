package dev.talon.launcher;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HMAC key of API-key hashes. From {@code secret} ({@code TALON_SECRET}) when set, else from
 * {@code secret-file}, which is created with 32 random bytes on first use and kept: losing it
 * invalidates every key, so back it up with the database (README, "Server secret").
 */
final class ServerSecret {

  private static final Logger LOG = LoggerFactory.getLogger(ServerSecret.class);
  static final int MIN_LENGTH = 32;

  private ServerSecret() {
  }

  static byte[] load(JsonObject config) throws IOException {
    String given = config.getString("secret", "");
    if (!given.isBlank()) {
      byte[] bytes = given.strip().getBytes(StandardCharsets.UTF_8);
      if (bytes.length < MIN_LENGTH) {
        throw new IllegalArgumentException("TALON_SECRET must hold at least " + MIN_LENGTH + " characters");
      }
      return bytes;
    }
    Path file = TalonConfig.home().resolve(config.getString("secret-file", "var/talon.secret"));
    if (!Files.exists(file)) {
      create(file);
    }
    byte[] bytes = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
    if (bytes.length < MIN_LENGTH) {
      throw new IllegalArgumentException("The secret in " + file + " is too short");
    }
    return bytes;
  }

  private static void create(Path file) throws IOException {
    byte[] secret = new byte[MIN_LENGTH];
    new SecureRandom().nextBytes(secret);
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    try {
      Files.writeString(file, Base64.getEncoder().encodeToString(secret) + "\n", StandardCharsets.US_ASCII,
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        LOG.warn("Could not restrict the permissions of {}", file);
      }
      LOG.info("Generated the server secret in {}; back it up with the database: without it no key works", file);
    } catch (FileAlreadyExistsException raced) {
      // another process created it first: use theirs
    }
  }
}
