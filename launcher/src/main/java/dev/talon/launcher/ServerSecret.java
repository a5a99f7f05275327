package dev.talon.launcher;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.OpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
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

  private static void writeExclusively(Path file, byte[] secret) throws IOException {
    Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    ByteBuffer text = ByteBuffer.wrap((Base64.getEncoder().encodeToString(secret) + "\n").getBytes(StandardCharsets.US_ASCII));
    SeekableByteChannel channel;
    try {
      channel = Files.newByteChannel(file, options,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      channel = Files.newByteChannel(file, options);
    }
    try (SeekableByteChannel out = channel) {
      while (text.hasRemaining()) {
        out.write(text);
      }
    }
  }

  /** Makes the new name durable: after a crash, keys made with this secret still find it. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException notSupported) {
      LOG.debug("Could not sync directory {}: {}", dir, notSupported.toString());
    }
  }

  /**
   * Writes a new secret where nobody can read it half-written or with loose permissions: into a
   * private temporary file first (owner-only from its creation), then linked under its name, which
   * fails if another process got there first (then theirs is used).
   */
  private static void create(Path file) throws IOException {
    byte[] secret = new byte[MIN_LENGTH];
    new SecureRandom().nextBytes(secret);
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp;
    try {
      temp = Files.createTempFile(dir, ".talon-secret", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      LOG.warn("Could not restrict the permissions of {}", file);
      temp = Files.createTempFile(dir, ".talon-secret", ".tmp");
    }
    try {
      Files.writeString(temp, Base64.getEncoder().encodeToString(secret) + "\n", StandardCharsets.US_ASCII,
          StandardOpenOption.WRITE, StandardOpenOption.SYNC);
      try {
        Files.createLink(file, temp);
      } catch (FileAlreadyExistsException raced) {
        throw raced;
      } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
        // vfat, some network and FUSE volumes: an exclusive create, private from its creation
        writeExclusively(file, secret);
      }
      syncDirectory(dir);
      LOG.info("Generated the server secret in {}; back it up with the database: without it no key works", file);
    } catch (FileAlreadyExistsException raced) {
      // another process created it first: use theirs
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
