package org.adfssaml.testkit.adfs;

import static org.adfssaml.testkit.adfs.Fixtures.ALICE;
import static org.adfssaml.testkit.adfs.Fixtures.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.nio.charset.StandardCharsets;
import org.adfssaml.core.AwsRole;
import org.adfssaml.core.FederationMetadata;
import org.adfssaml.core.SamlResponse;
import org.adfssaml.core.SamlValidator;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.AdfsErrorTexts;
import org.adfssaml.testkit.PageStyle;
import org.adfssaml.testkit.RequestLog;
import org.adfssaml.testkit.RequestLog.Outcome;
import org.adfssaml.testkit.adfs.WebClient.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AdfsEmulatorFormsTest {

    @ParameterizedTest
    @EnumSource(PageStyle.class)
    void signInWhenPasswordIsRightThenRedirectsWithCookiesAndPostsSignedResponse(PageStyle style) throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(style).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Page signIn = Walk.signInPage(client, adfs);

            Page afterPost = Walk.postCredentials(client, adfs, signIn, "alice@example.test", PASSWORD);

            assertThat(afterPost.status()).isEqualTo(302);
            assertThat(afterPost.uri().resolve(afterPost.header("Location").orElseThrow()))
                    .isEqualTo(afterPost.uri());
            assertThat(afterPost.headerValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                    .startsWith("MSISAuth=").contains("path=/adfs").contains("HttpOnly").contains("Secure"));
            assertThat(client.cookie("MSISAuthenticated")).isPresent();
            String base64 = Walk.samlResponse(client.follow(afterPost));
            SamlResponse response = new SamlValidatorHolder().validate(base64);
            assertThat(response.roles()).containsExactlyInAnyOrder(
                    AwsRole.of("arn:aws:iam::123456789012:role/AWS-Dev",
                            "arn:aws:iam::123456789012:saml-provider/ADFS"),
                    AwsRole.of("arn:aws:iam::210987654321:role/AWS-Admin",
                            "arn:aws:iam::210987654321:saml-provider/ADFS"));
            assertThat(response.roleSessionName()).contains("alice@example.test");
            assertThat(response.nameId()).contains("EXAMPLE\\alice");
            assertThat(response.issueInstant()).contains(Fixtures.NOW);
            RequestLog log = adfs.requestLog();
            assertThat(log.signInCount("alice@example.test")).isEqualTo(1);
            assertThat(log.passwordAttempts("alice@example.test")).isEqualTo(1);
            assertThat(log.hosts()).containsExactly("localhost:" + adfs.baseUri().getPort());
        }
    }

    /** Validates against the emulator IdP's certificate on the fixed clock. */
    private static final class SamlValidatorHolder {
        SamlResponse validate(String base64) {
            return SamlValidator.builder().trustedCertificates(List.of(Fixtures.IDP.certificate()))
                    .clock(Fixtures.CLOCK).build().validate(base64);
        }
    }

    @ParameterizedTest
    @EnumSource(PageStyle.class)
    void signInWhenPasswordIsWrongThenSignInPageShowsAdfsErrorText(PageStyle style) throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(style).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Page page = Walk.postCredentials(client, adfs, Walk.signInPage(client, adfs), "alice@example.test",
                    "wrong");

            assertThat(page.status()).isEqualTo(200);
            assertThat(Walk.errorText(page, style)).isEqualTo(AdfsErrorTexts.WRONG_PASSWORD);
            assertThat(client.cookie("MSISAuth")).isEmpty();
            assertThat(adfs.requestLog().last().orElseThrow().outcome()).isEqualTo(Outcome.WRONG_PASSWORD);
            assertThat(adfs.requestLog().passwordAttempts("alice@example.test")).isEqualTo(1);
            assertThat(adfs.requestLog().signInCount("alice@example.test")).isZero();
        }
    }

    @Test
    void errorElementWhenStyleIs30ThenLabelAndWhen2016ThenSpan() throws Exception {
        for (PageStyle style : List.of(PageStyle.ADFS_3_0, PageStyle.ADFS_2016)) {
            try (AdfsEmulator adfs = Fixtures.emulator(style).build().start();
                 WebClient client = new WebClient(adfs.trustStore())) {
                Page page = Walk.postCredentials(client, adfs, Walk.signInPage(client, adfs), "nobody", "x");
                assertThat(page.doc().selectFirst("#errorText").tagName())
                        .isEqualTo(style == PageStyle.ADFS_3_0 ? "label" : "span");
                assertThat(Walk.errorText(page, style)).isEqualTo(AdfsErrorTexts.WRONG_PASSWORD);
            }
        }
    }

    @Test
    void signInWhenAccountLockedOrDisabledThenAdfsTexts() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Page locked = Walk.postCredentials(client, adfs, Walk.signInPage(client, adfs), "bob@example.test",
                    PASSWORD);
            Page disabled = Walk.postCredentials(client, adfs, Walk.signInPage(client, adfs), "EXAMPLE\\carol",
                    PASSWORD);

            assertThat(locked.text("#errorText")).isEqualTo(AdfsErrorTexts.ACCOUNT_LOCKED);
            assertThat(disabled.text("#errorText")).isEqualTo(AdfsErrorTexts.ACCOUNT_DISABLED);
            assertThat(adfs.requestLog().withOutcome(Outcome.ACCOUNT_LOCKED)).hasSize(1);
            assertThat(adfs.requestLog().withOutcome(Outcome.ACCOUNT_DISABLED)).singleElement()
                    .satisfies(e -> assertThat(e.user()).contains("carol@example.test"));
        }
    }

    @Test
    void extranetLockoutWhenThresholdReachedThenRightPasswordIsRefusedUntilReset() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_3_0).extranetLockoutThreshold(2).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            for (int i = 0; i < 2; i++) {
                Walk.postCredentials(client, adfs, Walk.signInPage(client, adfs), "alice@example.test", "bad" + i);
            }
            Page locked = Walk.postCredentials(client, adfs, Walk.signInPage(client, adfs), "alice@example.test",
                    PASSWORD);
            assertThat(locked.text("#errorText")).isEqualTo(AdfsErrorTexts.ACCOUNT_LOCKED);
            assertThat(adfs.badPasswordCount("alice@example.test")).isEqualTo(2);
            assertThat(adfs.requestLog().passwordAttempts("alice@example.test")).isEqualTo(3);

            adfs.resetLockout("alice@example.test");
            Page ok = Walk.postCredentials(client, adfs, Walk.signInPage(client, adfs), "alice@example.test",
                    PASSWORD);
            assertThat(ok.status()).isEqualTo(302);
        }
    }

    @Test
    void postWhenBothFormsFieldsAreSentThenDuplicatePostParameterErrorPage() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2016).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Page signIn = Walk.signInPage(client, adfs);
            WebClient.Form naive = signIn.form("form#loginForm").set("UserName", "alice@example.test")
                    .set("Password", PASSWORD);
            // a naive client that collects every input of the page, as the bug reports describe
            signIn.form("form#options").fields().forEach(f -> naive.add(f.getKey(), f.getValue()));

            Page page = client.submit(naive);

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.text("#errorDetailsText")).isEqualTo("Duplicate post parameter \"UserName\".");
            assertThat(page.doc().select("input[name=SAMLResponse]")).isEmpty();
            RequestLog.Entry entry = adfs.requestLog().last().orElseThrow();
            assertThat(entry.outcome()).isEqualTo(Outcome.ERROR_PAGE);
            assertThat(entry.fieldNames()).containsExactly("UserName", "Password", "AuthMethod", "AuthMethod",
                    "UserName");
        }
    }

    @Test
    void postWhenAdfs30NaiveClientRepeatsOnlyAuthMethodThenSignInSucceeds() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_3_0).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Page signIn = Walk.signInPage(client, adfs);
            WebClient.Form naive = signIn.form("form#loginForm").set("UserName", "alice@example.test")
                    .set("Password", PASSWORD);
            signIn.form("form#options").fields().forEach(f -> naive.add(f.getKey(), f.getValue()));

            Page page = client.submit(naive);

            assertThat(naive.names()).containsExactly("UserName", "Password", "AuthMethod", "AuthMethod");
            assertThat(page.status()).isEqualTo(302);
            assertThat(adfs.requestLog().passwordAttempts("alice@example.test")).isEqualTo(1);
        }
    }

    @Test
    void signInFormWhenInspectedThenRelativeActionAndOptionsFormHoldsUserName() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Page signIn = Walk.signInPage(client, adfs);

            assertThat(signIn.doc().select("form#loginForm").attr("action"))
                    .startsWith("/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn%3Aamazon%3Awebservices&client-request-id=");
            assertThat(signIn.form("form#loginForm").names())
                    .containsExactly("UserName", "Password", "AuthMethod");
            assertThat(signIn.doc().select("form#options input#userNameInputOptionsHolder").attr("name"))
                    .isEqualTo("UserName");
            assertThat(signIn.doc().select("input#optionForms").attr("value")).isEqualTo("FormsAuthentication");
        }
    }

    @Test
    void requestLogWhenPasswordPostedThenKeepsFieldNamesButNeverThePassword() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_3_0).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Walk.postCredentials(client, adfs, Walk.signInPage(client, adfs), "alice@example.test", PASSWORD);

            RequestLog.Entry post = adfs.requestLog().entries().stream().filter(RequestLog.Entry::isPost)
                    .findFirst().orElseThrow();
            assertThat(post.fieldNames()).containsExactly("UserName", "Password", "AuthMethod");
            assertThat(post.fieldValues()).containsEntry("UserName", "alice@example.test")
                    .containsEntry("AuthMethod", "FormsAuthentication").doesNotContainKey("Password");
            assertThat(adfs.requestLog().entries().toString()).doesNotContain(PASSWORD);
            assertThat(adfs.requestLog().postCount("alice@example.test")).isEqualTo(1);
        }
    }

    @Test
    void pickerWhenAmazonChosenThenSignInLeadsToSamlResponse() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_3_0)
                .relyingParty("urn:federation:MicrosoftOnline", "Office 365").build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Page picker = client.get(adfs.pickerUrl());
            assertThat(picker.text("#idp_SignInThisSiteStatus")).isEqualTo("You are not signed in.");
            assertThat(picker.doc().select("#idp_RelyingPartyDropDownList option"))
                    .extracting(e -> e.attr("value") + "=" + e.text())
                    .containsExactly("urn:amazon:webservices=Amazon Web Services",
                            "urn:federation:MicrosoftOnline=Office 365");
            WebClient.Form choose = picker.form("form#idp_SignInForm")
                    .set("SignInOtherSite", picker.doc().select("#idp_OtherRpRadioButton").attr("value"))
                    .set("RelyingParty", "urn:amazon:webservices");

            Page signIn = client.submit(choose);
            Page after = client.submit(signIn.form("form#loginForm").set("UserName", "alice@example.test")
                    .set("Password", PASSWORD));

            assertThat(signIn.doc().select("form#loginForm").attr("action")).contains("loginToRp=urn%3Aamazon");
            assertThat(Walk.samlResponse(client.follow(after))).isNotEmpty();
            assertThat(adfs.requestLog().withOutcome(Outcome.RELYING_PARTY_PICKER)).hasSize(1);
        }
    }

    @Test
    void signOnWhenRelyingPartyUnknownThenErrorPage() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Page page = client.get(adfs.baseUri().resolve("/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:nope"));

            assertThat(page.text("#errorDetailsText"))
                    .isEqualTo("MSIS7007: The requested relying party trust 'urn:nope' is unspecified or unsupported.");
        }
    }

    @Test
    void setClockWhenMovedThenNextResponseIsIssuedAtNewTime() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Page after = Walk.postCredentials(client, adfs, Walk.signInPage(client, adfs), "alice@example.test",
                    PASSWORD);
            Instant later = Fixtures.NOW.plusSeconds(7200);
            adfs.setClock(Clock.fixed(later, ZoneOffset.UTC));

            String base64 = Walk.samlResponse(client.follow(after));

            assertThat(SamlResponse.parse(base64).issueInstant()).contains(later);
            assertThat(adfs.requestLog().last().orElseThrow().time()).isEqualTo(later);
        }
    }

    @Test
    void plainHttpWhenEnabledThenServesHttpOnLoopbackWithoutSecureCookies() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019).plainHttp(true).build().start();
             WebClient client = new WebClient(null)) {
            assertThat(adfs.baseUri().getScheme()).isEqualTo("http");
            Page after = Walk.postCredentials(client, adfs, Walk.signInPage(client, adfs), "alice", PASSWORD);

            assertThat(after.headerValues("Set-Cookie")).allSatisfy(c -> assertThat(c).doesNotContain("Secure"));
            assertThat(Walk.samlResponse(client.follow(after))).isNotEmpty();
        }
    }

    @Test
    void metadataWhenRequestedThenIdpFederationMetadata() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Page page = client.get(adfs.federationMetadataUrl());

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Type")).contains("text/xml; charset=utf-8");
            FederationMetadata metadata = FederationMetadata.parse(page.body().getBytes(StandardCharsets.UTF_8));
            assertThat(metadata.entityId()).isEqualTo(Fixtures.IDP.issuer());
            assertThat(metadata.signingCertificates()).containsExactly(Fixtures.IDP.certificate());
            assertThat(page.body()).contains("Location=\"" + adfs.baseUri() + "/adfs/ls/\"");
            assertThat(adfs.requestLog().last().orElseThrow().outcome()).isEqualTo(Outcome.METADATA);
        }
    }

    @Test
    void signInWhenKeepMeSignedInCheckedThenPersistentCookies() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_3_0).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Page signIn = Walk.signInPage(client, adfs);

            Page after = client.submit(signIn.form("form#loginForm").set("UserName", "alice@example.test")
                    .set("Password", PASSWORD).set("Kmsi", "true"));

            assertThat(after.headerValues("Set-Cookie")).hasSize(3)
                    .allSatisfy(c -> assertThat(c).contains("Max-Age=86400"));
        }
    }

    @Test
    void aspNetPostWhenViewStateIsNotThePagesThenErrorPageAndNoAttempt() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2_0).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Page signIn = Walk.signInPage(client, adfs);

            Page page = client.submit(signIn.form("form#aspnetForm").set("__VIEWSTATE", "forged")
                    .set("ctl00$ContentPlaceHolder1$UsernameTextBox", "alice@example.test")
                    .set("ctl00$ContentPlaceHolder1$PasswordTextBox", PASSWORD));

            assertThat(page.text("#errorDetailsText")).startsWith("Validation of viewstate MAC failed");
            assertThat(adfs.requestLog().passwordAttempts("alice@example.test")).isZero();
        }
    }

    @Test
    void pickerWhenSignInThisSiteChosenThenAfterSignInPickerSaysSignedIn() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2016).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Page picker = client.get(adfs.pickerUrl());
            Page signIn = client.submit(picker.form("form#idp_SignInForm"));
            assertThat(signIn.doc().select("form#loginForm").attr("action")).doesNotContain("loginToRp");

            Page after = client.submit(signIn.form("form#loginForm").set("UserName", "alice@example.test")
                    .set("Password", PASSWORD));
            Page signedIn = client.follow(after);

            assertThat(signedIn.text("#idp_SignInThisSiteStatus")).isEqualTo("You are signed in.");
            assertThat(adfs.requestLog().signInCount("alice@example.test")).isZero();
        }
    }
}
