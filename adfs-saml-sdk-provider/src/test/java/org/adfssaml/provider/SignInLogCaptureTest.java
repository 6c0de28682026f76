package org.adfssaml.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.adfssaml.core.SamlResponse;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.AdfsUser;
import org.adfssaml.testkit.MfaKind;
import org.adfssaml.testkit.PageStyle;
import org.adfssaml.testkit.TestIdp;
import org.junit.jupiter.api.Test;

/**
 * Captures everything logged at TRACE (this module and HttpClient, see simplelogger.properties)
 * over full sign-ins (forms + MFA code, NTLM, a refused password) and checks that no password,
 * MFA code, NTLM token or SAMLResponse appears.
 */
class SignInLogCaptureTest {
    private static final String PASSWORD = "Tr4ce-Secret-Pa55";
    private static final String CODE = "271828";

    @Test
    void fullSignInsWhenLoggedAtTraceThenNoPasswordCodeTokenOrSamlResponseInTheLog() {
        TestIdp idp = TestIdp.generate();
        AdfsUser alice = AdfsUser.builder("alice@example.test").password(PASSWORD)
                .roles("arn:aws:iam::123456789012:role/AWS-Dev,arn:aws:iam::123456789012:saml-provider/ADFS")
                .mfa(MfaKind.AZURE_MFA_CODE, CODE).build();
        AdfsUser bob = AdfsUser.builder("bob@example.test").password(PASSWORD)
                .roles("arn:aws:iam::123456789012:role/AWS-Dev,arn:aws:iam::123456789012:saml-provider/ADFS").build();
        List<SamlResponse> responses = new ArrayList<>();
        String log;
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (AdfsEmulator adfs = AdfsEmulator.builder().idp(idp).pageStyle(PageStyle.ADFS_2019).user(alice, bob).build().start()) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                responses.add(AdfsSignIn.builder().idpUrl(adfs.signOnUrl()).trustStore(adfs.trustStore())
                        .username("alice@example.test").passwordSource(PASSWORD::toCharArray)
                        .mfaHandler(MfaHandler.codes(CODE::toCharArray)).build().signIn());
                responses.add(AdfsSignIn.builder().idpUrl(adfs.signOnUrl()).trustStore(adfs.trustStore())
                        .authMethod(AuthMethod.NTLM).username("EXAMPLE\\bob").passwordSource(PASSWORD::toCharArray).build()
                        .signIn());
                AdfsSignIn wrong = AdfsSignIn.builder().idpUrl(adfs.signOnUrl()).trustStore(adfs.trustStore())
                        .username("bob@example.test").passwordSource((PASSWORD + "-wrong")::toCharArray).build();
                assertThatThrownBy(wrong::signIn).isInstanceOf(AdfsAuthenticationException.class);
                assertThatThrownBy(wrong::signIn).isInstanceOf(AdfsAuthenticationException.class);
            } finally {
                System.err.flush();
                System.setErr(original);
            }
            log = captured.toString(StandardCharsets.UTF_8);
        }

        // the capture really saw TRACE/DEBUG output of both the sign-in and HttpClient
        assertThat(log).contains("page FORMS_LOGIN at https://localhost:")
                .contains("posting form #loginForm to https://localhost:")
                .contains("[UserName, Password, AuthMethod]")
                .contains("page MFA_CODE")
                .contains("org.apache.hc.client5")
                .contains("cookie MSISAuth stored");
        assertThat(log).doesNotContain(PASSWORD).doesNotContain(CODE).doesNotContain("Tr4ce")
                .doesNotContain("TlRMTVNTUAAD")   // NTLM type 3 (authenticate) message
                // AD FS session cookie values (names may be logged)
                .doesNotContain("MSISAuth=").doesNotContain("MSISAuth=\"").doesNotContain("Cookie accepted")
                .doesNotContain("Cookie [name:");
        for (SamlResponse r : responses) {
            String b64 = r.toBase64();
            for (int i = 0; i + 32 <= b64.length(); i += 200) {
                assertThat(log).doesNotContain(b64.substring(i, i + 32));
            }
            assertThat(log).doesNotContain(r.responseId());
        }
    }
}
