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

    /** Writes the files HotSpot writes: the class list of -XX:DumpLoadedClassList=, the archive of -Xshare:dump. */
    private static final String WRITES_LIST_AND_ARCHIVE = "for a in \"$@\"; do case \"$a\" in "
            + "-XX:DumpLoadedClassList=*) echo classes > \"${a#-XX:DumpLoadedClassList=}\";; "
            + "-XX:SharedArchiveFile=*) echo archive > \"${a#-XX:SharedArchiveFile=}\";; esac; done";

    @Test
    void ensureWhenTrainingAndDumpWriteThenArchiveMovedIntoPlaceAndReusedWithoutTrainingAgain() throws Exception {
        Path java = fakeJava(WRITES_LIST_AND_ARCHIVE);

        Optional<Path> first = ClassDataSharing.ensure(io, java, jar);
        Optional<Path> second = ClassDataSharing.ensure(io, java, jar);

        Path expected = ClassDataSharing.archiveFor(io, java, jar);
        assertThat(first).contains(expected);
        assertThat(second).contains(expected);
        assertThat(Files.readString(expected)).isEqualTo("archive\n");
        String suffix = ".tmp-" + ProcessHandle.current().pid();
        assertThat(calls()).containsExactly(
                "-XX:TieredStopAtLevel=1 -XX:-Inline -XX:CICompilerCount=1 -XX:-UsePerfData -XX:DumpLoadedClassList=" + expected + ".classlist" + suffix + " -cp " + jar
                        + " org.adfssaml.cli.AdfsSamlCli demo --role-arn " + DemoCommand.TRAINING_ROLE + " --training",
                "-Xshare:dump -XX:SharedClassListFile=" + expected + ".classlist" + suffix + " -XX:SharedArchiveFile="
                        + expected + suffix + " -Xlog:cds=off -cp " + jar);
        try (var files = Files.list(expected.getParent())) {
            assertThat(files).containsExactly(expected);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Building a class-data sharing archive for faster "
                + "starts (once per jar, about 15 s; --no-cds skips it)" + System.lineSeparator());
    }

    @Test
    void ensureWhenTrainingFailsThenEmptyWithReasonAndNoFileLeft() throws Exception {
        Path java = fakeJava("exit 3");

        Optional<Path> archive = ClassDataSharing.ensure(io, java, jar);

        assertThat(archive).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).endsWith("Skipping class-data sharing: the training run "
                + "exited with 3; credential_process starts without it" + System.lineSeparator());
        assertThat(calls()).hasSize(1);
        try (var files = Files.list(ClassDataSharing.archiveFor(io, java, jar).getParent())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void ensureWhenDumpFailsThenEmptyWithReasonAndClassListRemoved() throws Exception {
        Path java = fakeJava(WRITES_LIST_AND_ARCHIVE + "; case \"$1\" in -Xshare:dump) exit 4;; esac");

        Optional<Path> archive = ClassDataSharing.ensure(io, java, jar);

        assertThat(archive).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).endsWith("Skipping class-data sharing: the archive dump "
                + "exited with 4; credential_process starts without it" + System.lineSeparator());
        assertThat(calls()).hasSize(2);
        try (var files = Files.list(ClassDataSharing.archiveFor(io, java, jar).getParent())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void ensureWhenJvmWritesNoClassListThenEmptyNamingTheReason() throws Exception {
        Path java = fakeJava("exit 0");

        assertThat(ClassDataSharing.ensure(io, java, jar)).isEmpty();

        assertThat(err.toString(StandardCharsets.UTF_8)).endsWith("Skipping class-data sharing: this JVM wrote no "
                + "class list (-XX:DumpLoadedClassList needs HotSpot); credential_process starts without it"
                + System.lineSeparator());
        assertThat(calls()).hasSize(1);
    }

    @Test
    void ensureWhenDumpWritesNoArchiveThenEmptyNamingTheReason() throws Exception {
        Path java = fakeJava("for a in \"$@\"; do case \"$a\" in -XX:DumpLoadedClassList=*) "
                + "echo classes > \"${a#-XX:DumpLoadedClassList=}\";; esac; done");

        assertThat(ClassDataSharing.ensure(io, java, jar)).isEmpty();

        assertThat(err.toString(StandardCharsets.UTF_8)).endsWith("Skipping class-data sharing: this JVM wrote no "
                + "archive (-Xshare:dump needs HotSpot); credential_process starts without it" + System.lineSeparator());
        try (var files = Files.list(ClassDataSharing.archiveFor(io, java, jar).getParent())) {
            assertThat(files).isEmpty();
        }
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
