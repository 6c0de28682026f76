package org.adfssaml.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Minted responses and metadata verified by an independent implementation: {@code xmlsec1}
 * (libxmlsec1, OpenSSL). Skipped when {@code xmlsec1} is not on the PATH; CI installs it.
 */
class Xmlsec1VerificationTest {

    private static final String ASSERTION_ID = "urn:oasis:names:tc:SAML:2.0:assertion:Assertion";
    private static final String RESPONSE_ID = "urn:oasis:names:tc:SAML:2.0:protocol:Response";
    private static final String METADATA_ID = "urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor";

    private static TestIdp idp;

    @TempDir
    Path dir;

    @BeforeAll
    static void requireXmlsec1() {
        Assumptions.assumeTrue(onPath("xmlsec1"),
                "xmlsec1 is not on the PATH (Debian/Ubuntu: apt-get install xmlsec1); skipping the independent check");
        idp = TestIdp.generate();
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String entry : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(entry, program))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code xmlsec1 --verify}; returns its exit code and output. */
    private Result verify(String xml, Path certificatePem, String... idAttributes) throws IOException, InterruptedException {
        Path file = Files.writeString(dir.resolve("signed-" + System.nanoTime() + ".xml"), xml, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of("xmlsec1", "--verify", "--pubkey-cert-pem", certificatePem.toString()));
        for (String id : idAttributes) {
            command.add("--id-attr:ID");
            command.add(id);
        }
        command.add(file.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("xmlsec1 finished").isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }

    private Path pem(TestIdp which) {
        return which.writeCertificatePem(dir.resolve("cert-" + System.nanoTime() + ".pem"));
    }

    @Test
    void xmlsec1WhenAssertionSignedThenVerifies() throws Exception {
        Result result = verify(idp.response().role("123456789012", "AWS-Dev", "ADFS").xml(), pem(idp), ASSERTION_ID);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("OK").contains("SignedInfo References (ok/all): 1/1");
    }

    @Test
    void xmlsec1WhenResponseAlsoSignedThenResponseSignatureVerifies() throws Exception {
        Result result = verify(idp.response().signResponse(true).xml(), pem(idp), RESPONSE_ID, ASSERTION_ID);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("OK");
    }

    @Test
    void xmlsec1WhenSha1ThenVerifies() throws Exception {
        Result result = verify(idp.response().sha1().xml(), pem(idp), ASSERTION_ID);

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void xmlsec1WhenTamperedThenFails() throws Exception {
        String tampered = idp.response().role("123456789012", "AWS-Dev", "ADFS").xml()
                .replace("role/AWS-Dev", "role/AWS-Admin");

        Result result = verify(tampered, pem(idp), ASSERTION_ID);

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("FAIL");
    }

    @Test
    void xmlsec1WhenOtherKeyTrustedThenFails() throws Exception {
        Result result = verify(idp.response().xml(), pem(TestIdp.generate("other.example.test")), ASSERTION_ID);

        assertThat(result.exitCode()).as(result.output()).isNotZero();
    }

    @Test
    void xmlsec1WhenFederationMetadataThenVerifies() throws Exception {
        Result result = verify(idp.federationMetadataXml(), pem(idp), METADATA_ID);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("OK");
    }
}
