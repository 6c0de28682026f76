package org.adfssaml.testkit.adfs;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.AdfsUser;
import org.adfssaml.testkit.MfaKind;
import org.adfssaml.testkit.PageStyle;
import org.adfssaml.testkit.TestIdp;

/** Users and emulators shared by the emulator tests (one IdP key per JVM keeps the tests fast). */
final class Fixtures {

    static final String PASSWORD = "Passw0rd!";
    static final Instant NOW = Instant.parse("2031-05-04T10:15:30Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final TestIdp IDP = TestIdp.generate();

    static final AdfsUser ALICE = AdfsUser.builder("alice@example.test").password(PASSWORD)
            .adAttributeValues("AWS-123456789012-Dev", "AWS-210987654321-Admin").build();
    static final AdfsUser BOB_LOCKED = AdfsUser.builder("bob@example.test").password(PASSWORD).locked().build();
    static final AdfsUser CAROL_DISABLED = AdfsUser.builder("carol@example.test").password(PASSWORD).disabled()
            .build();
    static final AdfsUser DAVE_AZURE = AdfsUser.builder("dave@example.test").password(PASSWORD)
            .roles("arn:aws:iam::123456789012:role/Dev,arn:aws:iam::123456789012:saml-provider/ADFS")
            .mfa(MfaKind.AZURE_MFA_CODE, "123456").build();
    static final AdfsUser ERIN_VIP = AdfsUser.builder("erin@example.test").password(PASSWORD)
            .adAttributeValues("AWS-123456789012-Dev").mfa(MfaKind.VIP, "654321").build();
    static final AdfsUser FRANK_RSA = AdfsUser.builder("frank@example.test").password(PASSWORD)
            .adAttributeValues("AWS-123456789012-Dev").mfa(MfaKind.RSA_SECURID, "11223344").build();
    static final AdfsUser GRACE_PUSH = AdfsUser.builder("grace@example.test").password(PASSWORD)
            .adAttributeValues("AWS-123456789012-Dev").mfa(MfaKind.AZURE_MFA_PUSH).pushApprovedAfterPolls(3)
            .build();
    static final AdfsUser HEIDI_DENIES = AdfsUser.builder("heidi@example.test").password(PASSWORD)
            .adAttributeValues("AWS-123456789012-Dev").mfa(MfaKind.AZURE_MFA_PUSH).pushDenied().build();
    static final AdfsUser IVAN_DUO = AdfsUser.builder("ivan@example.test").password(PASSWORD)
            .adAttributeValues("AWS-123456789012-Dev").mfa(MfaKind.DUO).build();

    private Fixtures() {
    }

    static AdfsEmulator.Builder emulator(PageStyle style) {
        return AdfsEmulator.builder().idp(IDP).clock(CLOCK).pageStyle(style)
                .user(ALICE, BOB_LOCKED, CAROL_DISABLED, DAVE_AZURE, ERIN_VIP, FRANK_RSA, GRACE_PUSH, HEIDI_DENIES,
                        IVAN_DUO);
    }
}
