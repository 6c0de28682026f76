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
@Command(name = "credential-process", mixinStandardHelpOptions = true,
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

    @Option(names = "--no-cache", description = "Neither read nor write the disk cache.")
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
                CredentialCache cache = new CredentialCache(CredentialCache.directory(io), cacheKey(settings),
                        Clock.systemUTC(), warning -> io.err().println("adfs-saml: warning: " + warning));
                credentials = cache.get(() -> assume(settings, prompts));
            }
        }
        io.out().println(CredentialProcessOutput.toJson(credentials));
        return AdfsSamlCli.OK;
    }

    private AwsSessionCredentials assume(Settings settings, Prompts prompts) {
        try {
            return Assume.once(settings, Sessions.signIn(settings, prompts), prompts.roleSelector(settings.roleArn()),
                    Sessions.validator(settings)).credentials();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Everything that decides which credentials come out; a changed setting is a different cache entry. */
    private static String cacheKey(Settings s) {
        return String.join("\n", s.profile(), s.configFile().toAbsolutePath().toString(), s.idpUrl(),
                String.valueOf(s.auth()), String.valueOf(s.username()), String.valueOf(s.relyingParty()),
                String.valueOf(s.roleArn()), String.valueOf(s.duration()), String.valueOf(s.region()),
                String.valueOf(s.stsEndpoint()));
    }
}
