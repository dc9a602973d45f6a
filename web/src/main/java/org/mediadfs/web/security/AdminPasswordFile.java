package org.mediadfs.web.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * Writes the first admin's password to {@code <data-dir>/admin-password} so that only the account
 * that runs the server can read it (mode 600 from the moment the file exists, never wider), and it
 * never appears in a log. The file is written under a temporary name and moved into place, so a
 * reader never sees half a password.
 */
public final class AdminPasswordFile {
  /** The file's name in the data folder ({@code bin/mediadfs up} prints its path). */
  public static final String NAME = "admin-password";

  private static final Set<PosixFilePermission> OWNER_RW =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private AdminPasswordFile() {}

  /**
   * Writes {@code password} (and a newline) to {@code dataDir/admin-password}; returns the path.
   */
  public static Path write(Path dataDir, String password) throws IOException {
    Files.createDirectories(dataDir);
    Path target = dataDir.resolve(NAME);
    Path tmp = dataDir.resolve("." + NAME + "." + UUID.randomUUID() + ".tmp");
    boolean posix = Files.getFileStore(dataDir).supportsFileAttributeView("posix");
    FileAttribute<?>[] attrs =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_RW)}
            : new FileAttribute<?>[0];
    try {
      Files.createFile(tmp, attrs);
      if (posix) {
        // The umask may have narrowed the mode further; make it exactly 600.
        Files.setPosixFilePermissions(tmp, OWNER_RW);
      }
      Files.write(
          tmp,
          (password + "\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.SYNC);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (FileAlreadyExistsException e) {
      throw new IOException("temporary file name collision: " + tmp, e);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
