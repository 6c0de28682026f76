package org.adfssaml.cli.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.adfssaml.provider.CredentialProcessOutput;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The fast path of {@code credential-process --profile P}: the AWS CLI starts a new JVM for every command, and
 * most of those calls find fresh credentials in the disk cache. This serves them before picocli, SLF4J, the
 * HTTP client or the SDK's clients are loaded, which is most of the start-up time of the full CLI
 * (BENCHMARKS.md, cached credential-process). Anything other than a fresh cache entry for exactly that
 * command line is left to the full CLI, which then reports what is wrong; this class never prints an error.
 */
final class CachedCredentialProcess {

    private CachedCredentialProcess() {
    }

    /**
     * What the fast path did: printed the credentials, or left the command to the full CLI, holding the cache's lock
     * ({@code lockFile}) for it when the cache had nothing fresh (both null otherwise) until {@link #release()}.
     */
    record Outcome(boolean served, SafeFiles.Held lock, Path lockFile) {
        Outcome(boolean served) {
            this(served, null, null);
        }

        void release() {
            closeQuietly(lock);
        }
    }

    /**
     * @return true when the credentials were printed and the command is done; false to run the full CLI
     */
    static boolean serve(CliIo io, String[] args, Clock clock) {
        Outcome outcome = attempt(io, args, clock);
        outcome.release();
        return outcome.served();
    }

    /**
     * Serves a fresh cache entry. With none, takes the cache's lock and looks again: when another process was signing
     * in, its credentials are there now and are served, so that the AWS CLI's parallel calls wait here, in a small
     * JVM, instead of each starting the full CLI (BENCHMARKS.md, concurrent credential-process). When still nothing is
     * fresh this process is the one to sign in, and it keeps the lock for the full CLI, whose cache takes it again
     * ({@link SafeFiles#lock} is reentrant for the thread that holds it), or for the child JVM a plain {@code java -jar}
     * runs the command in ({@link Relaunch}, {@link SafeFiles#HELD_BY_PARENT}).
     */
    static Outcome attempt(CliIo io, String[] args, Clock clock) {
        Optional<String> profile = profileOnly(args);
        if (profile.isEmpty()) {
            return new Outcome(false);
        }
        SafeFiles.Held lock = null;
        try {
            Settings settings = Settings.resolve(io, profile.get(), null, null);
            if (settings.idpUrl() == null) {
                return new Outcome(false);
            }
            CredentialCache cache = CredentialCache.of(io, settings, clock);
            Optional<AwsSessionCredentials> cached = cache.peekFresh();
            if (cached.isEmpty()) {
                lock = SafeFiles.lock(cache.file());
                cached = cache.peekFresh();
            }
            if (cached.isEmpty()) {
                return new Outcome(false, lock, SafeFiles.lockFile(cache.file()));
            }
            closeQuietly(lock);
            io.out().println(CredentialProcessOutput.toJson(cached.get()));
            io.out().flush();
            return new Outcome(true);
        } catch (IOException | RuntimeException e) {
            // the full CLI does the same steps again and reports what failed
            closeQuietly(lock);
            return new Outcome(false);
        }
    }

    private static void closeQuietly(SafeFiles.Held lock) {
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException ignored) {
                // the process exit releases it at the latest
            }
        }
    }

    /** The profile of {@code credential-process --profile P} (or {@code --profile=P}) with no other option. */
    static Optional<String> profileOnly(String[] args) {
        if (args.length == 3 && args[0].equals("credential-process") && args[1].equals("--profile")
                && !args[2].isEmpty() && !args[2].startsWith("-")) {
            return Optional.of(args[2]);
        }
        if (args.length == 2 && args[0].equals("credential-process") && args[1].startsWith("--profile=")
                && args[1].length() > "--profile=".length()) {
            return Optional.of(args[1].substring("--profile=".length()));
        }
        return Optional.empty();
    }
}
