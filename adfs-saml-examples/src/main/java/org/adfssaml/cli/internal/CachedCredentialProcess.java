package org.adfssaml.cli.internal;

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
     * @return true when the credentials were printed and the command is done; false to run the full CLI
     */
    static boolean serve(CliIo io, String[] args, Clock clock) {
        Optional<String> profile = profileOnly(args);
        if (profile.isEmpty()) {
            return false;
        }
        try {
            Settings settings = Settings.resolve(io, profile.get(), new SignInOptions(), new StsOptions());
            if (settings.idpUrl() == null) {
                return false;
            }
            Optional<AwsSessionCredentials> cached = CredentialCache.of(io, settings, clock).peekFresh();
            if (cached.isEmpty()) {
                return false;
            }
            io.out().println(CredentialProcessOutput.toJson(cached.get()));
            io.out().flush();
            return true;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
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
