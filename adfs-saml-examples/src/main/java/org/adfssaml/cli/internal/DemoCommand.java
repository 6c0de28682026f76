package org.adfssaml.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import org.adfssaml.cli.AdfsSamlCli;
import org.adfssaml.core.AwsRole;
import org.adfssaml.core.RoleSelector;
import org.adfssaml.core.SamlValidator;
import org.adfssaml.provider.AdfsCredentialsProvider;
import org.adfssaml.provider.AdfsSignIn;
import org.adfssaml.provider.SharedCredentialsFile;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.AdfsUser;
import org.adfssaml.testkit.PageStyle;
import org.adfssaml.testkit.StsEmulator;
import org.adfssaml.testkit.TestIdp;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code demo}: the whole product on loopback with no set-up: the testkit's AD FS emulator (TLS, AD FS 2019
 * pages) and STS emulator, a demo user with roles in two accounts, the role menu, a profile written into a
 * temporary credentials file, and an SDK {@code StsClient} whose credentials come from
 * {@link AdfsCredentialsProvider}.
 */
final class DemoCommand implements Callable<Integer> {

    static final String USERNAME = "EXAMPLE\\demo";
    /** Not a secret: the emulated AD FS exists only for the length of this command. */
    static final String PASSWORD = "demo-password";
    static final String PROVIDER = "ADFS";
    /** The role a non-interactive run (class-data sharing training) asks for, so that it never prompts. */
    static final String TRAINING_ROLE = "arn:aws:iam::111122223333:role/AWS-Admin";
    static final List<String> ROLES = List.of(
            role("111122223333", "AWS-Admin"), role("111122223333", "AWS-Developer"), role("444455556666", "AWS-ReadOnly"));

    private final CliIo io;

    final CliOption<String> roleArn = CliOption.of(String.class, OptionSpec.builder("--role-arn").paramLabel("ARN")
            .description("Choose this role instead of asking."));

    final CliOption<PageStyle> pageStyle = CliOption.of(PageStyle.class, OptionSpec.builder("--page-style")
            .paramLabel("STYLE").defaultValue("ADFS_2019")
            .description("AD FS version the emulator imitates: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})."));

    final CliOption<Boolean> training = CliOption.flag(OptionSpec.builder("--training").hidden(true)
            .description("After the demo, run login and credential-process in this JVM against the emulators "
                    + "(the class-data sharing training run of configure)."));

    DemoCommand(CliIo io) {
        this.io = io;
    }

    CommandSpec spec() {
        CommandSpec spec = CliOption.command(this, "demo", "Run the whole flow against built-in AD FS and STS "
                + "emulators on loopback: sign in as a demo user, choose a role (the first when there is no terminal), "
                + "write a profile into a temporary credentials file, then call STS GetCallerIdentity through an SDK "
                + "client using AdfsCredentialsProvider. Nothing leaves this machine; your ~/.aws is not touched.");
        CliOption.addTo(spec, roleArn, pageStyle, training);
        return spec;
    }

    private static String role(String account, String name) {
        return "arn:aws:iam::" + account + ":role/" + name + ",arn:aws:iam::" + account + ":saml-provider/" + PROVIDER;
    }

    @Override
    public Integer call() throws Exception {
        var out = io.out();
        PageStyle pageStyle = this.pageStyle.value();
        String roleArn = this.roleArn.value();
        out.println("adfs-saml demo: an emulated AD FS and AWS STS on loopback; nothing leaves this machine.");
        Thread warmUp = new Thread(DemoCommand::warmUp, "adfs-saml-demo-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        TestIdp idp = TestIdp.generate();
        AdfsUser user = AdfsUser.builder(USERNAME).password(PASSWORD).roles(ROLES.toArray(String[]::new)).build();
        Path directory = null;
        try (AdfsEmulator adfs = AdfsEmulator.builder().idp(idp).user(user).pageStyle(pageStyle).build();
                StsEmulator sts = StsEmulator.builder().trust(idp).build()) {
            adfs.start();
            sts.start();
            out.println("  AD FS emulator (" + pageStyle + " pages, TLS): " + adfs.signOnUrl());
            out.println("  STS emulator (trusts the emulated AD FS's token-signing certificate): " + sts.endpoint());
            out.println();
            out.println("1. Sign in as " + USERNAME + " with the demo password, then choose a role:");

            AdfsSignIn signIn = AdfsSignIn.builder()
                    .idpUrl(adfs.signOnUrl())
                    .username(USERNAME)
                    .passwordSource(PASSWORD::toCharArray)
                    .trustStore(adfs.trustStore())
                    .build();
            Settings settings = new Settings("saml", null, adfs.signOnUrl().toString(), null, USERNAME, null, null,
                    List.of(), null, false, roleArn, null, Region.US_EAST_1.id(), sts.endpoint());
            RoleSelector selector = roleArn != null ? RoleSelector.byArn(roleArn)
                    : io.terminal().interactive() ? new Prompts(io, false).roleSelector(null) : firstRole();
            SamlValidator validator = SamlValidator.builder().trustedCertificates(List.of(idp.certificate())).build();
            Assume.Assumed assumed = Assume.once(settings, signIn, selector, validator, null);

            directory = Files.createTempDirectory("adfs-saml-demo-");
            Path credentials = directory.resolve("credentials");
            SharedCredentialsFile.at(credentials).writeProfile("saml", assumed.credentials());
            out.println();
            out.println("2. Assumed " + assumed.role().roleArn());
            out.println("   Wrote profile 'saml' to " + credentials + " (expires "
                    + assumed.credentials().expirationTime().map(i -> i.truncatedTo(ChronoUnit.SECONDS).toString())
                            .orElse("?") + "; removed with the emulators when the demo ends)");
            out.println("   The AWS CLI would use it as: AWS_SHARED_CREDENTIALS_FILE=" + credentials
                    + " aws --profile saml --endpoint-url " + sts.endpoint() + " sts get-caller-identity");

            out.println();
            out.println("3. An SDK client with AdfsCredentialsProvider (signs in again by itself before expiry):");
            String arn;
            try (AdfsCredentialsProvider provider = AdfsCredentialsProvider.builder()
                    .signIn(signIn)
                    .roleSelector(RoleSelector.byArn(assumed.role().roleArn()))
                    .samlValidator(validator)
                    .stsEndpoint(sts.endpoint())
                    .region(Region.US_EAST_1)
                    .build();
                    StsClient client = StsClient.builder()
                            .credentialsProvider(provider)
                            .endpointOverride(sts.endpoint())
                            .region(Region.US_EAST_1)
                            .httpClientBuilder(UrlConnectionHttpClient.builder())
                            .build()) {
                arn = client.getCallerIdentity().arn();
            }
            out.println("   StsClient.getCallerIdentity().arn() = " + arn);
            if (training.value()) {
                TrainingRun.run(adfs, sts);
            }
            out.println();
            out.println("Done. Against your own AD FS: adfs-saml login --idp-url https://adfs.example.com");
        } finally {
            removeQuietly(directory);
        }
        return AdfsSamlCli.OK;
    }

    /** The demo's credentials are for emulators that stop with it: nothing should outlive the demo. */
    private void removeQuietly(Path directory) {
        if (directory != null) {
            try {
                SafeFiles.deleteTree(directory);
            } catch (IOException e) {
                io.err().println("adfs-saml: could not remove the demo's " + directory + ": " + e.getMessage());
            }
        }
    }

    /**
     * Loads the AWS SDK's client machinery while the emulators generate their keys: on a machine with more than
     * one core the demo's first STS call then does not pay for it. Nothing is sent.
     */
    private static void warmUp() {
        try (StsClient client = StsClient.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            client.serviceName();
        } catch (RuntimeException e) {
            // only a head start: the demo itself reports real failures
        }
    }

    private RoleSelector firstRole() {
        return offered -> {
            AwsRole first = RoleTable.ordered(offered).get(0);
            io.out().println("   (no terminal: taking the first role offered, " + first.roleArn() + ")");
            return first;
        };
    }
}
