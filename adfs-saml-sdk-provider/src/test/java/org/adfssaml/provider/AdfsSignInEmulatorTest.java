package org.adfssaml.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.adfssaml.core.AwsRole;
import org.adfssaml.core.SamlResponse;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.AdfsErrorTexts;
import org.adfssaml.testkit.AdfsUser;
import org.adfssaml.testkit.MfaKind;
import org.adfssaml.testkit.PageStyle;
import org.adfssaml.testkit.RequestLog;
import org.adfssaml.testkit.TestIdp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** End-to-end sign-ins over real HTTPS against the testkit's AD FS emulator. */
class AdfsSignInEmulatorTest {
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/AWS-Dev";
    private static final String PROVIDER_ARN = "arn:aws:iam::123456789012:saml-provider/ADFS";
    private static final String PASSWORD = "Correct-Horse-7";
    private static TestIdp idp;

    @BeforeAll
    static void idp() {
        idp = TestIdp.generate();
    }

    private static AdfsUser.Builder alice() {
        return AdfsUser.builder("alice@example.test").password(PASSWORD).roles(ROLE_ARN + "," + PROVIDER_ARN);
    }

    private static AdfsEmulator start(AdfsEmulator.Builder b) {
        return b.idp(idp).build().start();
    }

    private static AdfsSignIn.Builder client(AdfsEmulator adfs, String password) {
        return AdfsSignIn.builder()
                .idpUrl(adfs.signOnUrl())
                .username("alice@example.test")
                .passwordSource(password::toCharArray)
                .trustStore(adfs.trustStore());
    }

    @ParameterizedTest
    @EnumSource(PageStyle.class)
    void formsSignInWhenPageStyleThenSamlResponseWithTheUsersRoleAndNoDuplicateFields(PageStyle style) {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().pageStyle(style).user(alice().build()))) {
            SamlResponse response = client(adfs, PASSWORD).build().signIn();

            assertThat(response.roles()).containsExactly(AwsRole.of(ROLE_ARN, PROVIDER_ARN));
            assertThat(adfs.requestLog().signInCount("alice@example.test")).isEqualTo(1);
            assertThat(adfs.requestLog().passwordAttempts("alice@example.test")).isEqualTo(1);
            for (RequestLog.Entry post : adfs.requestLog().entries().stream().filter(RequestLog.Entry::isPost).toList()) {
                assertThat(post.fieldNames()).doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void signInWhenOnlyTheBaseUrlIsGivenThenDefaultSignOnPathIsUsed() {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().pageStyle(PageStyle.ADFS_2016).user(alice().build()))) {
            AdfsSignIn signIn = client(adfs, PASSWORD).idpUrl(adfs.baseUri()).build();

            assertThat(signIn.entryUrl().getPath()).isEqualTo("/adfs/ls/IdpInitiatedSignOn.aspx");
            assertThat(signIn.entryUrl().getQuery()).isEqualTo("loginToRp=urn:amazon:webservices");
            assertThat(signIn.signIn().roles()).containsExactly(AwsRole.of(ROLE_ARN, PROVIDER_ARN));
        }
    }

    @Test
    void pickerWhenRelyingPartyGivenByDisplayNameThenChosenAndSignedIn() {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().pageStyle(PageStyle.ADFS_2019).user(alice().build())
                .relyingParty("urn:example:wiki", "Wiki"))) {
            SamlResponse response = client(adfs, PASSWORD).idpUrl(adfs.pickerUrl()).relyingParty("Amazon Web Services").build()
                    .signIn();

            assertThat(response.roles()).containsExactly(AwsRole.of(ROLE_ARN, PROVIDER_ARN));
        }
    }

    @Test
    void pickerWhenRelyingPartyNotOfferedThenErrorListsTheOfferedOnes() {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().pageStyle(PageStyle.ADFS_2019).user(alice().build())
                .relyingParty("urn:example:wiki", "Wiki"))) {
            AdfsSignIn signIn = client(adfs, PASSWORD).idpUrl(adfs.pickerUrl()).relyingParty("urn:example:nope").build();

            assertThatThrownBy(signIn::signIn)
                    .isExactlyInstanceOf(AdfsSignInException.class)
                    .hasMessageStartingWith("The relying party 'urn:example:nope' is not offered on the picker page ")
                    .hasMessageEndingWith("offered [Amazon Web Services (urn:amazon:webservices), Wiki (urn:example:wiki)]");
            assertThat(adfs.requestLog().passwordAttempts("alice@example.test")).isZero();
        }
    }

    @Test
    void wrongPasswordWhenSignInRepeatedThenExactlyOnePasswordPostUntilThePasswordChanges() {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().pageStyle(PageStyle.ADFS_2016).user(alice().build()))) {
            AtomicReference<String> typed = new AtomicReference<>("wrong-password");
            AdfsSignIn signIn = client(adfs, PASSWORD).passwordSource(() -> typed.get().toCharArray()).build();

            assertThatThrownBy(signIn::signIn)
                    .isInstanceOfSatisfying(AdfsAuthenticationException.class, e -> {
                        assertThat(e.reason()).isEqualTo(AdfsAuthenticationException.Reason.PASSWORD_REFUSED);
                        assertThat(e.idpErrorText()).contains(AdfsErrorTexts.WRONG_PASSWORD);
                        assertThat(e).hasMessage("The IdP refused the sign-in of alice@example.test: " + AdfsErrorTexts.WRONG_PASSWORD);
                    });
            int requestsAfterRefusal = adfs.requestLog().entries().size();
            for (int i = 0; i < 20; i++) {
                assertThatThrownBy(signIn::signIn)
                        .isInstanceOfSatisfying(AdfsAuthenticationException.class, e -> {
                            assertThat(e.reason()).isEqualTo(AdfsAuthenticationException.Reason.REMEMBERED_REFUSAL);
                            assertThat(e.idpErrorText()).contains(AdfsErrorTexts.WRONG_PASSWORD);
                        });
            }
            assertThat(adfs.requestLog().passwordAttempts("alice@example.test")).isEqualTo(1);
            assertThat(adfs.requestLog().postCount("alice@example.test")).isEqualTo(1);
            assertThat(adfs.requestLog().entries()).hasSize(requestsAfterRefusal);

            typed.set(PASSWORD);
            assertThat(signIn.signIn().roles()).containsExactly(AwsRole.of(ROLE_ARN, PROVIDER_ARN));
            assertThat(adfs.requestLog().passwordAttempts("alice@example.test")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(value = MfaKind.class, names = {"AZURE_MFA_CODE", "VIP", "RSA_SECURID"})
    void mfaCodeWhenHandlerAnswersThenCodePostedIntoTheAdaptersFieldAndSignedIn(MfaKind kind) {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().pageStyle(PageStyle.ADFS_2019)
                .user(alice().mfa(kind, "314159").build()))) {
            List<MfaChallenge> seen = new ArrayList<>();
            SamlResponse response = client(adfs, PASSWORD).mfaHandler(c -> {
                seen.add(c);
                return "314159".toCharArray();
            }).build().signIn();

            assertThat(response.roles()).containsExactly(AwsRole.of(ROLE_ARN, PROVIDER_ARN));
            assertThat(seen).hasSize(1).first().isInstanceOfSatisfying(MfaChallenge.CodeEntry.class, c -> {
                assertThat(c.adapter()).isEqualTo(kind.authMethod());
                assertThat(c.fieldName()).isEqualTo(kind.codeField().orElseThrow());
            });
        }
    }

    @Test
    void mfaCodeWhenWrongThenMfaRefusedWithIdpTextAndPasswordNotRemembered() {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().pageStyle(PageStyle.ADFS_2016)
                .user(alice().mfa(MfaKind.AZURE_MFA_CODE, "314159").build()))) {
            AdfsSignIn signIn = client(adfs, PASSWORD).mfaHandler(MfaHandler.codes("000000"::toCharArray)).build();

            assertThatThrownBy(signIn::signIn)
                    .isInstanceOfSatisfying(AdfsAuthenticationException.class, e -> {
                        assertThat(e.reason()).isEqualTo(AdfsAuthenticationException.Reason.MFA_REFUSED);
                        assertThat(e.idpErrorText()).contains(AdfsErrorTexts.WRONG_MFA_CODE);
                    });
            // a wrong code is not a wrong password: the next attempt contacts AD FS again
            assertThatThrownBy(signIn::signIn)
                    .isInstanceOfSatisfying(AdfsAuthenticationException.class,
                            e -> assertThat(e.reason()).isEqualTo(AdfsAuthenticationException.Reason.MFA_REFUSED));
            assertThat(adfs.requestLog().passwordAttempts("alice@example.test")).isEqualTo(2);
        }
    }

    @Test
    void mfaWhenDefaultHandlerThenDeclinedWithoutPostingACode() {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().pageStyle(PageStyle.ADFS_2016)
                .user(alice().mfa(MfaKind.VIP, "314159").build()))) {
            assertThatThrownBy(client(adfs, PASSWORD).build()::signIn)
                    .isInstanceOfSatisfying(AdfsAuthenticationException.class,
                            e -> assertThat(e.reason()).isEqualTo(AdfsAuthenticationException.Reason.MFA_DECLINED))
                    .hasMessage("The MFA handler declined the VIPAuthenticationProviderUPN code challenge");
        }
    }

    @Test
    void pushNumberMatchWhenApprovedAfterPollsThenHandlerSawTheNumberAndSignedIn() {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().pageStyle(PageStyle.ADFS_2019)
                .user(alice().mfa(MfaKind.AZURE_MFA_PUSH).pushApprovedAfterPolls(3).build()))) {
            List<MfaChallenge> seen = new ArrayList<>();
            SamlResponse response = client(adfs, PASSWORD).mfaPollInterval(Duration.ofMillis(20)).mfaHandler(c -> {
                seen.add(c);
                return new char[0];
            }).build().signIn();

            assertThat(response.roles()).containsExactly(AwsRole.of(ROLE_ARN, PROVIDER_ARN));
            assertThat(seen).hasSize(1).first().isInstanceOfSatisfying(MfaChallenge.Push.class, p -> {
                assertThat(p.adapter()).isEqualTo("AzureMfaAuthentication");
                assertThat(p.number()).hasValueSatisfying(n -> assertThat(n).containsOnlyDigits());
            });
        }
    }

    @Test
    void pushWhenNeverApprovedThenMfaTimeout() {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().pageStyle(PageStyle.ADFS_2019)
                .user(alice().mfa(MfaKind.AZURE_MFA_PUSH).pushApprovedAfterPolls(100_000).build()))) {
            AdfsSignIn signIn = client(adfs, PASSWORD).mfaPollInterval(Duration.ofMillis(20)).mfaTimeout(Duration.ofMillis(300))
                    .mfaHandler(c -> new char[0]).build();

            assertThatThrownBy(signIn::signIn)
                    .isInstanceOfSatisfying(AdfsAuthenticationException.class,
                            e -> assertThat(e.reason()).isEqualTo(AdfsAuthenticationException.Reason.MFA_TIMEOUT))
                    .hasMessage("The AzureMfaAuthentication approval did not arrive within PT0.3S for alice@example.test");
        }
    }

    @Test
    void pushWhenDeniedOnTheDeviceThenMfaRefusedWithIdpText() {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().pageStyle(PageStyle.ADFS_2016)
                .user(alice().mfa(MfaKind.AZURE_MFA_PUSH).pushDenied().build()))) {
            AdfsSignIn signIn = client(adfs, PASSWORD).mfaPollInterval(Duration.ofMillis(20)).mfaHandler(c -> new char[0]).build();

            assertThatThrownBy(signIn::signIn)
                    .isInstanceOfSatisfying(AdfsAuthenticationException.class, e -> {
                        assertThat(e.reason()).isEqualTo(AdfsAuthenticationException.Reason.MFA_REFUSED);
                        assertThat(e.idpErrorText()).contains(AdfsErrorTexts.PUSH_DENIED);
                    });
        }
    }

    @Test
    void duoWhenSignedInThenUnsupportedMfaAdapterError() {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().pageStyle(PageStyle.ADFS_2016)
                .user(alice().mfa(MfaKind.DUO).build()))) {
            assertThatThrownBy(client(adfs, PASSWORD).build()::signIn)
                    .isExactlyInstanceOf(AdfsSignInException.class)
                    .hasMessageStartingWith("unsupported MFA adapter DuoAdfsAdapter on ")
                    .hasMessageContaining("forms [#duo_form, #options], AuthMethod [DuoAdfsAdapter]");
        }
    }

    @Test
    void lockedAccountWhenSignInThenPasswordRefusedWithIdpText() {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().pageStyle(PageStyle.ADFS_3_0).user(alice().locked().build()))) {
            assertThatThrownBy(client(adfs, PASSWORD).build()::signIn)
                    .isInstanceOfSatisfying(AdfsAuthenticationException.class,
                            e -> assertThat(e.idpErrorText()).contains(AdfsErrorTexts.ACCOUNT_LOCKED));
        }
    }

    @Test
    void tlsWhenServerCaIsNotTrustedThenRefusedBeforeAnyRequestIsProcessed() {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().user(alice().build()))) {
            AdfsSignIn signIn = AdfsSignIn.builder().idpUrl(adfs.signOnUrl()).username("alice@example.test")
                    .passwordSource(PASSWORD::toCharArray).build();

            assertThatThrownBy(signIn::signIn)
                    .isExactlyInstanceOf(AdfsSignInException.class)
                    .hasMessageStartingWith("TLS handshake with " + "https://localhost:" + adfs.baseUri().getPort()
                            + " failed: the server certificate is not trusted")
                    .hasMessageEndingWith("give the corporate CA with caBundle(PEM) or trustStore(KeyStore)");
            assertThat(adfs.requestLog().entries()).isEmpty();
        }
    }

    @Test
    void tlsWhenCaBundlePemGivenThenTrustedAndSignedIn(@TempDir Path dir) throws Exception {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().user(alice().build()))) {
            Path pem = Files.writeString(dir.resolve("corporate-ca.pem"), adfs.caCertificatePem());
            AdfsSignIn signIn = AdfsSignIn.builder().idpUrl(adfs.signOnUrl()).username("alice@example.test")
                    .passwordSource(PASSWORD::toCharArray).caBundle(pem).build();

            assertThat(signIn.signIn().roles()).containsExactly(AwsRole.of(ROLE_ARN, PROVIDER_ARN));
        }
    }

    @Test
    void tlsWhenCaBundleRemovedAfterBuildThenTheCertificatesReadAtBuildStillTrusted(@TempDir Path dir) throws Exception {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().user(alice().build()))) {
            Path pem = Files.writeString(dir.resolve("corporate-ca.pem"), adfs.caCertificatePem());
            AdfsSignIn signIn = AdfsSignIn.builder().idpUrl(adfs.signOnUrl()).username("alice@example.test")
                    .passwordSource(PASSWORD::toCharArray).caBundle(pem).build();
            // the bundle is read once, when the sign-in is configured; the TLS context is built later from that read
            Files.delete(pem);

            assertThat(signIn.signIn().roles()).containsExactly(AwsRole.of(ROLE_ARN, PROVIDER_ARN));
            assertThat(signIn.tlsContextBuilds()).isEqualTo(1);
        }
    }

    @Test
    void tlsContextWhenTwoSignInsAndAMetadataFetchThenBuiltOnceOnFirstUseAndReused(@TempDir Path dir) throws Exception {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().user(alice().build()))) {
            Path pem = Files.writeString(dir.resolve("corporate-ca.pem"), adfs.caCertificatePem());
            AdfsSignIn signIn = AdfsSignIn.builder().idpUrl(adfs.signOnUrl()).username("alice@example.test")
                    .passwordSource(PASSWORD::toCharArray).caBundle(pem).build();
            assertThat(signIn.tlsContextBuilds()).isZero();

            SamlResponse first = signIn.signIn();
            SamlResponse second = signIn.signIn();
            signIn.fetchFederationMetadata();

            assertThat(signIn.tlsContextBuilds()).isEqualTo(1);
            assertThat(first.roles()).containsExactly(AwsRole.of(ROLE_ARN, PROVIDER_ARN));
            assertThat(second.responseId()).isNotEqualTo(first.responseId());
            assertThat(adfs.requestLog().signInCount("alice@example.test")).isEqualTo(2);
        }
    }

    @Test
    void plainHttpWhenLoopbackThenAllowedAndSignedIn() {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().plainHttp(true).user(alice().build()))) {
            assertThat(adfs.signOnUrl().getScheme()).isEqualTo("http");
            AdfsSignIn signIn = AdfsSignIn.builder().idpUrl(adfs.signOnUrl()).username("alice@example.test")
                    .passwordSource(PASSWORD::toCharArray).build();

            assertThat(signIn.signIn().roles()).containsExactly(AwsRole.of(ROLE_ARN, PROVIDER_ARN));
        }
    }

    @Test
    void ntlmWhenDomainCredentialsThenSignedInWithoutAnyFormPost() {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().user(alice().build()))) {
            SamlResponse response = client(adfs, PASSWORD).authMethod(AuthMethod.NTLM).username("EXAMPLE\\alice").build().signIn();

            assertThat(response.roles()).containsExactly(AwsRole.of(ROLE_ARN, PROVIDER_ARN));
            assertThat(adfs.requestLog().entries().stream().filter(RequestLog.Entry::isPost)).isEmpty();
            assertThat(adfs.requestLog().entries()).anySatisfy(e -> assertThat(e.authScheme()).isEqualTo("NTLM"));
        }
    }

    @Test
    void ntlmWhenWrongPasswordThenRefusedOnceAndRemembered() {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().user(alice().build()))) {
            AdfsSignIn signIn = client(adfs, "wrong").authMethod(AuthMethod.NTLM).username("EXAMPLE\\alice").build();

            assertThatThrownBy(signIn::signIn).isInstanceOfSatisfying(AdfsAuthenticationException.class,
                    e -> assertThat(e.reason()).isEqualTo(AdfsAuthenticationException.Reason.INTEGRATED_AUTH_REFUSED));
            assertThatThrownBy(signIn::signIn).isInstanceOfSatisfying(AdfsAuthenticationException.class,
                    e -> assertThat(e.reason()).isEqualTo(AdfsAuthenticationException.Reason.REMEMBERED_REFUSAL));
            assertThat(adfs.requestLog().passwordAttempts("alice@example.test")).isEqualTo(1);
        }
    }

    @Test
    void readTimeoutWhenIdpIsSlowerThenTransportErrorNamingTheUrl() {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().user(alice().build()))) {
            adfs.delayNext(Duration.ofSeconds(3));
            AdfsSignIn signIn = client(adfs, PASSWORD).readTimeout(Duration.ofMillis(300)).build();

            assertThatThrownBy(signIn::signIn)
                    .isExactlyInstanceOf(AdfsSignInException.class)
                    .hasMessageStartingWith("Could not reach the IdP at " + adfs.baseUri().resolve("/adfs/ls/IdpInitiatedSignOn.aspx") + ": ")
                    .hasMessageContaining("timed out");
        }
    }

    @Test
    void serverErrorWhenIdpAnswers503ThenErrorNamesThePageAndStatus() {
        try (AdfsEmulator adfs = start(AdfsEmulator.builder().user(alice().build()))) {
            adfs.failNext(503);

            assertThatThrownBy(client(adfs, PASSWORD).build()::signIn)
                    .isExactlyInstanceOf(AdfsSignInException.class)
                    .hasMessageStartingWith("Cannot act on the page " + adfs.baseUri().resolve("/adfs/ls/IdpInitiatedSignOn.aspx"))
                    .hasMessageContaining("(HTTP 503)");
            assertThat(adfs.requestLog().passwordAttempts("alice@example.test")).isZero();
        }
    }
}
