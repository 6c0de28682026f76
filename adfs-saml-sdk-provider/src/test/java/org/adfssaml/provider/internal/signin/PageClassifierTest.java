package org.adfssaml.provider.internal.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

/** Classification of page shapes the fixtures do not cover (written for this project). */
class PageClassifierTest {

    @Test
    void prepareWhenCalledThenItsPageIsAFormsSignInWithTheAdfsFields() {
        Page page = PageClassifier.prepare();

        assertThat(page.kind()).isEqualTo(PageKind.FORMS_LOGIN);
        assertThat(page.toString()).contains("loginForm").contains("FormsAuthentication");
    }
    private static final URI URL = URI.create("https://adfs.example.com/adfs/ls/IdpInitiatedSignOn.aspx");

    @Test
    void azurePushPageWhenNumberShownThenMfaPushWithNumberAndInstructions() {
        String html = "<html><head><title>Multi-Factor Authentication</title></head><body>"
                + "<div id=\"mfaGreetingDescription\">Welcome alice</div>"
                + "<form method=\"post\" id=\"loginForm\" action=\"/adfs/ls/IdpInitiatedSignOn.aspx\">"
                + "<input id=\"authMethod\" type=\"hidden\" name=\"AuthMethod\" value=\"AzureMfaAuthentication\">"
                + "<input id=\"context\" type=\"hidden\" name=\"Context\" value=\"ctx\">"
                + "<div id=\"pushInstructions\">Open your Authenticator app, and enter the number shown to sign in.</div>"
                + "<div id=\"validEntropyNumber\">42</div></form>"
                + "<form id=\"options\" method=\"post\"><input type=\"hidden\" name=\"AuthMethod\"></form></body></html>";

        Page page = PageClassifier.classify(URL, html);

        assertThat(page.kind()).isEqualTo(PageKind.MFA_PUSH);
        assertThat(page.mfaAdapter()).contains("AzureMfaAuthentication");
        assertThat(page.numberToShow()).contains("42");
        assertThat(page.prompt()).isEqualTo("Open your Authenticator app, and enter the number shown to sign in.");
        assertThat(page.form().orElseThrow().postedFieldNames()).containsExactly("AuthMethod", "Context");
    }

    @Test
    void mfaPageWhenErrorTextShownThenAuthErrorKeepingTheAdapter() {
        String html = "<html><body><form method=\"post\" id=\"loginForm\">"
                + "<input type=\"hidden\" name=\"AuthMethod\" value=\"AzureMfaAuthentication\">"
                + "<span id=\"errorText\">The code you entered is not valid. Try again.</span>"
                + "<input name=\"VerificationCode\" type=\"text\"></form></body></html>";

        Page page = PageClassifier.classify(URL, html);

        assertThat(page.kind()).isEqualTo(PageKind.AUTH_ERROR);
        assertThat(page.errorText()).contains("The code you entered is not valid. Try again.");
        assertThat(page.mfaAdapter()).contains("AzureMfaAuthentication");
        assertThat(page.form().orElseThrow().codeField()).isEqualTo("VerificationCode");
    }

    @Test
    void paginatedPagesWhenUserNameOnlyOrWithPasswordThenTheRightStep() {
        String first = "<html><body><form method=\"post\" id=\"loginFormPaginated\" action=\"/adfs/ls/\">"
                + "<input name=\"UserName\" type=\"email\"><input type=\"hidden\" name=\"AuthMethod\" value=\"FormsAuthentication\">"
                + "</form></body></html>";
        String second = "<html><body><form method=\"post\" id=\"loginFormPaginated\" action=\"/adfs/ls/\">"
                + "<input name=\"UserName\" type=\"hidden\" value=\"alice\"><input name=\"Password\" type=\"password\">"
                + "<input type=\"hidden\" name=\"AuthMethod\" value=\"FormsAuthentication\"></form></body></html>";

        Page user = PageClassifier.classify(URL, first);
        Page password = PageClassifier.classify(URL, second);

        assertThat(user.kind()).isEqualTo(PageKind.PAGINATED_USERNAME);
        assertThat(user.form().orElseThrow().postedFieldNames()).containsExactly("UserName", "AuthMethod");
        assertThat(password.kind()).isEqualTo(PageKind.PAGINATED_PASSWORD);
        assertThat(password.form().orElseThrow().postedFieldNames()).containsExactly("UserName", "Password", "AuthMethod");
        assertThat(password.form().orElseThrow().passwordField()).isEqualTo("Password");
    }

    @Test
    void pickerPageWhenClassifiedThenOtherSiteRadioSelectedAndOptionsListed() {
        String html = "<html><body><form id=\"idp_SignInForm\" method=\"post\" action=\"/adfs/ls/IdpInitiatedSignOn.aspx\">"
                + "<input id=\"idp_ThisRpRadioButton\" type=\"radio\" name=\"SignInOtherSite\" value=\"SignInThisSite\" checked>"
                + "<input id=\"idp_OtherRpRadioButton\" type=\"radio\" name=\"SignInOtherSite\" value=\"SignInOtherSite\">"
                + "<select id=\"idp_RelyingPartyDropDownList\" name=\"RelyingParty\">"
                + "<option value=\"urn:amazon:webservices\">Amazon Web Services</option><option value=\"urn:wiki\">Wiki</option></select>"
                + "<input id=\"idp_SignInButton\" type=\"submit\" name=\"SignInSubmit\" value=\"Sign in\"></form></body></html>";

        Page page = PageClassifier.classify(URL, html);

        assertThat(page.kind()).isEqualTo(PageKind.RELYING_PARTY_PICKER);
        assertThat(page.relyingPartyField()).isEqualTo("RelyingParty");
        assertThat(page.relyingParties()).containsExactly(
                new Page.RelyingPartyOption("urn:amazon:webservices", "Amazon Web Services"),
                new Page.RelyingPartyOption("urn:wiki", "Wiki"));
        assertThat(page.form().orElseThrow().postedFieldNames()).containsExactly("RelyingParty", "SignInSubmit", "SignInOtherSite");
        assertThat(page.form().orElseThrow().value("SignInOtherSite")).contains("SignInOtherSite");
    }

    @Test
    void adfsErrorPageWhenClassifiedThenErrorPageWithMessageAndDetails() {
        String html = "<html><head><title>Sign In</title></head><body><div id=\"errorArea\">"
                + "<div id=\"openingMessage\">An error occurred</div>"
                + "<div id=\"errorMessage\">An error occurred. Contact your administrator for more information.</div>"
                + "<span id=\"activityId\">00000000-0000-0000-0000-000000000000</span>"
                + "<span id=\"errorDetailsText\">MSIS7012: The relying party trust was not found.</span></div></body></html>";

        Page page = PageClassifier.classify(URL, html);

        assertThat(page.kind()).isEqualTo(PageKind.ADFS_ERROR_PAGE);
        assertThat(page.errorText()).contains("An error occurred. Contact your administrator for more information. "
                + "MSIS7012: The relying party trust was not found.");
    }

    @Test
    void unknownAdapterWithCodeFieldWhenClassifiedThenUnsupported() {
        String html = "<html><body><form method=\"post\" id=\"otpForm\">"
                + "<input type=\"hidden\" name=\"AuthMethod\" value=\"AcmeOtpAdapter\"><input name=\"OathCode\"></form></body></html>";

        Page page = PageClassifier.classify(URL, html);

        assertThat(page.kind()).isEqualTo(PageKind.MFA_UNSUPPORTED);
        assertThat(page.mfaAdapter()).contains("AcmeOtpAdapter");
    }
}
