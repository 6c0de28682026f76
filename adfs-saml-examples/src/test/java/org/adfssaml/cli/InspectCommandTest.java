package org.adfssaml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.adfssaml.testkit.TestIdp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {

    private static final Instant T0 = Instant.parse("2031-03-04T10:00:00Z");
    private static TestIdp idp;
    private static TestIdp otherIdp;

    @TempDir
    Path dir;

    @BeforeAll
    static void idps() {
        idp = TestIdp.generate();
        otherIdp = TestIdp.generate("evil.example.test");
    }

    private Path trustPem() throws Exception {
        return Files.writeString(dir.resolve("adfs-signing.pem"), idp.certificatePem());
    }

    private String response() {
        return idp.response()
                .clock(Clock.fixed(T0, ZoneOffset.UTC))
                .nameId("EXAMPLE\\alice")
                .role("111122223333", "AWS-Dev", "ADFS")
                .role("444455556666", "AWS-ReadOnly", "ADFS")
                .roleSessionName("alice@example.test")
                .sessionDuration(Duration.ofHours(2))
                .base64();
    }

    @Test
    void inspectWhenSignedByTrustedCertThenValidJsonWithEveryField() throws Exception {
        Path file = Files.writeString(dir.resolve("response.b64"), response() + "\n");

        CliRun.Result r = CliRun.inHome(dir).run("inspect", file.toString(), "--trust-cert", trustPem().toString(),
                "--at", T0.plusSeconds(30).toString(), "--json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.OK);
        assertThat(r.out()).startsWith("{\n  \"valid\": true,\n  \"errors\": [],\n  \"signatureVerified\": true,\n")
                .contains("\"issuer\": \"" + idp.issuer() + "\"")
                .contains("\"subject\": \"EXAMPLE\\\\alice\"")
                .contains("\"roleArn\": \"arn:aws:iam::111122223333:role/AWS-Dev\",\n"
                        + "      \"principalArn\": \"arn:aws:iam::111122223333:saml-provider/ADFS\",\n"
                        + "      \"accountId\": \"111122223333\",\n"
                        + "      \"roleName\": \"AWS-Dev\"")
                .contains("\"roleName\": \"AWS-ReadOnly\"")
                .contains("\"roleSessionName\": \"alice@example.test\"")
                .contains("\"sessionDuration\": 7200")
                .contains("\"sourceIdentity\": null")
                .contains("\"audiences\": [\n    \"urn:amazon:webservices\"\n  ]")
                .contains("\"https://aws.amazon.com/SAML/Attributes/RoleSessionName\": [\n      \"alice@example.test\"\n    ]");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void inspectWhenExpiredAtGivenInstantThenExit4WithExpiredCode() throws Exception {
        Path file = Files.writeString(dir.resolve("response.b64"), response());

        CliRun.Result r = CliRun.inHome(dir).run("inspect", file.toString(), "--trust-cert", trustPem().toString(),
                "--at", T0.plus(Duration.ofDays(1)).toString(), "--json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.SAML_INVALID);
        assertThat(r.out()).contains("\"valid\": false").contains("\"code\": \"expired\"");
    }

    @Test
    void inspectWhenNoTrustGivenThenExit4WithNoTrustConfigured() throws Exception {
        CliRun.Result r = CliRun.inHome(dir).stdin(response()).run("inspect", "--at", T0.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.SAML_INVALID);
        assertThat(r.out()).startsWith("INVALID: 1 error\n  no_trust_configured: expected --trust-cert or "
                + "--trust-metadata to verify the signature, found neither");
        assertThat(r.out()).contains("arn:aws:iam::111122223333:role/AWS-Dev");
    }

    @Test
    void inspectWhenNoVerifySignatureThenValidAndSaysSignatureNotVerified() throws Exception {
        CliRun.Result r = CliRun.inHome(dir).stdin(response()).run("inspect", "-", "--no-verify-signature",
                "--at", T0.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.OK);
        assertThat(r.out()).startsWith("VALID (signature NOT verified: --no-verify-signature)\n")
                .contains("Session duration:    7200 s")
                .contains("  Account 111122223333\n    AWS-Dev  arn:aws:iam::111122223333:role/AWS-Dev  via "
                        + "arn:aws:iam::111122223333:saml-provider/ADFS");
    }

    @Test
    void inspectWhenSignedByAnotherIdpThenExit4WithUntrustedSigner() throws Exception {
        String forged = otherIdp.response().clock(Clock.fixed(T0, ZoneOffset.UTC))
                .role("111122223333", "AWS-Admin", "ADFS").issuer(idp.issuer()).base64();

        CliRun.Result r = CliRun.inHome(dir).stdin(forged).run("inspect", "--trust-cert", trustPem().toString(),
                "--at", T0.toString(), "--json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.SAML_INVALID);
        assertThat(r.out()).contains("\"signatureVerified\": false").contains("\"code\": \"untrusted_signer\"");
    }

    @Test
    void inspectWhenInputIsNotSamlThenExit4MalformedAndNoOtherFields() {
        CliRun.Result r = CliRun.inHome(dir).stdin("this is not a SAML response").run("inspect", "--json",
                "--no-verify-signature");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.SAML_INVALID);
        assertThat(r.out()).startsWith("{\n  \"valid\": false,\n  \"errors\": [\n    {\n      \"code\": \"malformed_response\"")
                .doesNotContain("\"issuer\"").doesNotContain("\"roles\"");
    }

    @Test
    void inspectWhenAtIsNotAnInstantThenUsageExit2() {
        CliRun.Result r = CliRun.inHome(dir).stdin(response()).run("inspect", "--at", "yesterday");

        assertThat(r.exitCode()).isEqualTo(AdfsSamlCli.USAGE);
        assertThat(r.err()).isEqualTo("adfs-saml: --at: expected an ISO-8601 instant such as 2015-10-08T21:45:00Z, "
                + "found 'yesterday'\n");
    }

    @Test
    void inspectWhenFileMissingThenUsageExit2NamingTheFile() {
        Path missing = dir.resolve("nope.b64");

        CliRun.Result r = CliRun.inHome(dir).run("inspect", missing.toString(), "--no-verify-signature");

        assertThat(r.exitCode()).isEqualTo(AdfsSamlCli.USAGE);
        assertThat(r.err()).isEqualTo("adfs-saml: no such file: " + missing + "\n");
    }

    @Test
    void inspectWhenGenuineAdfsResponseWithItsMetadataAtItsTimeThenValid() {
        String fixtures = System.getProperty("adfs.fixtures");
        Assumptions.assumeTrue(fixtures != null && Files.isDirectory(Path.of(fixtures, "adfs-saml")),
                "adfs.fixtures is not set or missing: skipping the genuine AD FS response test");
        Path base = Path.of(fixtures, "adfs-saml");

        CliRun.Result r = CliRun.inHome(dir).run("inspect", base.resolve("seagate_adfs3_signed_aws_response.b64").toString(),
                "--trust-metadata", base.resolve("seagate_adfs3_FederationMetadata.xml").toString(),
                "--at", "2015-10-08T21:45:00Z", "--json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(AdfsSamlCli.OK);
        assertThat(r.out()).contains("\"valid\": true").contains("\"signatureVerified\": true")
                .contains("\"roleArn\": \"arn:aws:iam::");
    }
}
