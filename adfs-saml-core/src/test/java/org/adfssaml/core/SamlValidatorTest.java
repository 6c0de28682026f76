package org.adfssaml.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensaml.xmlsec.signature.support.SignatureConstants;

import static org.adfssaml.core.TestSigning.ADMIN;
import static org.adfssaml.core.TestSigning.DEV;
import static org.adfssaml.core.TestSigning.NOW;
import static org.adfssaml.core.TestSigning.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamlValidatorTest {

    static TestSigning idp;

    @BeforeAll
    static void keys() {
        idp = TestSigning.generate("ADFS Signing - adfs.example.test");
    }

    static SamlValidator.Builder validator() {
        return SamlValidator.builder().trustedCertificates(List.of(idp.certificate)).clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static List<String> codes(List<SamlError> errors) {
        return errors.stream().map(SamlError::code).toList();
    }

    @Test
    void validateWhenAssertionSignedByTrustedKeyThenReturnsRoles() {
        SamlResponse response = validator().build().validate(idp.signedBase64(new TestSigning.Spec()));

        assertThat(response.roles()).containsExactly(AwsRole.of(DEV, PROVIDER), AwsRole.of(ADMIN, PROVIDER));
        assertThat(response.roleSessionName()).contains("jdoe@example.test");
    }

    @Test
    void validateWhenResponseAndAssertionSignedThenValid() {
        TestSigning.Spec spec = new TestSigning.Spec();
        spec.signResponse = true;
        assertThat(validator().build().check(SamlResponse.parse(idp.signedBase64(spec)))).isEmpty();
    }

    @Test
    void validateWhenOnlyResponseSignedThenValid() {
        TestSigning.Spec spec = new TestSigning.Spec();
        spec.signResponse = true;
        spec.signAssertion = false;
        assertThat(validator().build().check(SamlResponse.parse(idp.signedBase64(spec)))).isEmpty();
    }

    @Test
    void checkWhenRsaSha1ThenUnsupportedAlgorithmNamingAdfsSetting() {
        TestSigning.Spec spec = new TestSigning.Spec();
        spec.signatureAlgorithm = SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1;
        spec.digestAlgorithm = SignatureConstants.ALGO_ID_DIGEST_SHA1;
        List<SamlError> errors = validator().build().check(SamlResponse.parse(idp.signedBase64(spec)));
        assertThat(codes(errors)).containsExactly(SamlErrorCodes.UNSUPPORTED_ALGORITHM, SamlErrorCodes.UNSUPPORTED_ALGORITHM);
        assertThat(errors.get(0).message()).contains("http://www.w3.org/2000/09/xmldsig#rsa-sha1", "Secure hash algorithm to SHA-256");
    }

    @Test
    void checkWhenRsaSha1AllowedThenValid() {
        TestSigning.Spec spec = new TestSigning.Spec();
        spec.signatureAlgorithm = SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1;
        spec.digestAlgorithm = SignatureConstants.ALGO_ID_DIGEST_SHA1;
        assertThat(validator().allowRsaSha1(true).build().check(SamlResponse.parse(idp.signedBase64(spec)))).isEmpty();
    }
}
