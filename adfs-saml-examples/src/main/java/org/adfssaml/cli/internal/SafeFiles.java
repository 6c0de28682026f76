package org.adfssaml.cli.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Writing files the way credentials must be written: atomically (a reader sees the old or the new file,
 * never half of one), mode 0600, and under a lock shared with other processes so that concurrent writers do
 * not lose each other's changes.
 */
final class SafeFiles {

    static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    /**
     * How a JVM that holds a lock hands it to the child JVM it runs its command in ({@link Relaunch}): this environment
     * variable, set to {@code "<holder's pid> <lock file>"} ({@link #handOver}). The child then takes that lock without
     * the file lock, which its parent holds for it until the child has ended (file locks belong to a process, so the
     * child could not take it; it would wait for its own parent forever). In any other process, and for any other lock,
     * the variable means nothing.
     */
    static final String HELD_BY_PARENT = "ADFS_SAML_LOCK_HELD_BY_PARENT";

    /** File locks are per process; threads of this process queue here first. */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private SafeFiles() {
    }

    /** A held lock; closing releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /**
     * Takes the lock that guards {@code target}: the lock file {@code target + ".lock"} beside it. Reentrant: a thread
     * that holds it gets it again, released with the outermost {@link Held#close()}.
     */
    static Held lock(Path target) throws IOException {
        return lock(target, System.getenv(HELD_BY_PARENT));
    }

    /** @param heldByParent the value of {@link #HELD_BY_PARENT} in this process's environment, or null */
    static Held lock(Path target, String heldByParent) throws IOException {
        Path lockFile = lockFile(target);
        createPrivateDirectories(lockFile.getParent());
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, k -> new ReentrantLock());
        local.lock();
        if (local.getHoldCount() > 1 || heldByParent(lockFile, heldByParent)) {
            // this thread holds the file lock already (the credential-process fast path hands it to the full CLI), or
            // the parent JVM holds it for this one
            return local::unlock;
        }
        try {
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.lock();
                return () -> {
                    try {
                        lock.release();
                        channel.close();
                    } finally {
                        local.unlock();
                    }
                };
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    /** The lock file that guards {@code target}. */
    static Path lockFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".lock").toAbsolutePath().normalize();
    }

    /** The value of {@link #HELD_BY_PARENT} with which this process hands the lock on {@code lockFile} to a child. */
    static String handOver(Path lockFile) {
        return ProcessHandle.current().pid() + " " + lockFile;
    }

    private static boolean heldByParent(Path lockFile, String heldByParent) {
        if (heldByParent == null) {
            return false;
        }
        int space = heldByParent.indexOf(' ');
        if (space < 0 || !heldByParent.substring(space + 1).equals(lockFile.toString())) {
            return false;
        }
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        return parent.isPresent() && heldByParent.substring(0, space).equals(Long.toString(parent.get().pid()));
    }

    /** Replaces {@code target} atomically with {@code text}; the new file is readable by its owner only. */
    static void writeAtomically(Path target, String text) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        createPrivateDirectories(parent);
        Path temp = POSIX
                ? Files.createTempFile(parent, "." + target.getFileName(), ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Deletes the temporary files {@link #writeAtomically} leaves next to {@code target} when it dies between
     * writing and renaming. Only the holder of {@code target}'s {@link #lock} may call this; best effort.
     */
    static void deleteStaleTemporaryFiles(Path target) {
        String prefix = "." + target.getFileName();
        DirectoryStream.Filter<Path> temporary = p -> p.getFileName().toString().startsWith(prefix)
                && p.getFileName().toString().endsWith(".tmp") && Files.isRegularFile(p);
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(target.toAbsolutePath().getParent(), temporary)) {
            for (Path file : stale) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | DirectoryIteratorException e) {
            // a leftover is harmless: private to its owner, and never read as the target
        }
    }

    /** Creates missing directories readable by their owner only (the cache holds secrets). */
    static void createPrivateDirectories(Path dir) throws IOException {
        if (dir == null || Files.isDirectory(dir)) {
            return;
        }
        if (POSIX) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    /** Deletes {@code root} and everything under it, if it exists. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
