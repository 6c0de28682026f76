package org.adfssaml.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.adfssaml.cli.AdfsSamlCli;
import org.adfssaml.core.AwsRole;
import org.adfssaml.core.NoMatchingRoleException;
import org.adfssaml.core.RoleSelector;
import org.adfssaml.provider.AdfsCredentialsProvider;
import org.adfssaml.provider.AdfsSignIn;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.AdfsUser;
import org.adfssaml.testkit.MfaKind;
import org.adfssaml.testkit.StsEmulator;
import org.adfssaml.testkit.TestIdp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/** The examples, run against the testkit's AD FS and STS emulators. */
class ExamplesTest {

    private static final String DEV = "arn:aws:iam::111122223333:role/AWS-Developer";
    private static final String READONLY_B = "arn:aws:iam::444455556666:role/AWS-ReadOnly";
    private static final String READONLY_A = "arn:aws:iam::222233334444:role/AWS-ReadOnly";

    @TempDir
    static Path dir;
    private static AdfsEmulator adfs;
    private static StsEmulator sts;

    @BeforeAll
    static void start() {
        TestIdp idp = TestIdp.generate();
        adfs = AdfsEmulator.builder().idp(idp)
                .user(AdfsUser.builder("EXAMPLE\\erin").password("erin-pw").roles(role(DEV), role(READONLY_B), role(READONLY_A))
                                .build(),
                        AdfsUser.builder("EXAMPLE\\frank").password("frank-pw").roles(role(DEV))
                                .mfa(MfaKind.VIP, "135790").build())
                .build().start();
        sts = StsEmulator.builder().trust(idp).build().start();
    }

    @AfterAll
    static void stop() {
        adfs.close();
        sts.close();
    }

    private static String role(String arn) {
        return arn + ",arn:aws:iam::" + arn.split(":")[4] + ":saml-provider/ADFS";
    }

    private static String callerArn(AdfsSignIn signIn, RoleSelector selector) {
        try (AdfsCredentialsProvider credentials = AdfsCredentialsProvider.builder().signIn(signIn).roleSelector(selector)
                    .stsEndpoint(sts.endpoint()).build();
                StsClient client = StsClient.builder().credentialsProvider(credentials).endpointOverride(sts.endpoint())
                    .region(Region.US_EAST_1).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            return client.getCallerIdentity().arn();
        }
    }

    @Test
    void profileExampleWhenProfileWrittenByConfigureThenCallerIsTheProfilesRole() throws Exception {
        Path config = dir.resolve("config");
        Path ca = Files.writeString(dir.resolve("ca.pem"), adfs.caCertificatePem());
        int code = AdfsSamlCli.run(System.in, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                System.err, Map.of("AWS_CONFIG_FILE", config.toString(), "HOME", dir.toString()),
                "configure", "--profile", "app", "--idp-url", adfs.signOnUrl().toString(), "--ca-bundle", ca.toString(),
                "--username", "EXAMPLE\\erin", "--role-arn", READONLY_B, "--sts-endpoint", sts.endpoint().toString(),
                "--region", "us-east-1");
        assertThat(code).isZero();

        String arn = ProfileExample.callerArn(config, "app", "erin-pw"::toCharArray, sts.endpoint());

        assertThat(arn).startsWith("arn:aws:sts::444455556666:assumed-role/AWS-ReadOnly/");
    }

    @Test
    void mfaHandlerExampleWhenCodeAskedThenSuppliedCodeSignsIn() {
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        AdfsSignIn signIn = AdfsSignIn.builder().idpUrl(adfs.signOnUrl()).trustStore(adfs.trustStore())
                .username("EXAMPLE\\frank").passwordSource("frank-pw"::toCharArray)
                .mfaHandler(MfaHandlerExample.handler("135790"::toCharArray,
                        new PrintStream(messages, true, StandardCharsets.UTF_8)))
                .build();

        String arn = callerArn(signIn, RoleSelector.onlyOne());

        assertThat(arn).startsWith("arn:aws:sts::111122223333:assumed-role/AWS-Developer/");
        assertThat(messages.toString(StandardCharsets.UTF_8)).startsWith("VIPAuthenticationProviderUPN asks for a code");
    }

    @Test
    void roleSelectorExampleWhenSeveralReadOnlyRolesThenLowestAccountChosen() {
        AdfsSignIn signIn = AdfsSignIn.builder().idpUrl(adfs.signOnUrl()).trustStore(adfs.trustStore())
                .username("EXAMPLE\\erin").passwordSource("erin-pw"::toCharArray).build();

        assertThat(callerArn(signIn, RoleSelectorExample.leastPrivilege()))
                .startsWith("arn:aws:sts::222233334444:assumed-role/AWS-ReadOnly/");
        assertThat(callerArn(signIn, RoleSelectorExample.readOnlyAnywhere()))
                .startsWith("arn:aws:sts::444455556666:assumed-role/AWS-ReadOnly/");
    }

    @Test
    void roleSelectorExampleWhenNoReadOnlyRoleThenErrorListsOffered() {
        List<AwsRole> offered = List.of(AwsRole.of(DEV, "arn:aws:iam::111122223333:saml-provider/ADFS"));

        assertThatThrownBy(() -> RoleSelectorExample.leastPrivilege().select(offered))
                .isInstanceOf(NoMatchingRoleException.class)
                .hasMessage("expected a role whose name ends with ReadOnly, found 1 role offered: " + DEV);
        assertThat(RoleSelectorExample.exact().select(List.of(AwsRole.of("arn:aws:iam::123456789012:role/AWS-Developer",
                "arn:aws:iam::123456789012:saml-provider/ADFS"))).accountId()).isEqualTo("123456789012");
        assertThat(RoleSelectorExample.byAccountAndName().select(List.of(AwsRole.of(
                "arn:aws:iam::123456789012:role/team/AWS-Developer", "arn:aws:iam::123456789012:saml-provider/ADFS")))
                .roleName()).isEqualTo("team/AWS-Developer");
    }

    @Test
    void testkitExampleWhenMintedThenRoleReadBackAndValid() {
        List<AwsRole> roles = TestkitExample.mintAndRead();

        assertThat(roles).containsExactly(AwsRole.of("arn:aws:iam::123456789012:role/AWS-Developer",
                "arn:aws:iam::123456789012:saml-provider/ADFS"));
    }
}
