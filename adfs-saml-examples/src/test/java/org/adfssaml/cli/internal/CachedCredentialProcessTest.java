package org.adfssaml.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.adfssaml.provider.CredentialProcessOutput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class CachedCredentialProcessTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path home;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private CliIo io;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(home.resolve("config"), "[profile cp]\nadfs_idp_url = https://adfs.example.com\n"
                + "adfs_role_arn = arn:aws:iam::111122223333:role/AWS-Dev\n\n[profile bare]\nregion = eu-west-1\n");
        io = new CliIo(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("HOME", home.toString(), "AWS_CONFIG_FILE", home.resolve("config").toString()), Terminal.none());
    }

    private Path cacheFile(String profile) throws Exception {
        Settings settings = Settings.resolve(io, profile, new SignInOptions(), new StsOptions());
        return CredentialCache.of(io, settings, CLOCK).file();
    }

    private static AwsSessionCredentials credentials(Instant expiry) {
        return AwsSessionCredentials.builder().accessKeyId("ASIACACHED").secretAccessKey("cached-secret")
                .sessionToken("cached-token").expirationTime(expiry).build();
    }

    private Path writeCache(String content) throws Exception {
        Path file = cacheFile("cp");
        SafeFiles.createPrivateDirectories(file.getParent());
        SafeFiles.writeAtomically(file, content);
        return file;
    }

    @Test
    void serveWhenCacheFreshThenCredentialsPrintedAndTrue() throws Exception {
        String json = CredentialProcessOutput.toJson(credentials(NOW.plus(Duration.ofHours(1))));
        writeCache(json);

        boolean served = CachedCredentialProcess.serve(io, new String[] {"credential-process", "--profile", "cp"}, CLOCK);

        assertThat(served).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(json + System.lineSeparator());
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void serveWhenProfileGivenWithEqualsSignThenServedToo() throws Exception {
        writeCache(CredentialProcessOutput.toJson(credentials(NOW.plus(Duration.ofHours(1)))));

        assertThat(CachedCredentialProcess.serve(io, new String[] {"credential-process", "--profile=cp"}, CLOCK)).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("{\"Version\":1,\"AccessKeyId\":\"ASIACACHED\"");
    }

    @Test
    void serveWhenCacheExpiresWithinFiveMinutesThenFalseAndNothingPrinted() throws Exception {
        writeCache(CredentialProcessOutput.toJson(credentials(NOW.plus(Duration.ofMinutes(4)))));

        assertThat(CachedCredentialProcess.serve(io, new String[] {"credential-process", "--profile", "cp"}, CLOCK)).isFalse();
        assertThat(out.size() + err.size()).isZero();
    }

    @Test
    void serveWhenCacheCorruptThenFalseNothingPrintedFileUntouched() throws Exception {
        Path file = writeCache("{\"Version\":1,\"AccessKeyId\":\"ASIA");

        assertThat(CachedCredentialProcess.serve(io, new String[] {"credential-process", "--profile", "cp"}, CLOCK)).isFalse();
        assertThat(out.size() + err.size()).isZero();
        assertThat(Files.readString(file)).isEqualTo("{\"Version\":1,\"AccessKeyId\":\"ASIA");
    }

    @Test
    void serveWhenNoCacheFileThenFalse() {
        assertThat(CachedCredentialProcess.serve(io, new String[] {"credential-process", "--profile", "cp"}, CLOCK)).isFalse();
        assertThat(out.size() + err.size()).isZero();
    }

    @Test
    void serveWhenProfileHasNoIdpUrlThenFalseSoTheFullCommandExplains() {
        assertThat(CachedCredentialProcess.serve(io, new String[] {"credential-process", "--profile", "bare"}, CLOCK))
                .isFalse();
        assertThat(out.size() + err.size()).isZero();
    }

    @Test
    void serveWhenAnyOtherOptionGivenThenFalseEvenWithFreshCache() throws Exception {
        writeCache(CredentialProcessOutput.toJson(credentials(NOW.plus(Duration.ofHours(1)))));

        for (String[] args : new String[][] {
                {"credential-process", "--profile", "cp", "--no-cache"},
                {"credential-process", "--profile", "cp", "--verbose"},
                {"--verbose", "credential-process", "--profile", "cp"},
                {"credential-process", "--profile", "cp", "--role-arn", "arn:aws:iam::111122223333:role/Other"},
                {"credential-process", "--profile", "--help"},
                {"credential-process", "--profile="},
                {"login", "--profile", "cp"}}) {
            assertThat(CachedCredentialProcess.serve(io, args, CLOCK)).as(String.join(" ", args)).isFalse();
        }
        assertThat(out.size() + err.size()).isZero();
    }

    private static final String[] CP = {"credential-process", "--profile", "cp"};

    /** Waits until {@code thread} parks: it is queued on a lock (no time limit is asserted). */
    private static void awaitParked(Thread thread) throws InterruptedException {
        while (thread.getState() != Thread.State.WAITING) {
            assertThat(thread.isAlive()).as("thread ended instead of waiting for the lock").isTrue();
            Thread.sleep(5);
        }
    }

    @Test
    void attemptWhenAnotherSignInHoldsTheLockThenWaitsAndServesWhatItCached() throws Exception {
        Path file = writeCache(CredentialProcessOutput.toJson(credentials(NOW.plus(Duration.ofMinutes(1)))));
        SafeFiles.Held signingIn = SafeFiles.lock(file);
        AtomicReference<CachedCredentialProcess.Outcome> outcome = new AtomicReference<>();
        Thread caller = new Thread(() -> outcome.set(CachedCredentialProcess.attempt(io, CP, CLOCK)));
        caller.start();
        awaitParked(caller);

        String fresh = CredentialProcessOutput.toJson(credentials(NOW.plus(Duration.ofHours(1))));
        SafeFiles.writeAtomically(file, fresh);
        signingIn.close();
        caller.join();

        assertThat(outcome.get().served()).isTrue();
        assertThat(outcome.get().lock()).isNull();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(fresh + System.lineSeparator());
        assertThat(err.size()).isZero();
    }

    @Test
    void attemptWhenNothingFreshThenNotServedAndLockKeptForTheFullCommandUntilReleased() throws Exception {
        Path file = cacheFile("cp");

        CachedCredentialProcess.Outcome outcome = CachedCredentialProcess.attempt(io, CP, CLOCK);

        assertThat(outcome.served()).isFalse();
        assertThat(outcome.lock()).isNotNull();
        SafeFiles.lock(file).close(); // the full command, on the same thread, takes it again
        AtomicBoolean otherGotIt = new AtomicBoolean();
        Thread other = new Thread(() -> {
            try (SafeFiles.Held held = SafeFiles.lock(file)) {
                otherGotIt.set(true);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        other.start();
        awaitParked(other);
        assertThat(otherGotIt).isFalse();
        outcome.release();
        other.join();
        assertThat(otherGotIt).isTrue();
        assertThat(out.size() + err.size()).isZero();
    }

    @Test
    void profileOnlyWhenExactlyCredentialProcessAndProfileThenTheProfile() {
        assertThat(CachedCredentialProcess.profileOnly(new String[] {"credential-process", "--profile", "dev"}))
                .contains("dev");
        assertThat(CachedCredentialProcess.profileOnly(new String[] {"credential-process", "--profile=dev"}))
                .contains("dev");
        assertThat(CachedCredentialProcess.profileOnly(new String[] {"credential-process"})).isEqualTo(Optional.empty());
    }
}
