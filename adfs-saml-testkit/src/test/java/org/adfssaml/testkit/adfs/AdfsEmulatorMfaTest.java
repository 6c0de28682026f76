package org.adfssaml.testkit.adfs;

import static org.adfssaml.testkit.adfs.Fixtures.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.adfssaml.core.SamlResponse;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.AdfsErrorTexts;
import org.adfssaml.testkit.MfaKind;
import org.adfssaml.testkit.PageStyle;
import org.adfssaml.testkit.RequestLog;
import org.adfssaml.testkit.RequestLog.Outcome;
import org.adfssaml.testkit.adfs.WebClient.Form;
import org.adfssaml.testkit.adfs.WebClient.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AdfsEmulatorMfaTest {

    static Stream<Arguments> codeAdapters() {
        return Stream.of(
                Arguments.of("dave@example.test", MfaKind.AZURE_MFA_CODE, "form#loginForm", "VerificationCode",
                        "123456"),
                Arguments.of("erin@example.test", MfaKind.VIP, "form#vipForm", "SecurityCode", "654321"),
                Arguments.of("frank@example.test", MfaKind.RSA_SECURID, "form#passcodeForm", "Passcode",
                        "11223344"));
    }

    @ParameterizedTest
    @MethodSource("codeAdapters")
    void mfaCodeWhenWrongThenErrorAndWhenRightThenSamlResponse(String user, MfaKind kind, String formCss,
                                                               String field, String code) throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_3_0).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Page challenge = Walk.postCredentials(client, adfs, Walk.signInPage(client, adfs), user, PASSWORD);
            assertThat(challenge.status()).isEqualTo(200);
            Form form = challenge.form(formCss);
            assertThat(form.names()).startsWith("AuthMethod", "Context", field);
            assertThat(challenge.doc().select(formCss + " input[name=AuthMethod]").attr("value"))
                    .isEqualTo(kind.authMethod());
            assertThat(client.cookie("MSISAuth")).isEmpty();

            Page wrong = client.submit(form.set(field, "000000"));
            assertThat(wrong.text("#errorText")).isEqualTo(AdfsErrorTexts.WRONG_MFA_CODE);

            Page right = client.submit(wrong.form(formCss).set(field, code));
            assertThat(right.status()).isEqualTo(302);
            String response = Walk.samlResponse(client.follow(right));
            assertThat(SamlResponse.parse(response).roleSessionName()).contains(user);

            RequestLog log = adfs.requestLog();
            assertThat(log.withOutcome(Outcome.MFA_CHALLENGE)).hasSize(1);
            assertThat(log.withOutcome(Outcome.MFA_FAILED)).singleElement()
                    .satisfies(e -> assertThat(e.fieldNames()).contains(field)
                            .satisfies(n -> assertThat(e.fieldValues()).doesNotContainKey(field)));
            assertThat(log.entries().toString()).doesNotContain(code);
            assertThat(log.signInCount(user)).isEqualTo(1);
        }
    }

    @Test
    void pushWhenPolledThenShowsNumberAndCompletesOnConfiguredPoll() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Page page = Walk.postCredentials(client, adfs, Walk.signInPage(client, adfs), "grace@example.test",
                    PASSWORD);
            String number = page.text("#validEntropyNumber");
            assertThat(number).matches("\\d{2}");
            assertThat(page.doc().select("#verificationCodeInput")).isEmpty();

            int polls = 0;
            while (page.status() == 200) {
                page = client.submit(page.form("form#loginForm"));
                polls++;
                if (page.status() == 200) {
                    assertThat(page.text("#validEntropyNumber")).isEqualTo(number);
                    assertThat(page.doc().select("#pollStatus").attr("data-polls")).isEqualTo(String.valueOf(polls));
                }
            }

            assertThat(polls).isEqualTo(3);
            assertThat(page.status()).isEqualTo(302);
            assertThat(Walk.samlResponse(client.follow(page))).isNotEmpty();
            assertThat(adfs.requestLog().withOutcome(Outcome.MFA_PENDING)).hasSize(2);
        }
    }

    @Test
    void pushWhenUserDeniesThenErrorTextAndNoCookie() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2016).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Page page = Walk.postCredentials(client, adfs, Walk.signInPage(client, adfs), "heidi@example.test",
                    PASSWORD);

            Page denied = client.submit(page.form("form#loginForm"));

            assertThat(denied.status()).isEqualTo(200);
            assertThat(denied.text("#errorText")).isEqualTo(AdfsErrorTexts.PUSH_DENIED);
            assertThat(client.cookie("MSISAuth")).isEmpty();
        }
    }

    @Test
    void duoWhenPostedThenNeverCompletes() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_3_0).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Page page = Walk.postCredentials(client, adfs, Walk.signInPage(client, adfs), "ivan@example.test",
                    PASSWORD);
            assertThat(page.doc().select("#duo_host, #duo_sig_request, iframe#duo_iframe")).hasSize(3);
            assertThat(page.form("form#duo_form").names()).containsExactly("AuthMethod", "Context");

            Page again = client.submit(page.form("form#duo_form"));

            assertThat(again.status()).isEqualTo(200);
            assertThat(again.doc().select("form#duo_form input[name=AuthMethod]").attr("value"))
                    .isEqualTo("DuoAdfsAdapter");
            assertThat(adfs.requestLog().signInCount("ivan@example.test")).isZero();
        }
    }

    @Test
    void mfaPostWhenContextUnknownThenErrorPage() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_3_0).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Page page = Walk.postCredentials(client, adfs, Walk.signInPage(client, adfs), "dave@example.test",
                    PASSWORD);

            Page error = client.submit(page.form("form#loginForm").set("Context", "forged")
                    .set("VerificationCode", "123456"));

            assertThat(error.text("#errorDetailsText")).startsWith("MSIS9001: The received Context is not valid");
            assertThat(client.cookie("MSISAuth")).isEmpty();
        }
    }
}
