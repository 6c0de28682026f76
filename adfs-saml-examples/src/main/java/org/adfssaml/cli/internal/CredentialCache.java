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

    private static final Logger LOG = LoggerFactory.getLogger(CredentialCache.class);

    private final Path file;
    private final Clock clock;

    CredentialCache(Path directory, String key, Clock clock) {
        this.file = directory.resolve(sha256(key) + ".json");
        this.clock = clock;
    }

    static Path directory(CliIo io) {
        return io.home().resolve(".aws").resolve("adfs-saml").resolve("cache");
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
                LOG.debug("using cached credentials from {} (expire {})", file, cached.get().expirationTime().orElse(null));
                return cached.get();
            }
            AwsSessionCredentials fresh = signIn.get();
            if (fresh.expirationTime().isPresent()) {
                SafeFiles.writeAtomically(file, CredentialProcessOutput.toJson(fresh));
                LOG.debug("cached credentials in {}", file);
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
            LOG.debug("cached credentials in {} expire at {}: signing in again", file,
                    credentials.expirationTime().orElse(null));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("ignoring unreadable credential cache {}: {}", file, e.getMessage());
        }
        return Optional.empty();
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
