package org.adfssaml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.adfssaml.provider.CredentialProcessOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Disk faults of the {@code credential-process} cache, through the CLI against the AD FS and STS emulators. The
 * cache is an optimisation: every fault still prints valid credentials (and only them) on standard output, says on
 * standard error in one line which path is wrong and what that costs, never prints a credential, and leaves a file it
 * could not replace as it was.
 */
class CredentialCacheFaultsTest {

    private static final String WARNING = "adfs-saml: warning: ";
    private static final String EVERY_CALL = "; every call will sign in until this is fixed\n";
    /** Parses, but expired long ago: a cache that must be replaced. */
    private static final String EXPIRED = "{\"Version\":1,\"AccessKeyId\":\"ASIAEXPIRED\",\"SecretAccessKey\":\"expired-secret\","
            + "\"SessionToken\":\"expired-token\",\"Expiration\":\"2020-01-01T00:00:00Z\"}";

    @TempDir
    static Path shared;
    private static Emulators emulators;

    @TempDir
    Path home;
    private Path cacheDirectory;
    private CliRun run;

    @BeforeAll
    static void start() {
        emulators = Emulators.start(shared);
    }

    @AfterAll
    static void stop() {
        emulators.close();
    }

    @BeforeEach
    void configureProfile() {
        Path config = home.resolve("config");
        List<String> configure = new ArrayList<>(List.of("configure"));
        configure.addAll(emulators.args("--profile", "cp", "--username", Emulators.BOB));
        CliRun.Result configured = CliRun.inHome(home).env("AWS_CONFIG_FILE", config.toString())
                .run(configure.toArray(String[]::new));
        assertThat(configured.exitCode()).as(configured.toString()).isZero();
        cacheDirectory = home.resolve(".aws/adfs-saml/cache");
        run = CliRun.inHome(home).env("AWS_CONFIG_FILE", config.toString()).env("ADFS_PASSWORD", Emulators.BOB_PASSWORD);
    }

    // --- the cache directory cannot be used ---

    @Test
    void credentialProcessWhenAFileStandsWhereTheCacheDirectoryShouldBeThenCredentialsWarningAndFileUntouched()
            throws IOException {
        Files.createDirectories(cacheDirectory.getParent());
        Files.writeString(cacheDirectory, "not a directory");

        CliRun.Result first = signInsDuring(1, () -> credentialProcess());
        CliRun.Result second = signInsDuring(1, () -> credentialProcess());

        String warning = WARNING + "cannot use credential cache directory " + cacheDirectory
                + ": expected a directory, found a file" + EVERY_CALL;
        assertCredentialsOnly(first);
        assertCredentialsOnly(second);
        assertThat(first.err()).isEqualTo(warning);
        assertThat(second.err()).isEqualTo(warning);
        assertThat(Files.readString(cacheDirectory)).isEqualTo("not a directory");
    }

    @Test
    void credentialProcessWhenAParentOfTheCacheDirectoryIsAFileThenWarningNamesThatFile() throws IOException {
        Path parent = cacheDirectory.getParent();
        deleteTree(parent); // configure wrote its launcher there
        Files.createDirectories(parent.getParent());
        Files.writeString(parent, "not a directory");

        CliRun.Result r = signInsDuring(1, () -> credentialProcess());

        assertCredentialsOnly(r);
        assertThat(r.err()).isEqualTo(WARNING + "cannot use credential cache directory " + cacheDirectory
                + ": expected a directory, found a file at " + parent + EVERY_CALL);
        assertThat(Files.readString(parent)).isEqualTo("not a directory");
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    // --- the cache file cannot be written ---

    @Test
    void credentialProcessWhenADirectoryStandsWhereTheCacheFileShouldBeThenCredentialsWarningAndDirectoryUntouched()
            throws IOException {
        Path file = cacheFileOfAFirstCall();
        Files.delete(file);
        Files.createDirectory(file);
        Files.writeString(file.resolve("keep"), "kept");

        CliRun.Result first = signInsDuring(1, () -> credentialProcess());
        CliRun.Result second = signInsDuring(1, () -> credentialProcess());

        String warning = WARNING + "cannot write credential cache " + file + ": expected a file, found a directory"
                + EVERY_CALL;
        assertCredentialsOnly(first);
        assertCredentialsOnly(second);
        assertThat(first.err()).isEqualTo(warning);
        assertThat(second.err()).isEqualTo(warning);
        assertThat(Files.readString(file.resolve("keep"))).isEqualTo("kept");
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void credentialProcessWhenCacheDirectoryReadOnlyThenCredentialsWarningAndExpiredFileUntouched() throws IOException {
        assumeNotRoot();
        Path file = cacheFileOfAFirstCall();
        Files.writeString(file, EXPIRED);
        Files.setPosixFilePermissions(cacheDirectory, PosixFilePermissions.fromString("r-x------"));
        try {
            CliRun.Result r = signInsDuring(1, () -> credentialProcess());

            assertCredentialsOnly(r);
            assertThat(r.err()).isEqualTo(WARNING + "cannot write credential cache " + file + ": permission denied"
                    + EVERY_CALL);
            assertThat(Files.readString(file)).isEqualTo(EXPIRED);
        } finally {
            Files.setPosixFilePermissions(cacheDirectory, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void credentialProcessWhenCacheFileUnreadableThenWarningSignInAndFileReplaced() throws IOException {
        assumeNotRoot();
        Path file = cacheFileOfAFirstCall();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));

        CliRun.Result repaired = signInsDuring(1, () -> credentialProcess());
        CliRun.Result cached = signInsDuring(0, () -> credentialProcess());

        assertCredentialsOnly(repaired);
        assertThat(repaired.err()).isEqualTo(WARNING + "ignoring unreadable credential cache " + file
                + ": permission denied; signing in to replace it\n");
        assertReplacedBy(file, repaired);
        assertThat(cached.out()).isEqualTo(repaired.out());
        assertThat(cached.err()).isEmpty();
    }

    // --- the cache file is corrupt or truncated ---

    /** Each corruption as text whose characters are the file's bytes (written as ISO-8859-1). */
    static Stream<Arguments> corruptions() {
        return Stream.of(
                Arguments.of("not JSON", (UnaryOperator<String>) good -> "not json",
                        (UnaryOperator<String>) good -> "Invalid JSON at offset 0: expected '{' starting a JSON object, "
                                + "found another character"),
                Arguments.of("zero-filled, as a crash can leave a file whose size reached the disk but not its data",
                        (UnaryOperator<String>) good -> "\0".repeat(good.length()),
                        (UnaryOperator<String>) good -> "Invalid JSON at offset 0: expected '{' starting a JSON object, "
                                + "found another character"),
                Arguments.of("not UTF-8", (UnaryOperator<String>) good -> "{\u00ff\u00fe}",
                        (UnaryOperator<String>) good -> "expected UTF-8 text, found bytes that are not UTF-8"),
                Arguments.of("empty", (UnaryOperator<String>) good -> "",
                        (UnaryOperator<String>) good -> "Invalid JSON at offset 0: expected '{' starting a JSON object, "
                                + "found the end of the input"),
                Arguments.of("wrong Version", (UnaryOperator<String>) good -> good.replace("\"Version\":1", "\"Version\":2"),
                        (UnaryOperator<String>) good -> "Invalid credential_process JSON: expected \"Version\": 1, found "
                                + "the number 2"),
                Arguments.of("SessionToken missing",
                        (UnaryOperator<String>) good -> good.replaceFirst(",\"SessionToken\":\"[^\"]*\"", ""),
                        (UnaryOperator<String>) good -> "Invalid credential_process JSON: expected \"SessionToken\" as a "
                                + "non-empty string, found no such member"),
                Arguments.of("truncated inside the secret key",
                        (UnaryOperator<String>) good -> good.substring(0, insideSecret(good)),
                        (UnaryOperator<String>) good -> "Invalid JSON at offset " + insideSecret(good)
                                + ": expected a closing '\"', found the end of the input"),
                Arguments.of("truncated before the closing brace",
                        (UnaryOperator<String>) good -> good.substring(0, good.length() - 1),
                        (UnaryOperator<String>) good -> "Invalid JSON at offset " + (good.length() - 1)
                                + ": expected ',' or '}' after a member value, found the end of the input"));
    }

    /** An offset a few characters into the SecretAccessKey value. */
    private static int insideSecret(String json) {
        return json.indexOf("\"SecretAccessKey\":\"") + "\"SecretAccessKey\":\"".length() + 4;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void credentialProcessWhenCacheFileCorruptThenOneWarningOneSignInFileReplacedAndNextCallCached(String corruption,
            UnaryOperator<String> corrupt, UnaryOperator<String> reason) throws IOException {
        Path file = cacheFileOfAFirstCall();
        String good = Files.readString(file);
        Files.writeString(file, corrupt.apply(good), StandardCharsets.ISO_8859_1);

        CliRun.Result repaired = signInsDuring(1, () -> credentialProcess());
        CliRun.Result cached = signInsDuring(0, () -> credentialProcess());

        AwsSessionCredentials previous = CredentialProcessOutput.parse(good);
        assertCredentialsOnly(repaired);
        assertThat(repaired.err()).isEqualTo(WARNING + "ignoring unreadable credential cache " + file + ": "
                + reason.apply(good) + "; signing in to replace it\n")
                .doesNotContain(previous.accessKeyId()).doesNotContain(previous.secretAccessKey())
                .doesNotContain(previous.sessionToken());
        assertReplacedBy(file, repaired);
        assertThat(cached.out()).isEqualTo(repaired.out());
        assertThat(cached.err()).isEmpty();
    }

    // --- a crash between writing the temporary file and renaming it ---

    @Test
    void credentialProcessWhenStaleTemporaryFileBesideFreshCacheThenOldCacheServedWithoutSignIn() throws IOException {
        Path file = cacheFileOfAFirstCall();
        String original = Files.readString(file);
        Path stale = file.resolveSibling("." + file.getFileName() + "1234567890.tmp");
        Files.writeString(stale, "{\"Version\":1,\"AccessKeyId\":\"ASIAHALFWRIT");

        CliRun.Result r = signInsDuring(0, () -> credentialProcess());

        assertCredentialsOnly(r);
        assertThat(r.out()).isEqualTo(original + "\n");
        assertThat(r.err()).isEmpty();
        assertThat(Files.readString(file)).isEqualTo(original);
    }

    @Test
    void credentialProcessWhenCompleteTemporaryFileNeverRenamedAndCacheExpiredThenSignsInReplacesCleanlyRemovesTemp()
            throws IOException {
        Path file = cacheFileOfAFirstCall();
        String neverRenamed = Files.readString(file).replaceFirst("\"AccessKeyId\":\"[^\"]*\"", "\"AccessKeyId\":\"ASIANEVERRENAMED\"");
        Files.writeString(file, EXPIRED);
        Path stale = file.resolveSibling("." + file.getFileName() + "1234567890.tmp");
        Files.writeString(stale, neverRenamed);

        CliRun.Result repaired = signInsDuring(1, () -> credentialProcess());
        CliRun.Result cached = signInsDuring(0, () -> credentialProcess());

        assertCredentialsOnly(repaired);
        assertThat(repaired.err()).isEmpty();
        assertThat(repaired.out()).doesNotContain("ASIANEVERRENAMED").doesNotContain("ASIAEXPIRED");
        assertReplacedBy(file, repaired);
        assertThat(temporaryFiles()).isEmpty();
        assertThat(cached.out()).isEqualTo(repaired.out());
    }

    @Test
    void credentialProcessWhenCrashLeftOnlyATemporaryFileThenSignsInWritesCacheAndRemovesTemp() throws IOException {
        Path file = cacheFileOfAFirstCall();
        Path stale = file.resolveSibling("." + file.getFileName() + "1234567890.tmp");
        Files.move(file, stale);

        CliRun.Result repaired = signInsDuring(1, () -> credentialProcess());

        assertCredentialsOnly(repaired);
        assertThat(repaired.err()).isEmpty();
        assertReplacedBy(file, repaired);
        assertThat(temporaryFiles()).isEmpty();
    }

    // --- the lock file cannot be created ---

    @Test
    void credentialProcessWhenADirectoryStandsWhereTheLockFileShouldBeThenFreshCacheServedAndSignInWarnsAndWrites()
            throws IOException {
        Path file = cacheFileOfAFirstCall();
        String original = Files.readString(file);
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        Files.delete(lockFile);
        Files.createDirectory(lockFile);
        Files.writeString(lockFile.resolve("keep"), "kept");
        String warning = WARNING + "cannot lock credential cache " + lockFile
                + ": expected a file, found a directory; concurrent calls may each sign in until this is fixed\n";

        CliRun.Result fromCache = signInsDuring(0, () -> credentialProcess());
        Files.delete(file);
        CliRun.Result signedIn = signInsDuring(1, () -> credentialProcess());
        CliRun.Result cachedAgain = signInsDuring(0, () -> credentialProcess());

        // fresh credentials are read without the lock (files are replaced by atomic renames): nothing to warn about
        assertThat(fromCache.out()).isEqualTo(original + "\n");
        assertThat(fromCache.err()).isEmpty();
        assertCredentialsOnly(signedIn);
        assertThat(signedIn.err()).isEqualTo(warning);
        assertReplacedBy(file, signedIn);
        assertThat(cachedAgain.out()).isEqualTo(signedIn.out());
        assertThat(cachedAgain.err()).isEmpty();
        assertThat(Files.readString(lockFile.resolve("keep"))).isEqualTo("kept");
    }

    // --- helpers ---

    private CliRun.Result credentialProcess() {
        return run.run("credential-process", "--profile", "cp");
    }

    /** Runs {@code call} and asserts the AD FS emulator saw exactly {@code expected} sign-ins meanwhile. */
    private static CliRun.Result signInsDuring(int expected, Supplier<CliRun.Result> call) {
        int before = emulators.adfs.requestLog().signInCount(Emulators.BOB);
        CliRun.Result r = call.get();
        assertThat(emulators.adfs.requestLog().signInCount(Emulators.BOB) - before).as(r.toString()).isEqualTo(expected);
        return r;
    }

    /** Fills the cache with one call (one sign-in) and returns its file, whatever the cache key is. */
    private Path cacheFileOfAFirstCall() throws IOException {
        CliRun.Result first = signInsDuring(1, () -> credentialProcess());
        assertCredentialsOnly(first);
        assertThat(first.err()).isEmpty();
        try (Stream<Path> files = Files.list(cacheDirectory)) {
            List<Path> json = files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
            assertThat(json).hasSize(1);
            assertThat(Files.readString(json.get(0))).isEqualTo(first.out().trim());
            return json.get(0);
        }
    }

    /** Exit 0 and standard output exactly one line of credential_process JSON with a future expiration. */
    private static AwsSessionCredentials assertCredentialsOnly(CliRun.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).startsWith("{\"Version\":1,\"AccessKeyId\":\"").endsWith("}\n")
                .containsOnlyOnce("\n");
        AwsSessionCredentials credentials = CredentialProcessOutput.parse(r.out().trim());
        assertThat(credentials.expirationTime()).hasValueSatisfying(e -> assertThat(e).isAfter(Instant.now()));
        assertThat(r.err()).doesNotContain(credentials.secretAccessKey()).doesNotContain(credentials.sessionToken());
        return credentials;
    }

    /** The cache file now holds exactly what {@code r} printed, readable by its owner only. */
    private static void assertReplacedBy(Path file, CliRun.Result r) throws IOException {
        assertThat(Files.readString(file)).isEqualTo(r.out().trim());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(cacheDirectory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private static void assumeNotRoot() {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "running as root, whom file modes do not stop: the root-proof variants (a file or directory in the "
                        + "way) cover this fault");
    }
}
