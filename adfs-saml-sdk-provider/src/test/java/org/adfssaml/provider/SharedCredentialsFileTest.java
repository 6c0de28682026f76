package org.adfssaml.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;

class SharedCredentialsFileTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String TOKEN = "FwoGZXIvYXdzEXAMPLETOKEN+/abc==";
    private static final AwsSessionCredentials CREDENTIALS = AwsSessionCredentials.builder()
                                                                                 .accessKeyId("ASIAEXAMPLE0000001")
                                                                                 .secretAccessKey(SECRET)
                                                                                 .sessionToken(TOKEN)
                                                                                 .expirationTime(Instant.parse("2026-11-22T13:00:00.750Z"))
                                                                                 .build();

    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve("credentials");
    }

    @Test
    void writeProfileWhenFileMissingThenCreatesItWithTheProfile() throws IOException {
        SharedCredentialsFile.at(file()).writeProfile("saml", CREDENTIALS, Region.EU_WEST_1);

        assertThat(Files.readString(file())).isEqualTo("[saml]\n"
                                                       + "aws_access_key_id = ASIAEXAMPLE0000001\n"
                                                       + "aws_secret_access_key = " + SECRET + "\n"
                                                       + "aws_session_token = " + TOKEN + "\n"
                                                       + "x_security_token_expires = 2026-11-22T13:00:00Z\n"
                                                       + "expiration = 2026-11-22T13:00:00Z\n"
                                                       + "region = eu-west-1\n");
    }

    @Test
    void writeProfileWhenWrittenThenMode0600() throws IOException {
        Assumptions.assumeTrue(Files.getFileStore(directory).supportsFileAttributeView("posix"), "POSIX file system");
        Files.writeString(file(), "[other]\naws_access_key_id = A\n");
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));

        SharedCredentialsFile.at(file()).writeProfile("saml", CREDENTIALS);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
    }

    @Test
    void writeProfileWhenDirectoryMissingThenCreatesItOwnerOnly() throws IOException {
        Assumptions.assumeTrue(Files.getFileStore(directory).supportsFileAttributeView("posix"), "POSIX file system");
        Path nested = directory.resolve(".aws").resolve("credentials");

        SharedCredentialsFile.at(nested).writeProfile("saml", CREDENTIALS);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested.getParent()))).isEqualTo("rwx------");
        assertThat(Files.readString(nested)).startsWith("[saml]\n");
    }

    @Test
    void writeProfileWhenOtherProfilesAndCommentsThenKeepsThemByteForByte() throws IOException {
        String before = "# managed by hand\n"
                        + "\n"
                        + "[default]\n"
                        + "aws_access_key_id=AKIAOTHER\n"
                        + "aws_secret_access_key  =  other-secret   ; trailing comment\n"
                        + "\n"
                        + "; a comment between profiles\n"
                        + "[dev]   # comment after header\n"
                        + "s3 =\n"
                        + "  max_concurrent_requests = 10\n"
                        + "\n";
        Files.writeString(file(), before);

        SharedCredentialsFile.at(file()).writeProfile("saml", CREDENTIALS);

        assertThat(Files.readString(file())).isEqualTo(before
                                                       + "[saml]\n"
                                                       + "aws_access_key_id = ASIAEXAMPLE0000001\n"
                                                       + "aws_secret_access_key = " + SECRET + "\n"
                                                       + "aws_session_token = " + TOKEN + "\n"
                                                       + "x_security_token_expires = 2026-11-22T13:00:00Z\n"
                                                       + "expiration = 2026-11-22T13:00:00Z\n");
    }

    @Test
    void writeProfileWhenProfileExistsThenReplacesItsValuesInPlaceAndKeepsItsOtherKeys() throws IOException {
        Files.writeString(file(), "[saml]\n"
                                  + "# my note\n"
                                  + "aws_access_key_id = OLDKEY\n"
                                  + "output = json\n"
                                  + "aws_secret_access_key = old-secret\n"
                                  + "aws_session_token = old-token\n"
                                  + "region = us-west-2\n"
                                  + "\n"
                                  + "[after]\n"
                                  + "aws_access_key_id = AFTER\n");

        SharedCredentialsFile.at(file()).writeProfile("saml", CREDENTIALS);

        assertThat(Files.readString(file())).isEqualTo("[saml]\n"
                                                       + "# my note\n"
                                                       + "aws_access_key_id = ASIAEXAMPLE0000001\n"
                                                       + "output = json\n"
                                                       + "aws_secret_access_key = " + SECRET + "\n"
                                                       + "aws_session_token = " + TOKEN + "\n"
                                                       + "region = us-west-2\n"
                                                       + "x_security_token_expires = 2026-11-22T13:00:00Z\n"
                                                       + "expiration = 2026-11-22T13:00:00Z\n"
                                                       + "\n"
                                                       + "[after]\n"
                                                       + "aws_access_key_id = AFTER\n");
    }

    @Test
    void writeProfileWhenCrlfFileWithoutFinalNewlineThenKeepsCrlf() throws IOException {
        Files.writeString(file(), "[other]\r\naws_access_key_id = A\r\naws_secret_access_key = B");

        SharedCredentialsFile.at(file()).writeProfile("saml", CREDENTIALS);

        assertThat(Files.readString(file())).isEqualTo("[other]\r\naws_access_key_id = A\r\naws_secret_access_key = B\r\n"
                                                       + "\r\n"
                                                       + "[saml]\r\n"
                                                       + "aws_access_key_id = ASIAEXAMPLE0000001\r\n"
                                                       + "aws_secret_access_key = " + SECRET + "\r\n"
                                                       + "aws_session_token = " + TOKEN + "\r\n"
                                                       + "x_security_token_expires = 2026-11-22T13:00:00Z\r\n"
                                                       + "expiration = 2026-11-22T13:00:00Z\r\n");
    }

    @Test
    void writeProfileWhenDuplicateSectionsThenLaterCopiesLoseTheWrittenKeys() throws IOException {
        Files.writeString(file(), "[saml]\naws_access_key_id = ONE\n[x]\na = b\n[saml]\naws_session_token = STALE\nkeep = me\n");

        SharedCredentialsFile.at(file()).writeProfile("saml", CREDENTIALS);

        Profile profile = sdkRead(Files.readString(file())).profile("saml").orElseThrow();
        assertThat(profile.property("aws_session_token")).contains(TOKEN);
        assertThat(profile.property("aws_access_key_id")).contains("ASIAEXAMPLE0000001");
        assertThat(profile.property("keep")).contains("me");
        assertThat(Files.readString(file())).doesNotContain("STALE");
    }

    @Test
    void writeProfileWhenWrittenThenSdkProfileFileReadsEveryValue() throws IOException {
        Files.writeString(file(), "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s\n");

        SharedCredentialsFile.at(file()).writeProfile("saml", CREDENTIALS, Region.CN_NORTH_1);

        ProfileFile profiles = sdkRead(Files.readString(file()));
        assertThat(profiles.profile("saml").orElseThrow().properties())
            .isEqualTo(Map.of("aws_access_key_id", "ASIAEXAMPLE0000001",
                              "aws_secret_access_key", SECRET,
                              "aws_session_token", TOKEN,
                              "x_security_token_expires", "2026-11-22T13:00:00Z",
                              "expiration", "2026-11-22T13:00:00Z",
                              "region", "cn-north-1"));
        assertThat(profiles.profile("default").orElseThrow().property("aws_access_key_id")).contains("AKIADEFAULT");
    }

    @Test
    void readProfileWhenWrittenThenSameCredentialsWithExpirationToTheSecond() {
        SharedCredentialsFile credentialsFile = SharedCredentialsFile.at(file());
        credentialsFile.writeProfile("saml", CREDENTIALS);

        AwsSessionCredentials read = credentialsFile.readProfile("saml").orElseThrow();

        assertThat(read.accessKeyId()).isEqualTo("ASIAEXAMPLE0000001");
        assertThat(read.secretAccessKey()).isEqualTo(SECRET);
        assertThat(read.sessionToken()).isEqualTo(TOKEN);
        assertThat(read.expirationTime()).contains(Instant.parse("2026-11-22T13:00:00Z"));
        assertThat(credentialsFile.readProfile("missing")).isEmpty();
    }

    @Test
    void writeProfileWhenReplacedThenNewFileIsRenamedInAndNoTemporaryFileRemains() throws IOException {
        Files.writeString(file(), "[old]\na = b\n");
        Object inodeBefore = Files.readAttributes(file(), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        Assumptions.assumeTrue(inodeBefore != null, "file keys (inodes) available");

        SharedCredentialsFile.at(file()).writeProfile("saml", CREDENTIALS);

        Object inodeAfter = Files.readAttributes(file(), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        assertThat(inodeAfter).isNotEqualTo(inodeBefore);
        try (Stream<Path> entries = Files.list(directory)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("credentials",
                                                                                               "credentials.lock");
        }
    }

    @Test
    void writeProfileWhenTargetIsSymlinkThenLinkKeptAndTargetReplaced() throws IOException {
        Path real = directory.resolve("real-credentials");
        Files.writeString(real, "[old]\na = b\n");
        Files.createSymbolicLink(file(), real);

        SharedCredentialsFile.at(file()).writeProfile("saml", CREDENTIALS);

        assertThat(Files.isSymbolicLink(file())).isTrue();
        assertThat(Files.readString(real)).startsWith("[old]\na = b\n\n[saml]\n");
    }

    @Test
    void writeProfileWhenFileCorruptThenErrorNamesPathAndLineAndFileUnchanged() throws IOException {
        String corrupt = "[ok]\na = b\naws_secret_access_key: " + SECRET + "\n";
        Files.writeString(file(), corrupt);

        assertThatThrownBy(() -> SharedCredentialsFile.at(file()).writeProfile("saml", CREDENTIALS))
            .isInstanceOf(UncheckedIOException.class)
            .hasMessage("Could not write profile 'saml' to " + file() + ": it is not a valid AWS credentials file: line 3: "
                        + "expected '[profile]', 'key = value', a comment or a blank line, found text without '='; "
                        + "the file was left unchanged")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET, TOKEN));
        assertThat(Files.readString(file())).isEqualTo(corrupt);
    }

    @Test
    void writeProfileWhenSectionHeaderUnclosedThenErrorNamesLine() throws IOException {
        Files.writeString(file(), "[ok]\na = b\n[broken\n");

        assertThatThrownBy(() -> SharedCredentialsFile.at(file()).writeProfile("saml", CREDENTIALS))
            .hasMessage("Could not write profile 'saml' to " + file() + ": it is not a valid AWS credentials file: line 3: "
                        + "expected a section header ending with ']', found no ']'; the file was left unchanged");
    }

    @Test
    void writeProfileWhenFileIsNotUtf8ThenErrorAndFileUnchanged() throws IOException {
        byte[] binary = {'[', 'a', ']', '\n', (byte) 0xC3, (byte) 0x28, '\n'};
        Files.write(file(), binary);

        assertThatThrownBy(() -> SharedCredentialsFile.at(file()).writeProfile("saml", CREDENTIALS))
            .hasMessage("Could not write profile 'saml' to " + file() + ": it is not a valid AWS credentials file: expected "
                        + "UTF-8 text, found bytes that are not UTF-8; the file was left unchanged");
        assertThat(Files.readAllBytes(file())).isEqualTo(binary);
    }

    @Test
    void writeProfileWhenDirectoryCannotBeCreatedThenErrorNamesPath() throws IOException {
        Path blocker = directory.resolve("not-a-directory");
        Files.writeString(blocker, "x");
        Path target = blocker.resolve("credentials");

        assertThatThrownBy(() -> SharedCredentialsFile.at(target).writeProfile("saml", CREDENTIALS))
            .isInstanceOf(UncheckedIOException.class)
            .hasMessageStartingWith("Could not write profile 'saml' to " + target + ": ")
            .hasMessageEndingWith("; the file was left unchanged");
        assertThat(Files.readString(blocker)).isEqualTo("x");
    }

    @Test
    void writeProfileWhenDirectoryReadOnlyThenErrorAndOriginalIntact() throws IOException {
        Assumptions.assumeTrue(Files.getFileStore(directory).supportsFileAttributeView("posix"), "POSIX file system");
        Files.writeString(file(), "[old]\na = b\n");
        Files.writeString(directory.resolve("credentials.lock"), "");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("r-x------"));
        try {
            Assumptions.assumeFalse(Files.isWritable(directory), "not running as a user who may write anyway (root)");

            assertThatThrownBy(() -> SharedCredentialsFile.at(file()).writeProfile("saml", CREDENTIALS))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("Could not write profile 'saml' to " + file() + ": ");
            assertThat(Files.readString(file())).isEqualTo("[old]\na = b\n");
        } finally {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void writeProfileWhenProfileNameInvalidThenErrorShowsTheRule() {
        assertThatThrownBy(() -> SharedCredentialsFile.at(file()).writeProfile("bad]name", CREDENTIALS))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Invalid profile name 'bad]name': expected letters, digits and _ . @ : + / % - only");
    }

    @Test
    void writeProfileWhenSecretHasNewlineThenErrorWithoutTheSecret() {
        AwsSessionCredentials broken = AwsSessionCredentials.create("ASIAX", "line1\nline2", TOKEN);

        assertThatThrownBy(() -> SharedCredentialsFile.at(file()).writeProfile("saml", broken))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Invalid secret access key: expected a non-empty single-line value without surrounding whitespace");
    }

    @Test
    void writeProfileWhenEightThreadsWriteDifferentProfilesThenNoneIsLost() throws Exception {
        SharedCredentialsFile credentialsFile = SharedCredentialsFile.at(file());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> results = new ArrayList<>();
        try {
            for (int thread = 0; thread < 8; thread++) {
                int t = thread;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        credentialsFile.writeProfile("p" + t + "-" + i, CREDENTIALS);
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(sdkRead(Files.readString(file())).profiles()).hasSize(80);
    }

    @Test
    void writeProfileWhenTwoProcessesWriteDifferentProfilesThenNoneIsLost() throws Exception {
        Files.writeString(file(), "# shared\n[keep]\na = b\n");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (String prefix : List.of("first", "second")) {
            processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                                             CredentialsFileWriterMain.class.getName(), file().toString(), prefix, "25")
                              .redirectErrorStream(true)
                              .start());
        }
        for (Process process : processes) {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isZero();
        }

        ProfileFile profiles = sdkRead(Files.readString(file()));
        assertThat(profiles.profiles()).hasSize(51);
        assertThat(Files.readString(file())).startsWith("# shared\n[keep]\na = b\n");
    }

    @Test
    void locateWhenEnvironmentVariableSetThenUsesItWithTildeExpanded() {
        assertThat(SharedCredentialsFile.locate(Map.of("AWS_SHARED_CREDENTIALS_FILE", "~/creds/aws")::get, "/home/alice"))
            .isEqualTo(Paths.get("/home/alice/creds/aws"));
        assertThat(SharedCredentialsFile.locate(Map.of("AWS_SHARED_CREDENTIALS_FILE", "/etc/aws/credentials")::get,
                                                "/home/alice"))
            .isEqualTo(Paths.get("/etc/aws/credentials"));
        assertThat(SharedCredentialsFile.locate(name -> null, "/home/alice"))
            .isEqualTo(Paths.get("/home/alice/.aws/credentials"));
    }

    @Test
    void toStringWhenCreatedThenNamesThePath() {
        assertThat(SharedCredentialsFile.at(file())).hasToString("SharedCredentialsFile(" + file() + ")");
    }

    private static ProfileFile sdkRead(String text) {
        return ProfileFile.builder()
                          .content(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))
                          .type(ProfileFile.Type.CREDENTIALS)
                          .build();
    }
}
