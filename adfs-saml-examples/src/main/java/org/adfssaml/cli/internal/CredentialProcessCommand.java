package org.adfssaml.cli.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.adfssaml.cli.AdfsSamlCli;
import org.adfssaml.provider.CredentialProcessOutput;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * {@code credential-process --profile P}: the AWS CLI's {@code credential_process} JSON on standard output and
 * nothing else; prompts on the terminal; cached on disk.
 */
final class CredentialProcessCommand implements Callable<Integer> {

    private final CliIo io;

    final CliOption<String> profile = CliOption.of(String.class, OptionSpec.builder("--profile").required(true)
            .paramLabel("P").description("The profile whose adfs_* settings are used."));

    final SignInOptions signIn = new SignInOptions();

    final StsOptions sts = new StsOptions();

    final CliOption<Boolean> noCache = CliOption.flag(OptionSpec.builder("--no-cache")
            .description("Neither read nor write the disk caches (credentials, and the IdP's token-signing certificates)."));

    CredentialProcessCommand(CliIo io) {
        this.io = io;
    }

    CommandSpec spec() {
        CommandSpec spec = CliOption.command(this, "credential-process", "Print credentials in the AWS CLI "
                + "credential_process format (Version 1) for a profile written by 'configure'. Prompts go to the "
                + "terminal, never to standard output. Credentials are cached under ~/.aws/adfs-saml/cache/ (mode "
                + "0600) until 5 minutes before they expire; concurrent invocations sign in once.");
        CliOption.addTo(spec, profile);
        signIn.addTo(spec);
        sts.addTo(spec);
        CliOption.addTo(spec, noCache);
        return spec;
    }

    @Override
    public Integer call() throws IOException {
        Settings settings = Settings.resolve(io, profile.value(), signIn, sts);
        settings.requireIdpUrl();
        AwsSessionCredentials credentials;
        try (Prompts prompts = new Prompts(io, signIn.passwordStdin.value())) {
            if (noCache.value()) {
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
                    Sessions.validator(settings), noCache.value() ? null : Sessions.metadataCache(io)).credentials();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
