package org.mediadfs.storage.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Gives a new file its name without ever replacing a file that has it: Linux {@code renameat2(2)}
 * with {@code RENAME_NOREPLACE} ({@link NativeSync}, the Foreign Function API), where the kernel
 * refuses an existing name in the same step as the rename. {@code Files.move} with {@code
 * ATOMIC_MOVE} is a plain {@code rename(2)}, which silently replaces: a look first ({@code
 * Files.exists}) costs a system call per upload and still leaves a window in which two uploads
 * given the same ID (an ID server whose database was reset) both find the name free and the second
 * replaces the first's acknowledged bytes. Where {@code renameat2} is missing (not Linux, an old C
 * library) or the file system refuses the flag, the look-then-rename remains.
 */
public final class NoReplaceMove {
  private static final System.Logger LOG = System.getLogger(NoReplaceMove.class.getName());
  private static final int ENOENT = 2;
  private static final int EEXIST = 17;
  private static final int EINVAL = 22;
  private static final int ENOSPC = 28;
  private static final int ENOSYS = 38;
  private static final int EDQUOT = 122;

  private static final Optional<NativeSync> NATIVE =
      NativeSync.load().filter(NativeSync::canRenameNoReplace);

  /** Set once a file system refused the flag: every later move looks first. */
  private static volatile boolean unsupported;

  private NoReplaceMove() {}

  /**
   * Renames {@code from} to {@code to} (same file system), unless {@code to} exists.
   *
   * @throws FileAlreadyExistsException if {@code to} exists; neither file is touched
   * @throws NoSuchFileException if {@code from} or the folder of {@code to} does not exist
   * @throws IOException any other failure (the message names the system's error)
   */
  public static void move(Path from, Path to) throws IOException {
    if (NATIVE.isEmpty() || unsupported) {
      lookThenRename(from, to);
      return;
    }
    int errno = NATIVE.get().renameNoReplace(from, to);
    switch (errno) {
      case 0 -> {}
      case EEXIST -> throw new FileAlreadyExistsException(to.toString());
      case ENOENT -> throw new NoSuchFileException(from.toString(), to.toString(), "no such file");
      case EINVAL, ENOSYS -> {
        unsupported = true;
        LOG.log(
            System.Logger.Level.INFO,
            "renameat2(RENAME_NOREPLACE) refused (errno {0}) at {1}; looking before each rename",
            errno,
            to);
        lookThenRename(from, to);
      }
      default ->
          throw new IOException(
              "rename of "
                  + from
                  + " to "
                  + to
                  + " failed: "
                  + describe(errno)
                  + " (errno "
                  + errno
                  + ")");
    }
  }

  /** Whether the native rename is in use (tests). */
  static boolean usesNative() {
    return NATIVE.isPresent() && !unsupported;
  }

  /** The fallback: look, then rename (a narrow window remains between the two). */
  static void lookThenRename(Path from, Path to) throws IOException {
    if (Files.exists(to)) {
      throw new FileAlreadyExistsException(to.toString());
    }
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The words {@code StoreWriteException.isNoSpace} recognises, for the errors it must. */
  private static String describe(int errno) {
    return switch (errno) {
      case ENOSPC -> "No space left on device";
      case EDQUOT -> "Disk quota exceeded";
      default -> "system error";
    };
  }
}
