package org.adfssaml.cli.internal;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
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
 *
 * <p>The cache is an optimisation, so no disk fault stops credentials from being handed out: an unreadable,
 * corrupt or truncated file is ignored and replaced; a directory, lock or file that cannot be created or written
 * means signing in without it. Each such fault is reported as one warning naming the path (never a credential), and
 * a file that cannot be replaced is left as it was.
 */
final class CredentialCache {

    /** Credentials are not handed out when they expire sooner than this. */
    static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);

    private final Path file;
    private final Clock clock;
    private final Consumer<String> warnings;

    CredentialCache(Path directory, String key, Clock clock) {
        this(directory, key, clock, message -> log().warn(message));
    }

    /** @param warnings receives one line per disk fault: what failed, on which path, and what it means */
    CredentialCache(Path directory, String key, Clock clock, Consumer<String> warnings) {
        this.file = directory.resolve(sha256(key) + ".json");
        this.clock = clock;
        this.warnings = warnings;
    }

    static Path directory(CliIo io) {
        return io.home().resolve(".aws").resolve("adfs-saml").resolve("cache");
    }

    /**
     * The cache of {@code credential-process} with these settings, under {@link #directory(CliIo)}; disk faults are
     * reported as {@code adfs-saml: warning: } lines on standard error.
     */
    static CredentialCache of(CliIo io, Settings settings, Clock clock) {
        return new CredentialCache(directory(io), key(settings), clock,
                warning -> io.err().println("adfs-saml: warning: " + warning));
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
        Path directory = file.getParent();
        try {
            SafeFiles.createPrivateDirectories(directory);
        } catch (IOException e) {
            warnings.accept("cannot use credential cache directory " + directory + ": " + describeDirectory(directory, e)
                    + "; every call will sign in until this is fixed");
            return signIn.get();
        }
        SafeFiles.Held lock = null;
        try {
            lock = SafeFiles.lock(file);
        } catch (IOException e) {
            // the lock only spares concurrent calls a sign-in each; reading and replacing the file stay safe without it
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            warnings.accept("cannot lock credential cache " + lockFile + ": " + describeFile(lockFile, e)
                    + "; concurrent calls may each sign in until this is fixed");
        }
        try {
            Optional<AwsSessionCredentials> cached = read();
            if (cached.isPresent()) {
                log().debug("using cached credentials from {} (expire {})", file, cached.get().expirationTime().orElse(null));
                return cached.get();
            }
            AwsSessionCredentials fresh = signIn.get();
            if (fresh.expirationTime().isPresent()) {
                write(fresh, lock != null);
            }
            return fresh;
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    private void write(AwsSessionCredentials fresh, boolean locked) {
        try {
            SafeFiles.writeAtomically(file, CredentialProcessOutput.toJson(fresh));
            log().debug("cached credentials in {}", file);
        } catch (IOException e) {
            warnings.accept("cannot write credential cache " + file + ": " + describeFile(file, e)
                    + "; every call will sign in until this is fixed");
            return;
        }
        if (locked) {
            // writers hold the lock from temporary file to rename, so any temporary file now is a crashed writer's
            SafeFiles.deleteStaleTemporaryFiles(file);
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
        } catch (IOException e) {
            warnings.accept("ignoring unreadable credential cache " + file + ": " + describe(e)
                    + "; signing in to replace it");
        } catch (IllegalArgumentException e) {
            // the parser names members and offsets, never the values it read
            warnings.accept("ignoring unreadable credential cache " + file + ": " + e.getMessage()
                    + "; signing in to replace it");
        }
        return Optional.empty();
    }

    /** Not a static field: the fast path uses this class and must not start SLF4J. */
    private static Logger log() {
        return LoggerFactory.getLogger(CredentialCache.class);
    }

    /** Why {@code directory} cannot be created: the first of it and its parents that exists and is not a directory. */
    private static String describeDirectory(Path directory, IOException e) {
        for (Path p = directory; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (Files.isDirectory(p)) {
                    break;
                }
                return "expected a directory, found a file" + (p.equals(directory) ? "" : " at " + p);
            }
        }
        return describe(e);
    }

    private static String describeFile(Path file, IOException e) {
        return Files.isDirectory(file) ? "expected a file, found a directory" : describe(e);
    }

    /** The reason alone: the callers name the path. */
    private static String describe(IOException e) {
        if (e instanceof CharacterCodingException) {
            return "expected UTF-8 text, found bytes that are not UTF-8";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
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
