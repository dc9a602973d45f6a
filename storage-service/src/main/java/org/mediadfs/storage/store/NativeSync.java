package org.mediadfs.storage.store;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Linux {@code syncfs(2)} through the Foreign Function API: one call makes everything written to a
 * file system durable (file data, new names, directories), which is what lets one flush cover all
 * the files of a batch of concurrent uploads (group commit) instead of one fsync per file. Absent
 * on other systems, where {@link Durability.PerFile} is used. Also {@code renameat2(2)} with {@code
 * RENAME_NOREPLACE}, when the C library has it, for {@link NoReplaceMove}.
 *
 * <p>The JVM prints a one-time warning for the native call unless started with {@code
 * --enable-native-access=ALL-UNNAMED}; nothing else is needed.
 */
public final class NativeSync {
  private static final System.Logger LOG = System.getLogger(NativeSync.class.getName());
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 02000000;
  private static final int AT_FDCWD = -100;
  private static final int RENAME_NOREPLACE = 1;

  private final MethodHandle open;
  private final MethodHandle syncfs;
  private final MethodHandle close;
  private final Optional<MethodHandle> renameat2;
  private final VarHandle errno;
  private final long errnoSize;

  private NativeSync(
      MethodHandle open,
      MethodHandle syncfs,
      MethodHandle close,
      Optional<MethodHandle> renameat2,
      VarHandle errno,
      long size) {
    this.open = open;
    this.syncfs = syncfs;
    this.close = close;
    this.renameat2 = renameat2;
    this.errno = errno;
    this.errnoSize = size;
  }

  /** The native functions, or empty where they do not exist (not Linux, no FFM access). */
  public static Optional<NativeSync> load() {
    if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      return Optional.empty();
    }
    try {
      Linker linker = Linker.nativeLinker();
      SymbolLookup libc = linker.defaultLookup();
      Linker.Option errnoOption = Linker.Option.captureCallState("errno");
      var layout = Linker.Option.captureStateLayout();
      VarHandle errno =
          layout.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
      MethodHandle open =
          linker.downcallHandle(
              libc.find("open").orElseThrow(),
              FunctionDescriptor.of(
                  ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
              errnoOption);
      MethodHandle syncfs =
          linker.downcallHandle(
              libc.find("syncfs").orElseThrow(),
              FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
              errnoOption);
      MethodHandle close =
          linker.downcallHandle(
              libc.find("close").orElseThrow(),
              FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
      Optional<MethodHandle> renameat2 =
          libc.find("renameat2")
              .map(
                  f ->
                      linker.downcallHandle(
                          f,
                          FunctionDescriptor.of(
                              ValueLayout.JAVA_INT,
                              ValueLayout.JAVA_INT,
                              ValueLayout.ADDRESS,
                              ValueLayout.JAVA_INT,
                              ValueLayout.ADDRESS,
                              ValueLayout.JAVA_INT),
                          errnoOption));
      return Optional.of(new NativeSync(open, syncfs, close, renameat2, errno, layout.byteSize()));
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  /** Opens a directory read-only; the descriptor names its file system for {@link #syncfs}. */
  public int openDirectory(Path dir) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(errnoSize);
      MemorySegment path = arena.allocateFrom(dir.toAbsolutePath().toString());
      int fd = (int) open.invokeExact(state, path, O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        throw new IOException("open(" + dir + ") failed: errno " + (int) errno.get(state, 0L));
      }
      return fd;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("open(" + dir + ") failed", t);
    }
  }

  /** Flushes every dirty page and inode of the file system {@code fd} lies on, and waits. */
  public void syncfs(int fd) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(errnoSize);
      int r = (int) syncfs.invokeExact(state, fd);
      if (r != 0) {
        throw new IOException("syncfs failed: errno " + (int) errno.get(state, 0L));
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("syncfs failed", t);
    }
  }

  /** Whether {@link #renameNoReplace} is available (glibc 2.28 and later). */
  public boolean canRenameNoReplace() {
    return renameat2.isPresent();
  }

  /**
   * {@code renameat2(from, to, RENAME_NOREPLACE)}.
   *
   * @return 0, or the errno of the failed call
   * @throws IllegalStateException if {@link #canRenameNoReplace} is false
   */
  public int renameNoReplace(Path from, Path to) throws IOException {
    MethodHandle h = renameat2.orElseThrow(() -> new IllegalStateException("no renameat2"));
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(errnoSize);
      MemorySegment f = arena.allocateFrom(from.toString());
      MemorySegment t = arena.allocateFrom(to.toString());
      int r = (int) h.invokeExact(state, AT_FDCWD, f, AT_FDCWD, t, RENAME_NOREPLACE);
      return r == 0 ? 0 : (int) errno.get(state, 0L);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("rename of " + from + " to " + to + " failed", t);
    }
  }

  /** Closes a descriptor from {@link #openDirectory}. */
  public void close(int fd) {
    try {
      int r = (int) close.invokeExact(fd);
      if (r != 0) {
        LOG.log(System.Logger.Level.WARNING, "close of descriptor {0} failed", fd);
      }
    } catch (Throwable t) {
      LOG.log(System.Logger.Level.WARNING, "close of descriptor " + fd + " failed", t);
    }
  }
}
