package org.adfssaml.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training run is a stand-in {@code java} script here; {@code CliJarIT} runs the real one. */
class ClassDataSharingTest {

    @TempDir
    Path home;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private CliIo io;
    private Path jar;

    @BeforeEach
    void setUp() throws Exception {
        io = new CliIo(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("HOME", home.toString()), Terminal.none());
        jar = Files.writeString(home.resolve("adfs-saml.jar"), "not really a jar");
    }

    /** A {@code java} that logs its arguments, then runs {@code body} (sh). */
    private Path fakeJava(String body) throws Exception {
        Path script = home.resolve("java");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" >> " + home.resolve("calls.log") + "\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private List<String> calls() throws Exception {
        Path log = home.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void ensureWhenTrainingWritesArchiveThenMovedIntoPlaceAndReusedWithoutTrainingAgain() throws Exception {
        // writes the file named by -XX:ArchiveClassesAtExit=, as HotSpot does at exit
        Path java = fakeJava("for a in \"$@\"; do case \"$a\" in -XX:ArchiveClassesAtExit=*) "
                + "echo archive > \"${a#-XX:ArchiveClassesAtExit=}\";; esac; done");

        Optional<Path> first = ClassDataSharing.ensure(io, java, jar);
        Optional<Path> second = ClassDataSharing.ensure(io, java, jar);

        Path expected = ClassDataSharing.archiveFor(io, java, jar);
        assertThat(first).contains(expected);
        assertThat(second).contains(expected);
        assertThat(Files.readString(expected)).isEqualTo("archive\n");
        assertThat(calls()).hasSize(1);
        assertThat(calls().get(0)).startsWith("-XX:TieredStopAtLevel=1 -XX:ArchiveClassesAtExit=" + expected + ".tmp-")
                .endsWith(" -Xlog:cds=off -Xlog:cds+dynamic=off -jar " + jar + " demo --role-arn "
                        + DemoCommand.TRAINING_ROLE);
        try (var files = Files.list(expected.getParent())) {
            assertThat(files).containsExactly(expected);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Building a class-data sharing archive for faster "
                + "starts (once per jar, a few seconds; --no-cds skips it)" + System.lineSeparator());
    }

    @Test
    void ensureWhenTrainingFailsThenEmptyWithReasonAndNoFileLeft() throws Exception {
        Path java = fakeJava("exit 3");

        Optional<Path> archive = ClassDataSharing.ensure(io, java, jar);

        assertThat(archive).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).endsWith("Skipping class-data sharing: the training run "
                + "exited with 3; credential_process starts without it" + System.lineSeparator());
        try (var files = Files.list(ClassDataSharing.archiveFor(io, java, jar).getParent())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void ensureWhenJvmWritesNoArchiveThenEmptyNamingTheReason() throws Exception {
        Path java = fakeJava("exit 0");

        assertThat(ClassDataSharing.ensure(io, java, jar)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).endsWith("Skipping class-data sharing: this JVM wrote no "
                + "archive (-XX:ArchiveClassesAtExit needs HotSpot, JDK 13 or later); credential_process starts "
                + "without it" + System.lineSeparator());
    }

    @Test
    void archiveForWhenJarChangesThenAnotherArchive() throws Exception {
        Path java = Path.of("/opt/java/bin/java");
        Path before = ClassDataSharing.archiveFor(io, java, jar);

        Files.writeString(jar, "a rebuilt jar of another size");

        Path after = ClassDataSharing.archiveFor(io, java, jar);
        assertThat(after).isNotEqualTo(before);
        assertThat(after.getParent()).isEqualTo(home.resolve(".aws/adfs-saml/cds"));
        assertThat(before.getFileName().toString()).matches("adfs-saml-[0-9a-f]{16}\\.jsa");
    }
}
