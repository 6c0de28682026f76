package org.adfssaml.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.adfssaml.core.TestSigning.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Clock faults (issue 6): the response is issued by the IdP at {@link TestSigning#NOW}; the local clock is off by
 * a few minutes. Within the 5-minute skew it must validate; beyond it the message must name both the local clock
 * and the IdP's time so an operator can see which clock is wrong.
 */
class FaultsTest {

    static TestSigning idp;
    static String signed;

    @BeforeAll
    static void keys() {
        idp = TestSigning.generate("ADFS Signing - adfs.example.test");
        signed = idp.signedXml(new TestSigning.Spec());
    }

    static SamlValidator validatorAt(Instant localClock) {
        return SamlValidator.builder().trustedCertificates(List.of(idp.certificate))
                .clock(Clock.fixed(localClock, ZoneOffset.UTC)).build();
    }

    @Test
    void validateWhenLocalClockFourMinutesBehindThenAccepted() {
        SamlResponse response = validatorAt(NOW.minus(Duration.ofMinutes(4))).validate(signed);

        assertThat(response.roles()).extracting(AwsRole::roleArn).containsExactly(TestSigning.DEV, TestSigning.ADMIN);
    }

    @Test
    void validateWhenLocalClockFourMinutesAheadThenAccepted() {
        SamlResponse response = validatorAt(NOW.plus(Duration.ofMinutes(4))).validate(signed);

        assertThat(response.roles()).extracting(AwsRole::roleArn).containsExactly(TestSigning.DEV, TestSigning.ADMIN);
    }

    @Test
    void checkWhenLocalClockTenMinutesBehindThenNotYetValidNamingLocalClockAndIdpTime() {
        List<SamlError> errors = validatorAt(NOW.minus(Duration.ofMinutes(10))).check(SamlResponse.parse(signed));

        assertThat(errors).extracting(SamlError::code).containsOnly(SamlErrorCodes.NOT_YET_VALID);
        assertThat(errors.get(0).message()).isEqualTo("expected Response IssueInstant at or before 2031-03-04T05:01:07Z "
                + "(clock 2031-03-04T04:56:07Z, skew PT5M), found 2031-03-04T05:06:07Z");
    }

    @Test
    void validateWhenLocalClockTenMinutesBehindThenExceptionNamesBothTimes() {
        String local = NOW.minus(Duration.ofMinutes(10)).toString();

        assertThatThrownBy(() -> validatorAt(NOW.minus(Duration.ofMinutes(10))).validate(signed))
                .isInstanceOf(SamlValidationException.class)
                .hasMessageContaining("clock " + local)
                .hasMessageContaining("found " + NOW)
                .hasMessageContaining("skew PT5M");
    }

    @Test
    void checkWhenLocalClockTenMinutesAheadThenExpiredNamingLocalClockAndIdpTime() {
        List<SamlError> errors = validatorAt(NOW.plus(Duration.ofMinutes(10))).check(SamlResponse.parse(signed));

        assertThat(errors).containsExactly(new SamlError(SamlErrorCodes.EXPIRED,
                "expected SubjectConfirmationData NotOnOrAfter after 2031-03-04T05:11:07Z "
                        + "(clock 2031-03-04T05:16:07Z, skew PT5M), found 2031-03-04T05:11:07Z"));
    }
}
