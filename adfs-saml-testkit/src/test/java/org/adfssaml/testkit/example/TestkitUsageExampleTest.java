package org.adfssaml.testkit.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.adfssaml.core.AwsRole;
import org.adfssaml.core.AwsRoles;
import org.adfssaml.core.SamlErrorCodes;
import org.adfssaml.core.SamlValidationException;
import org.adfssaml.core.SamlValidator;
import org.adfssaml.testkit.RoleClaims;
import org.adfssaml.testkit.StsEmulator;
import org.adfssaml.testkit.TestIdp;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** The README's "Using the testkit in your JUnit 5 tests" snippet, compiled and run. */
class TestkitUsageExampleTest {

    // snippet: testkit-junit
    // One IdP per test class: key generation takes a moment.
    static final TestIdp IDP = TestIdp.generate();

    @Test
    void rolesWhenAdfsClaimRuleAppliedThenParsed() {
        String samlResponse = IDP.response()
                .roles(RoleClaims.fromAdAttributeValues("ADFS", List.of("AWS-123456789012-Dev", "Domain Users")))
                .roleSessionName("alice@example.test")
                .base64();

        assertThat(AwsRoles.from(samlResponse)).extracting(AwsRole::roleArn)
                .containsExactly("arn:aws:iam::123456789012:role/AWS-Dev");
    }

    @Test
    void validatorWhenResponseExpiredThenRejected() {
        String expired = IDP.response()
                .role("123456789012", "AWS-Dev", "ADFS")
                .issueInstant(Instant.now().minus(Duration.ofHours(2)))
                .base64();
        SamlValidator validator = SamlValidator.builder()
                .trustedCertificates(List.of(IDP.certificate()))
                .build();

        assertThatThrownBy(() -> validator.validate(expired))
                .isInstanceOfSatisfying(SamlValidationException.class,
                        e -> assertThat(e.hasCode(SamlErrorCodes.EXPIRED)).isTrue());
    }

    @Test
    void stsWhenAssertionValidThenSessionCredentials() {
        String samlResponse = IDP.response().role("123456789012", "AWS-Dev", "ADFS").base64();

        try (StsEmulator sts = StsEmulator.builder().trust(IDP).build().start();
                StsClient client = StsClient.builder()
                        .endpointOverride(sts.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(AnonymousCredentialsProvider.create())
                        .httpClient(UrlConnectionHttpClient.create())
                        .build()) {
            Credentials credentials = client.assumeRoleWithSAML(r -> r
                    .roleArn("arn:aws:iam::123456789012:role/AWS-Dev")
                    .principalArn("arn:aws:iam::123456789012:saml-provider/ADFS")
                    .samlAssertion(samlResponse))
                    .credentials();

            assertThat(credentials.accessKeyId()).startsWith("ASIA");
            assertThat(sts.assumeRoleCalls()).isEqualTo(1);
        }
    }
    // end snippet
}
