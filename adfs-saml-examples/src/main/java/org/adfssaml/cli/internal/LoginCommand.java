package org.adfssaml.cli.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.adfssaml.cli.AdfsSamlCli;
import org.adfssaml.provider.SharedCredentialsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * {@code login}: signs in, lets the user pick a role, and writes the credentials into the shared credentials
 * file under a profile (default {@code saml}).
 */
@Command(name = "login", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = "Sign in to AD FS, choose a role and write its temporary credentials into the shared credentials "
                + "file under a profile (default saml), for 'aws --profile saml ...'.")
final class LoginCommand implements Callable<Integer> {

    private final CliIo io;

    @Option(names = "--profile", paramLabel = "P", defaultValue = "saml",
            description = "Profile to write (and whose adfs_* settings are used); default ${DEFAULT-VALUE}.")
    String profile;

    @Mixin
    SignInOptions signIn = new SignInOptions();

    @Mixin
    StsOptions sts = new StsOptions();

    @Option(names = "--credentials-file", paramLabel = "FILE",
            description = "Credentials file to write (else AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials).")
    Path credentialsFile;

    @Option(names = "--verify", description = "Call STS GetCallerIdentity with the new credentials and print the ARN.")
    boolean verify;

    @Option(names = "--json", description = "Print {profile, credentialsFile, roleArn, expiration[, arn]} as JSON.")
    boolean json;

    LoginCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        Settings settings = Settings.resolve(io, profile, signIn, sts);
        settings.requireIdpUrl();
        Assume.Assumed assumed;
        try (Prompts prompts = new Prompts(io, signIn.passwordStdin)) {
            assumed = Assume.once(settings, Sessions.signIn(settings, prompts), prompts.roleSelector(settings.roleArn()),
                    Sessions.validator(settings), Sessions.metadataCache(io));
        }
        Path file = Settings.credentialsFile(io, credentialsFile);
        SharedCredentialsFile.at(file).writeProfile(profile, assumed.credentials());
        String arn = verify ? CallerIdentity.arn(assumed, settings) : null;
        report(file, assumed, arn);
        return AdfsSamlCli.OK;
    }

    private void report(Path file, Assume.Assumed assumed, String arn) {
        AwsSessionCredentials credentials = assumed.credentials();
        String expiration = credentials.expirationTime().map(i -> i.truncatedTo(ChronoUnit.SECONDS).toString()).orElse(null);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("profile", profile);
            out.put("credentialsFile", file.toAbsolutePath().toString());
            out.put("roleArn", assumed.role() == null ? null : assumed.role().roleArn());
            out.put("expiration", expiration);
            if (arn != null) {
                out.put("arn", arn);
            }
            io.out().println(Json.write(out));
            return;
        }
        var out = io.out();
        out.println("Wrote profile '" + profile + "' to " + file.toAbsolutePath());
        if (assumed.role() != null) {
            out.println("  Role:    " + assumed.role().roleArn());
        }
        credentials.expirationTime().ifPresent(expiry -> out.println("  Expires: "
                + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z").format(expiry.atZone(ZoneId.systemDefault()))
                + " (" + expiration + ")"));
        if (arn != null) {
            out.println("  Caller:  " + arn);
        }
        out.println("Use it with: aws --profile " + profile + " sts get-caller-identity");
    }
}
