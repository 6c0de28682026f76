package org.adfssaml.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import org.adfssaml.core.AwsRole;
import org.adfssaml.core.SamlError;
import org.adfssaml.core.SamlErrorCodes;
import org.adfssaml.core.SamlResponse;
import org.adfssaml.core.SamlValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Minted responses checked by core's {@link SamlValidator}: valid ones pass, broken ones fail with the right code. */
class MintedResponseCoreValidationTest {

    private static TestIdp idp;
    private static TestIdp attacker;
    private static SamlValidator validator;

    @BeforeAll
    static void setUp() {
        idp = TestIdp.generate();
        attacker = TestIdp.generate("attacker.example.test");
        validator = SamlValidator.builder().trustedCertificates(List.of(idp.certificate())).build();
    }

    private static SamlResponseBuilder response() {
        return idp.response().role("123456789012", "AWS-Dev", "ADFS");
    }

    private static List<String> codes(String base64) {
        return validator.check(SamlResponse.parse(base64)).stream().map(SamlError::code).toList();
    }

    @Test
    void validateWhenDefaultsThenValidWithRolesAndIssuer() {
        SamlResponse valid = validator.validate(response().base64());

        assertThat(valid.roles()).containsExactly(AwsRole.of("arn:aws:iam::123456789012:role/AWS-Dev",
                "arn:aws:iam::123456789012:saml-provider/ADFS"));
        assertThat(valid.issuer()).contains(idp.issuer());
        assertThat(valid.assertionIssuer()).contains(idp.issuer());
        assertThat(valid.destination()).contains("https://signin.aws.amazon.com/saml");
        assertThat(valid.recipient()).contains("https://signin.aws.amazon.com/saml");
        assertThat(valid.audiences()).containsExactly("urn:amazon:webservices");
    }

    @Test
    void checkWhenResponseAndAssertionBothSignedThenValid() {
        assertThat(codes(response().signResponse(true).base64())).isEmpty();
    }

    @Test
    void checkWhenOnlyResponseSignedThenValid() {
        assertThat(codes(response().signResponse(true).signAssertion(false).base64())).isEmpty();
    }

    @Test
    void checkWhenRoleTamperedAfterSigningThenInvalidSignature() {
        String xml = response().xml();
        String tampered = xml.replace("role/AWS-Dev", "role/AWS-Admin");

        assertThat(tampered).isNotEqualTo(xml);
        assertThat(codes(base64(tampered))).contains(SamlErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void checkWhenUnsignedThenMissingSignature() {
        assertThat(codes(response().unsigned().base64())).contains(SamlErrorCodes.MISSING_SIGNATURE);
    }

    @Test
    void checkWhenSignedByAnotherKeyThenUntrustedSigner() {
        assertThat(codes(response().signWith(attacker).base64())).contains(SamlErrorCodes.UNTRUSTED_SIGNER);
    }

    @Test
    void checkWhenIssuedTwoHoursAgoThenExpired() {
        String old = response().issueInstant(Instant.now().minus(Duration.ofHours(2))).base64();

        assertThat(codes(old)).contains(SamlErrorCodes.EXPIRED);
    }

    @Test
    void checkWhenNotBeforeInAnHourThenNotYetValid() {
        String future = response().issueInstant(Instant.now().plus(Duration.ofHours(1))).base64();

        assertThat(codes(future)).contains(SamlErrorCodes.NOT_YET_VALID);
    }

    @Test
    void checkWhenAudienceWrongThenWrongAudience() {
        assertThat(codes(response().audience("urn:example:other").base64())).contains(SamlErrorCodes.WRONG_AUDIENCE);
    }

    @Test
    void checkWhenSha1ThenRejectedUnlessAllowed() {
        String sha1 = response().sha1().base64();

        assertThat(codes(sha1)).contains(SamlErrorCodes.UNSUPPORTED_ALGORITHM);
        assertThat(validator.toBuilder().allowRsaSha1(true).build().check(SamlResponse.parse(sha1))).isEmpty();
    }

    @Test
    void checkWhenErrorStatusWithoutAssertionThenStatusNotSuccess() {
        String failed = response().statusCode("urn:oasis:names:tc:SAML:2.0:status:Responder").withoutAssertion().base64();

        assertThat(codes(failed)).contains(SamlErrorCodes.STATUS_NOT_SUCCESS);
    }

    @Test
    void checkWhenTwoAssertionsThenMultipleAssertions() {
        assertThat(codes(response().assertionCount(2).base64())).contains(SamlErrorCodes.MULTIPLE_ASSERTIONS);
    }

    @Test
    void checkWhenFixedClockYearsAheadThenTimeChecksFollowIt() {
        Instant future = Instant.parse("2041-06-01T12:00:00Z");
        TestIdp futureIdp = TestIdp.builder()
                .certificateValidity(future.minus(Duration.ofDays(1)), future.plus(Duration.ofDays(365))).build();
        String saml = futureIdp.response().clock(Clock.fixed(future, ZoneOffset.UTC)).base64();
        SamlValidator atThatTime = SamlValidator.builder().trustedCertificates(List.of(futureIdp.certificate()))
                .checkCertificateValidity(true).clock(Clock.fixed(future.plusSeconds(60), ZoneOffset.UTC)).build();
        SamlValidator now = atThatTime.toBuilder().clock(Clock.systemUTC()).build();

        assertThat(atThatTime.check(SamlResponse.parse(saml))).isEmpty();
        assertThat(now.check(SamlResponse.parse(saml))).extracting(SamlError::code)
                .contains(SamlErrorCodes.NOT_YET_VALID);
    }

    private static String base64(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }
}
