package org.adfssaml.cli.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import org.adfssaml.provider.CredentialProcessOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The {@code credential-process} disk cache: one file per profile and settings under
 * {@code ~/.aws/adfs-saml/cache/}, mode 0600, reused until {@link #REFRESH_BEFORE} before expiry. A file lock
 * makes concurrent invocations sign in once: the first signs in while holding it, the others wait and then
 * find fresh credentials.
 */
final class CredentialCache {

    /** Credentials are not handed out when they expire sooner than this. */
    static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);

    private final Path file;
    private final Clock clock;

    CredentialCache(Path directory, String key, Clock clock) {
        this.file = directory.resolve(sha256(key) + ".json");
        this.clock = clock;
    }

    static Path directory(CliIo io) {
        return io.home().resolve(".aws").resolve("adfs-saml").resolve("cache");
    }

    /** The cache of {@code credential-process} with these settings, under {@link #directory(CliIo)}. */
    static CredentialCache of(CliIo io, Settings settings, Clock clock) {
        return new CredentialCache(directory(io), key(settings), clock);
    }

    /** Everything that decides which credentials come out; a changed setting is a different cache entry. */
    static String key(Settings s) {
        return String.join("\n", s.profile(), s.configFile().toAbsolutePath().toString(), s.idpUrl(),
                String.valueOf(s.auth()), String.valueOf(s.username()), String.valueOf(s.relyingParty()),
                String.valueOf(s.roleArn()), String.valueOf(s.duration()), String.valueOf(s.region()),
                String.valueOf(s.stsEndpoint()));
    }

    /**
     * The cached credentials if the file holds fresh ones, without the lock (files are replaced by an atomic
     * rename, so a reader sees the old file or the new one) and without logging, for the fast path; anything
     * else (missing, expiring, unreadable) is left to {@link #get} to report.
     */
    Optional<AwsSessionCredentials> peekFresh() {
        try {
            AwsSessionCredentials credentials = CredentialProcessOutput.parse(Files.readString(file, StandardCharsets.UTF_8));
            return CredentialProcessOutput.isValidFor(credentials, REFRESH_BEFORE, clock)
                    ? Optional.of(credentials) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    Path file() {
        return file;
    }

    /**
     * Cached credentials when fresh, else the ones {@code signIn} obtains (then cached); under the lock.
     */
    AwsSessionCredentials get(Supplier<AwsSessionCredentials> signIn) throws IOException {
        SafeFiles.createPrivateDirectories(file.getParent());
        try (SafeFiles.Held lock = SafeFiles.lock(file)) {
            Optional<AwsSessionCredentials> cached = read();
            if (cached.isPresent()) {
                log().debug("using cached credentials from {} (expire {})", file, cached.get().expirationTime().orElse(null));
                return cached.get();
            }
            AwsSessionCredentials fresh = signIn.get();
            if (fresh.expirationTime().isPresent()) {
                SafeFiles.writeAtomically(file, CredentialProcessOutput.toJson(fresh));
                log().debug("cached credentials in {}", file);
            }
            return fresh;
        }
    }

    private Optional<AwsSessionCredentials> read() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            AwsSessionCredentials credentials = CredentialProcessOutput.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (CredentialProcessOutput.isValidFor(credentials, REFRESH_BEFORE, clock)) {
                return Optional.of(credentials);
            }
            log().debug("cached credentials in {} expire at {}: signing in again", file,
                    credentials.expirationTime().orElse(null));
        } catch (IOException | IllegalArgumentException e) {
            log().warn("ignoring unreadable credential cache {}: {}", file, e.getMessage());
        }
        return Optional.empty();
    }

    /** Not a static field: the fast path uses this class and must not start SLF4J. */
    private static Logger log() {
        return LoggerFactory.getLogger(CredentialCache.class);
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
