package org.adfssaml.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock a relaunching JVM hands to its child; the rest of SafeFiles is covered through the cache and files. */
class SafeFilesTest {

    @TempDir
    Path dir;

    @Test
    void lockWhenTheParentHandedItOverThenThisProcessTakesNoFileLock() throws Exception {
        Path target = dir.resolve("cache.json");
        long parent = ProcessHandle.current().parent().orElseThrow().pid();

        try (SafeFiles.Held held = SafeFiles.lock(target, parent + " " + SafeFiles.lockFile(target));
                FileChannel channel = FileChannel.open(SafeFiles.lockFile(target), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE)) {
            FileLock other = channel.tryLock();

            assertThat(other).as("the file lock is free for the parent, which holds it").isNotNull();
            other.release();
        }
    }

    @Test
    void lockWhenHandedOverByAnotherProcessOrForAnotherFileThenTheFileLockIsTaken() throws Exception {
        Path target = dir.resolve("cache.json");
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        String[] notForThisProcess = {ProcessHandle.current().pid() + " " + SafeFiles.lockFile(target),
                parent + " " + SafeFiles.lockFile(dir.resolve("other.json")), parent + "", "", null};

        for (String value : notForThisProcess) {
            try (SafeFiles.Held held = SafeFiles.lock(target, value);
                    FileChannel channel = FileChannel.open(SafeFiles.lockFile(target), StandardOpenOption.WRITE)) {
                assertThatThrownBy(channel::tryLock).as(String.valueOf(value))
                        .isInstanceOf(OverlappingFileLockException.class);
            }
        }
    }

    @Test
    void handOverWhenGivenALockFileThenThisProcessAndTheFile() {
        Path lockFile = SafeFiles.lockFile(dir.resolve("cache.json"));

        assertThat(SafeFiles.handOver(lockFile)).isEqualTo(ProcessHandle.current().pid() + " " + lockFile);
        assertThat(lockFile).isEqualTo(dir.resolve("cache.json.lock").toAbsolutePath().normalize());
    }
}
