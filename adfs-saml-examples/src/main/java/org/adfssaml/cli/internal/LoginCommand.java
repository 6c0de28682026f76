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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * {@code login}: signs in, lets the user pick a role, and writes the credentials into the shared credentials
 * file under a profile (default {@code saml}).
 */
final class LoginCommand implements Callable<Integer> {

    private final CliIo io;

    final CliOption<String> profile = CliOption.of(String.class, OptionSpec.builder("--profile").paramLabel("P")
            .defaultValue("saml")
            .description("Profile to write (and whose adfs_* settings are used); default ${DEFAULT-VALUE}."));

    final SignInOptions signIn = new SignInOptions();

    final StsOptions sts = new StsOptions();

    final CliOption<Path> credentialsFile = CliOption.of(Path.class, OptionSpec.builder("--credentials-file")
            .paramLabel("FILE")
            .description("Credentials file to write (else AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials)."));

    final CliOption<Boolean> verify = CliOption.flag(OptionSpec.builder("--verify")
            .description("Call STS GetCallerIdentity with the new credentials and print the ARN."));

    final CliOption<Boolean> json = CliOption.flag(OptionSpec.builder("--json")
            .description("Print {profile, credentialsFile, roleArn, expiration[, arn]} as JSON."));

    LoginCommand(CliIo io) {
        this.io = io;
    }

    CommandSpec spec() {
        CommandSpec spec = CliOption.command(this, "login", "Sign in to AD FS, choose a role and write its temporary "
                + "credentials into the shared credentials file under a profile (default saml), for "
                + "'aws --profile saml ...'.");
        CliOption.addTo(spec, profile);
        signIn.addTo(spec);
        sts.addTo(spec);
        CliOption.addTo(spec, credentialsFile, verify, json);
        return spec;
    }

    @Override
    public Integer call() throws IOException {
        Settings settings = Settings.resolve(io, profile.value(), signIn, sts);
        settings.requireIdpUrl();
        Assume.Assumed assumed;
        try (Prompts prompts = new Prompts(io, signIn.passwordStdin.value())) {
            assumed = Assume.once(settings, Sessions.signIn(settings, prompts), prompts.roleSelector(settings.roleArn()),
                    Sessions.validator(settings), Sessions.metadataCache(io));
        }
        Path file = Settings.credentialsFile(io, credentialsFile.value());
        SharedCredentialsFile.at(file).writeProfile(profile.value(), assumed.credentials());
        String arn = verify.value() ? CallerIdentity.arn(assumed, settings) : null;
        report(file, assumed, arn);
        return AdfsSamlCli.OK;
    }

    private void report(Path file, Assume.Assumed assumed, String arn) {
        AwsSessionCredentials credentials = assumed.credentials();
        String expiration = credentials.expirationTime().map(i -> i.truncatedTo(ChronoUnit.SECONDS).toString()).orElse(null);
        if (json.value()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("profile", profile.value());
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
        out.println("Wrote profile '" + profile.value() + "' to " + file.toAbsolutePath());
        if (assumed.role() != null) {
            out.println("  Role:    " + assumed.role().roleArn());
        }
        credentials.expirationTime().ifPresent(expiry -> out.println("  Expires: "
                + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z").format(expiry.atZone(ZoneId.systemDefault()))
                + " (" + expiration + ")"));
        if (arn != null) {
            out.println("  Caller:  " + arn);
        }
        out.println("Use it with: aws --profile " + profile.value() + " sts get-caller-identity");
    }
}
