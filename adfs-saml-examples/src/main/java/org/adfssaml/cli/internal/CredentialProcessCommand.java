package org.adfssaml.cli.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.adfssaml.cli.AdfsSamlCli;
import org.adfssaml.provider.CredentialProcessOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * {@code credential-process --profile P}: the AWS CLI's {@code credential_process} JSON on standard output and
 * nothing else; prompts on the terminal; cached on disk.
 */
@Command(name = "credential-process", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = "Print credentials in the AWS CLI credential_process format (Version 1) for a profile written by "
                + "'configure'. Prompts go to the terminal, never to standard output. Credentials are cached under "
                + "~/.aws/adfs-saml/cache/ (mode 0600) until 5 minutes before they expire; concurrent invocations "
                + "sign in once.")
final class CredentialProcessCommand implements Callable<Integer> {

    private final CliIo io;

    @Option(names = "--profile", required = true, paramLabel = "P", description = "The profile whose adfs_* settings are used.")
    String profile;

    @Mixin
    SignInOptions signIn = new SignInOptions();

    @Mixin
    StsOptions sts = new StsOptions();

    @Option(names = "--no-cache",
            description = "Neither read nor write the disk caches (credentials, and the IdP's token-signing certificates).")
    boolean noCache;

    CredentialProcessCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        Settings settings = Settings.resolve(io, profile, signIn, sts);
        settings.requireIdpUrl();
        AwsSessionCredentials credentials;
        try (Prompts prompts = new Prompts(io, signIn.passwordStdin)) {
            if (noCache) {
                credentials = assume(settings, prompts);
            } else {
                CredentialCache cache = CredentialCache.of(io, settings, Clock.systemUTC());
                credentials = cache.get(() -> assume(settings, prompts));
            }
        }
        io.out().println(CredentialProcessOutput.toJson(credentials));
        return AdfsSamlCli.OK;
    }

    private AwsSessionCredentials assume(Settings settings, Prompts prompts) {
        try {
            return Assume.once(settings, Sessions.signIn(settings, prompts), prompts.roleSelector(settings.roleArn()),
                    Sessions.validator(settings), noCache ? null : Sessions.metadataCache(io)).credentials();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
