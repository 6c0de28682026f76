package org.adfssaml.core;

import static org.adfssaml.core.TestSigning.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The validation paths the benchmarks made cheaper: {@code validate(String)} parses once, and a signature's
 * references are digested again only to explain a failure. Behaviour must be what it was.
 */
class SinglePassValidationTest {

    static TestSigning idp;
    static SamlValidator validator;

    @BeforeAll
    static void keys() {
        idp = TestSigning.generate("ADFS Signing - adfs.example.test");
        validator = SamlValidator.builder().trustedCertificates(List.of(idp.certificate))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    @Test
    void validateWhenStringInputThenSameResponseAsParseThenValidate() {
        String base64 = idp.signedBase64(new TestSigning.Spec());

        SamlResponse direct = validator.validate(base64);
        SamlResponse viaParse = validator.validate(SamlResponse.parse(base64));

        assertThat(direct.responseId()).isEqualTo(viaParse.responseId());
        assertThat(direct.roles()).isEqualTo(viaParse.roles()).isNotEmpty();
        assertThat(direct.attributes()).isEqualTo(viaParse.attributes());
        assertThat(direct.toBase64()).isEqualTo(viaParse.toBase64());
    }

    @Test
    void validateWhenStringInputAndAssertionAlteredThenSameErrorsAsCheck() {
        String altered = idp.signedXml(new TestSigning.Spec()).replace("AWS-Admin", "AWS-Evil");

        assertThatThrownBy(() -> validator.validate(altered))
                .isInstanceOfSatisfying(SamlValidationException.class, e -> assertThat(e.errors())
                        .isEqualTo(validator.check(SamlResponse.parse(altered))));
        assertThat(validator.check(SamlResponse.parse(altered))).extracting(SamlError::code)
                .containsExactly(SamlErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void checkWhenSignatureValueIsNotBase64ThenInvalidSignatureInsteadOfAnException() {
        String signed = idp.signedXml(new TestSigning.Spec());
        int start = signed.indexOf("SignatureValue>") + "SignatureValue>".length();
        int end = signed.indexOf("</", start);
        String broken = signed.substring(0, start) + "!!not*base64!!" + signed.substring(end);

        List<SamlError> errors = validator.check(SamlResponse.parse(broken));

        assertThat(errors).extracting(SamlError::code).containsExactly(SamlErrorCodes.INVALID_SIGNATURE);
    }
}
