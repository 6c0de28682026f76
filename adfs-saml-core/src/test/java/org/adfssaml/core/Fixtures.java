package org.adfssaml.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Assumptions;

/** The shared third-party fixtures, read by path (never copied into the repository). */
final class Fixtures {

    private Fixtures() {
    }

    static Path path(String relative) {
        String root = System.getProperty("adfs.fixtures");
        Assumptions.assumeTrue(root != null && !root.isBlank(),
                "system property adfs.fixtures is not set: fixture-based test skipped");
        Path dir = Path.of(root);
        Assumptions.assumeTrue(Files.isDirectory(dir), "fixtures folder " + dir + " is missing: fixture-based test skipped");
        Path file = dir.resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(file), "fixture " + file + " is missing: test skipped");
        return file;
    }

    static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String string(String relative) {
        return new String(bytes(relative), java.nio.charset.StandardCharsets.UTF_8);
    }

    static Clock clock(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }
}
