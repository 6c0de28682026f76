package org.adfssaml.cli.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * An application class-data sharing (AppCDS) archive of the classes a sign-in loads, for the {@code credential_process}
 * line: a JVM that maps it skips loading, verifying and linking several thousand classes, which roughly halves a cold
 * sign-in (BENCHMARKS.md). The archive is built once per jar: a training run of {@code demo --training} (a whole
 * sign-in against the embedded emulators, then {@code login} and {@code credential-process} run in the same JVM, see
 * {@link TrainingRun}) lists the classes it loads ({@code -XX:DumpLoadedClassList}), and {@code -Xshare:dump} writes
 * a static archive of them. A static archive rather than a dynamic one ({@code -XX:ArchiveClassesAtExit}) because only
 * a static one can hold picocli, whose classes are compiled for Java 5, and the JDK classes the default archive lacks:
 * about 7 % off a cold {@code login}. It holds class metadata only, no credentials. A JVM that cannot use it (a different JDK or jar, the file deleted) runs without it; the
 * {@code -Xlog} options keep the JVM from saying so on standard output, where it would corrupt the JSON.
 */
final class ClassDataSharing {

    /** Long enough for a loaded machine; a demo takes a few seconds. */
    private static final long TRAINING_TIMEOUT_SECONDS = 180;

    private ClassDataSharing() {
    }

    /** The JVM options that use {@code archive}. */
    static List<String> jvmOptions(Path archive) {
        return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /**
     * The archive for this JDK and jar under {@code ~/.aws/adfs-saml/cds/}: its name changes with the JDK, the jar's
     * path, size and modification time, so an upgrade gets a new archive instead of a rejected one.
     */
    static Path archiveFor(CliIo io, Path java, Path jar) throws IOException {
        byte[] identity = String.join("\n", java.toString(), System.getProperty("java.vm.version", ""), jar.toString(),
                String.valueOf(Files.size(jar)), String.valueOf(Files.getLastModifiedTime(jar).toMillis()))
                .getBytes(StandardCharsets.UTF_8);
        // two checksums, not a digest: the name only has to differ between JDKs and jars (a JVM rejects an archive of
        // another one anyway), and a plain java -jar that relaunches itself (Relaunch) looks the archive up before
        // anything else has set up MessageDigest's providers, which would cost it about 40 ms
        CRC32 crc32 = new CRC32();
        crc32.update(identity);
        CRC32C crc32c = new CRC32C();
        crc32c.update(identity);
        HexFormat hex = HexFormat.of();
        return io.home().resolve(".aws").resolve("adfs-saml").resolve("cds")
                .resolve("adfs-saml-" + hex.toHexDigits((int) crc32.getValue()) + hex.toHexDigits((int) crc32c.getValue())
                        + ".jsa");
    }

    /**
     * The archive, built now by a training run if it does not exist yet.
     *
     * @return the archive, or empty (with the reason told to the user) when it could not be built
     */
    static Optional<Path> ensure(CliIo io, Path java, Path jar) {
        Path classList = null;
        Path dumped = null;
        try {
            Path archive = archiveFor(io, java, jar);
            if (Files.isRegularFile(archive)) {
                return Optional.of(archive);
            }
            SafeFiles.createPrivateDirectories(archive.getParent());
            io.tell("Building a class-data sharing archive for faster starts (once per jar, about 15 s; --no-cds skips it)");
            String suffix = ".tmp-" + ProcessHandle.current().pid();
            classList = archive.resolveSibling(archive.getFileName() + ".classlist" + suffix);
            dumped = archive.resolveSibling(archive.getFileName() + suffix);
            Files.deleteIfExists(classList);
            Files.deleteIfExists(dumped);
            List<String> training = new ArrayList<>(List.of(java.toString()));
            training.addAll(LaunchCommand.SHORT_LIVED);
            training.add("-XX:DumpLoadedClassList=" + classList);
            training.addAll(LaunchCommand.jarAndMain(jar));
            training.addAll(List.of("demo", "--role-arn", DemoCommand.TRAINING_ROLE, "--training"));
            Optional<String> failed = run("the training run", training.toArray(String[]::new));
            if (failed.isEmpty() && !Files.isRegularFile(classList)) {
                failed = Optional.of("this JVM wrote no class list (-XX:DumpLoadedClassList needs HotSpot)");
            }
            if (failed.isEmpty()) {
                failed = run("the archive dump", java.toString(), "-Xshare:dump", "-XX:SharedClassListFile=" + classList,
                        "-XX:SharedArchiveFile=" + dumped, "-Xlog:cds=off", "-cp", jar.toString());
            }
            if (failed.isEmpty() && !Files.isRegularFile(dumped)) {
                failed = Optional.of("this JVM wrote no archive (-Xshare:dump needs HotSpot)");
            }
            if (failed.isPresent()) {
                io.tell("Skipping class-data sharing: " + failed.get() + "; credential_process starts without it");
                return Optional.empty();
            }
            Files.move(dumped, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(archive);
        } catch (IOException e) {
            io.tell("Skipping class-data sharing: " + e.getMessage() + "; credential_process starts without it");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            deleteQuietly(classList);
            deleteQuietly(dumped);
        }
    }

    /** Runs a JVM to the end; the reason it failed, if it did. */
    private static Optional<String> run(String what, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        process.getOutputStream().close();
        if (!process.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return Optional.of(what + " took longer than " + TRAINING_TIMEOUT_SECONDS + " s");
        }
        return process.exitValue() == 0 ? Optional.empty() : Optional.of(what + " exited with " + process.exitValue());
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temporary file is named after this process and never read
            }
        }
    }
}
