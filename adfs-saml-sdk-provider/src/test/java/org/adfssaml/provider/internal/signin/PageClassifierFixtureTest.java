package org.adfssaml.provider.internal.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Classifies every captured page in the shared fixtures (read by path, never copied) and checks
 * kind, form, exact posted field names, error text and MFA adapter.
 */
class PageClassifierFixtureTest {
    private static final URI PAGE_URL =
            URI.create("https://adfs.example.com/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:amazon:webservices");
    private static Path fixtures;

    @BeforeAll
    static void fixtures() {
        String dir = System.getProperty("adfs.fixtures");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(Path.of(dir, "adfs-html")),
                "adfs.fixtures is not set or has no adfs-html folder (run with -Dadfs.fixtures=/work/shared/fixtures): skipping fixture tests");
        fixtures = Path.of(dir);
    }

    private static Page classify(String relative) throws IOException {
        String html = Files.readString(fixtures.resolve(relative), StandardCharsets.UTF_8);
        return PageClassifier.classify(PAGE_URL, html);
    }

    @Test
    void everyFixturePageWhenListedThenHasAnExpectationInThisClass() throws IOException {
        List<String> found = new ArrayList<>();
        for (String folder : List.of("adfs-html", "aws-signin")) {
            try (Stream<Path> files = Files.list(fixtures.resolve(folder))) {
                files.filter(p -> p.getFileName().toString().endsWith(".html"))
                        .forEach(p -> found.add(folder + "/" + p.getFileName()));
            }
        }
        found.add("adfs-saml/saml2aws_azuread_autopost_samlresponse.html");
        Map<String, PageKind> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("adfs-html/adfs2016plus_login_form_with_auth_options__saml2aws.html", PageKind.FORMS_LOGIN),
                Map.entry("adfs-html/adfs2_aspnet_login_page__auth-aws.html", PageKind.ASPNET_LOGIN),
                Map.entry("adfs-html/adfs3_login_error_wrong_password__aws-adfs.html", PageKind.AUTH_ERROR),
                Map.entry("adfs-html/adfs3_login_form_idpinitiatedsignon__saml2aws.html", PageKind.FORMS_LOGIN),
                Map.entry("adfs-html/adfs3_mfa_rsa_securid_passcode__saml2aws.html", PageKind.MFA_CODE),
                Map.entry("adfs-html/adfs_autosubmit_samlresponse_hiddenform__auth-aws.html", PageKind.SAML_RESPONSE),
                Map.entry("adfs-html/adfs_mfa_duo_adapter_page__aws-adfs-login.html", PageKind.MFA_UNSUPPORTED),
                Map.entry("adfs-html/adfs_wsfed_autopost_wresult__saml2aws.html", PageKind.WSFED_RESPONSE),
                Map.entry("adfs-html/duo_iframe_prompt_factor_selection__aws-adfs-login.html", PageKind.MFA_UNSUPPORTED),
                Map.entry("aws-signin/aws_signin_role_selection_page__aws-adfs-login.html", PageKind.AWS_ROLE_SELECTION),
                Map.entry("aws-signin/aws_signin_role_selection_page__saml2aws.html", PageKind.AWS_ROLE_SELECTION),
                Map.entry("aws-signin/aws_signin_saml_page_empty_samlresponse__aws-adfs.html", PageKind.EMPTY_SAML_RESPONSE),
                Map.entry("adfs-saml/saml2aws_azuread_autopost_samlresponse.html", PageKind.SAML_RESPONSE)));
        assertThat(found).containsExactlyInAnyOrderElementsOf(expected.keySet());
        Map<String, PageKind> actual = new TreeMap<>();
        for (String f : found) {
            actual.put(f, classify(f).kind());
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void adfs2016LoginWithOptionsWhenClassifiedThenPostsOnlyLoginFormFieldsNotOptionsUserName() throws IOException {
        Page page = classify("adfs-html/adfs2016plus_login_form_with_auth_options__saml2aws.html");

        assertThat(page.kind()).isEqualTo(PageKind.FORMS_LOGIN);
        assertThat(page.formIds()).containsExactly("loginForm", "options");
        PageForm form = page.form().orElseThrow();
        assertThat(form.id()).isEqualTo("loginForm");
        assertThat(form.postedFieldNames()).containsExactly("UserName", "Password", "AuthMethod");
        assertThat(form.postedFieldNames()).filteredOn("UserName"::equals).hasSize(1);
        assertThat(form.value("AuthMethod")).contains("FormsAuthentication");
        assertThat(form.usernameField()).isEqualTo("UserName");
        assertThat(form.passwordField()).isEqualTo("Password");
        assertThat(form.kmsiField()).isEqualTo("Kmsi");
        assertThat(form.rawAction()).isEqualTo("{{.UrlPost}}");
        assertThat(form.action()).isEmpty();
        assertThat(page.errorText()).isEmpty();
        assertThat(page.mfaAdapter()).isEmpty();
        assertThat(page.title()).isEqualTo("Sign In");
    }

    @Test
    void adfs3LoginWhenClassifiedThenPostsUserNamePasswordAuthMethodToAbsoluteAction() throws IOException {
        Page page = classify("adfs-html/adfs3_login_form_idpinitiatedsignon__saml2aws.html");

        assertThat(page.kind()).isEqualTo(PageKind.FORMS_LOGIN);
        PageForm form = page.form().orElseThrow();
        assertThat(form.id()).isEqualTo("loginForm");
        assertThat(form.method()).isEqualTo("POST");
        assertThat(form.postedFieldNames()).containsExactly("UserName", "Password", "AuthMethod");
        assertThat(form.action()).contains(URI.create("https://id.example.com/adfs/ls/idpinitiatedsignon"));
        assertThat(page.errorText()).isEmpty();
        assertThat(page.authMethods()).containsExactly("FormsAuthentication");
    }

    @Test
    void adfs3WrongPasswordWhenClassifiedThenAuthErrorWithIdpText() throws IOException {
        Page page = classify("adfs-html/adfs3_login_error_wrong_password__aws-adfs.html");

        assertThat(page.kind()).isEqualTo(PageKind.AUTH_ERROR);
        assertThat(page.errorText())
                .contains("Incorrect user ID or password. Type the correct user ID and password, and try again.");
        PageForm form = page.form().orElseThrow();
        assertThat(form.id()).isEqualTo("loginForm");
        assertThat(form.postedFieldNames()).containsExactly("UserName", "Password", "AuthMethod");
        assertThat(form.action()).contains(URI.create("https://adfs.example.com/adfs/ls/idpinitiatedsignon"));
        assertThat(page.describe()).contains("#loginForm", "#options", "Incorrect user ID or password");
    }

    @Test
    void adfs2AspNetWhenClassifiedThenPostsViewStateAndContentPlaceHolderFields() throws IOException {
        Page page = classify("adfs-html/adfs2_aspnet_login_page__auth-aws.html");

        assertThat(page.kind()).isEqualTo(PageKind.ASPNET_LOGIN);
        PageForm form = page.form().orElseThrow();
        assertThat(form.id()).isEqualTo("aspnetForm");
        assertThat(form.postedFieldNames()).containsExactly("__VIEWSTATE", "__VIEWSTATEGENERATOR", "__EVENTVALIDATION", "__db",
                "ctl00$ContentPlaceHolder1$UsernameTextBox", "ctl00$ContentPlaceHolder1$PasswordTextBox",
                "ctl00$ContentPlaceHolder1$SubmitButton");
        assertThat(form.usernameField()).isEqualTo("ctl00$ContentPlaceHolder1$UsernameTextBox");
        assertThat(form.passwordField()).isEqualTo("ctl00$ContentPlaceHolder1$PasswordTextBox");
        assertThat(form.value("__VIEWSTATE")).contains("viewstatedata");
        assertThat(form.value("__EVENTVALIDATION")).contains("eventvalidationdata");
        assertThat(form.value("ctl00$ContentPlaceHolder1$SubmitButton")).contains("Sign In");
        assertThat(form.action()).contains(URI.create("https://adfs.example.com/adfs/ls/?SAMLRequest=REQUEST"));
    }

    @Test
    void rsaSecurIdPageWhenClassifiedThenCodeEntryIntoPasscodeOfPasscodeForm() throws IOException {
        Page page = classify("adfs-html/adfs3_mfa_rsa_securid_passcode__saml2aws.html");

        assertThat(page.kind()).isEqualTo(PageKind.MFA_CODE);
        assertThat(page.mfaAdapter()).contains("SecurIDAuthentication");
        PageForm form = page.form().orElseThrow();
        assertThat(form.id()).isEqualTo("passcodeForm");
        assertThat(form.codeField()).isEqualTo("Passcode");
        assertThat(form.postedFieldNames()).containsExactly("AuthMethod", "Context", "Passcode", "Submit");
        assertThat(form.action()).contains(PAGE_URL);
        assertThat(page.errorText()).isEmpty();
        assertThat(page.title()).isEqualTo("RSA SecurID Authentication");
    }

    @Test
    void duoAdapterPageWhenClassifiedThenUnsupportedAdapterDuoAdfsAdapter() throws IOException {
        Page page = classify("adfs-html/adfs_mfa_duo_adapter_page__aws-adfs-login.html");

        assertThat(page.kind()).isEqualTo(PageKind.MFA_UNSUPPORTED);
        assertThat(page.mfaAdapter()).contains("DuoAdfsAdapter");
        assertThat(page.form().orElseThrow().id()).isEqualTo("duo_form");
        assertThat(page.form().orElseThrow().postedFieldNames()).containsExactly("Context", "AuthMethod");
    }

    @Test
    void duoIframePromptWhenClassifiedThenUnsupportedAdapterDuo() throws IOException {
        Page page = classify("adfs-html/duo_iframe_prompt_factor_selection__aws-adfs-login.html");

        assertThat(page.kind()).isEqualTo(PageKind.MFA_UNSUPPORTED);
        assertThat(page.mfaAdapter()).contains("Duo");
        assertThat(page.formIds()).containsExactly("login-form");
    }

    @Test
    void autoPostPagesWhenClassifiedThenSamlResponseValueExtracted() throws IOException {
        Page adfs = classify("adfs-html/adfs_autosubmit_samlresponse_hiddenform__auth-aws.html");
        Page azure = classify("adfs-saml/saml2aws_azuread_autopost_samlresponse.html");

        assertThat(adfs.kind()).isEqualTo(PageKind.SAML_RESPONSE);
        String xml = new String(java.util.Base64.getDecoder().decode(adfs.samlResponse().orElseThrow()), StandardCharsets.UTF_8);
        assertThat(xml).startsWith("<?xml version=\"1.0\"?>").contains("<samlp:Response").endsWith("</samlp:Response>\n");
        assertThat(adfs.form().orElseThrow().id()).isEqualTo("hiddenform");
        assertThat(adfs.title()).isEqualTo("Working...");
        assertThat(azure.kind()).isEqualTo(PageKind.SAML_RESPONSE);
        String azureXml = new String(java.util.Base64.getDecoder().decode(azure.samlResponse().orElseThrow()), StandardCharsets.UTF_8);
        assertThat(azureXml).startsWith("<samlp:Response ID=\"_a80fa312-e5e3-43d2-bf81-ad745d5b4826\"");
        assertThat(adfs.toString()).doesNotContain("PD94bWwg");
    }

    @Test
    void wsFedAutoPostWhenClassifiedThenWsFedResponseKind() throws IOException {
        Page page = classify("adfs-html/adfs_wsfed_autopost_wresult__saml2aws.html");

        assertThat(page.kind()).isEqualTo(PageKind.WSFED_RESPONSE);
        assertThat(page.form().orElseThrow().postedFieldNames()).containsExactly("wa", "wresult", "wctx");
        assertThat(page.samlResponse()).isEmpty();
    }

    @Test
    void awsRoleSelectionPagesWhenClassifiedThenAwsRoleSelectionWithSamlForm() throws IOException {
        Page a = classify("aws-signin/aws_signin_role_selection_page__aws-adfs-login.html");
        Page b = classify("aws-signin/aws_signin_role_selection_page__saml2aws.html");

        assertThat(a.kind()).isEqualTo(PageKind.AWS_ROLE_SELECTION);
        assertThat(a.form().orElseThrow().id()).isEqualTo("saml_form");
        assertThat(b.kind()).isEqualTo(PageKind.AWS_ROLE_SELECTION);
        assertThat(b.samlResponse()).isEmpty();
    }

    @Test
    void emptySamlResponsePageWhenClassifiedThenEmptySamlResponseKind() throws IOException {
        Page page = classify("aws-signin/aws_signin_saml_page_empty_samlresponse__aws-adfs.html");

        assertThat(page.kind()).isEqualTo(PageKind.EMPTY_SAML_RESPONSE);
        assertThat(page.form().orElseThrow().postedFieldNames()).containsExactly("RelayState", "SAMLResponse", "name");
        assertThat(page.title()).isEqualTo("Amazon Web Services Sign-In");
    }
}
