package org.adfssaml.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.adfssaml.core.SamlErrorCodes;
import org.adfssaml.core.SamlValidationException;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.AdfsUser;
import org.adfssaml.testkit.PageStyle;
import org.adfssaml.testkit.SamlResponseBuilder;
import org.adfssaml.testkit.StsEmulator;
import org.adfssaml.testkit.TestIdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * SAML validation by default, over real HTTPS: the AD FS emulator serves FederationMetadata.xml signed by its TestIdp,
 * the STS emulator trusts the same IdP.
 */
class AdfsCredentialsProviderTrustTest {
    private static final String USER = "alice@example.test";
    private static final String PASSWORD = "Correct-Horse-7";
    private static final String DEV = "arn:aws:iam::123456789012:role/AWS-Dev";
    private static final String PROVIDER = "arn:aws:iam::123456789012:saml-provider/ADFS";
    private static final String METADATA_PATH = "/FederationMetadata/2007-06/FederationMetadata.xml";

    private static TestIdp idp;
    private static TestIdp other;

    private AdfsEmulator adfs;
    private StsEmulator sts;
    private TinyServer metadataServer;

    @BeforeAll
    static void generateIdps() {
        idp = TestIdp.generate();
        other = TestIdp.generate();
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {metadataServer, sts, adfs}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private void start(Clock clock, Consumer<SamlResponseBuilder> customizer, TestIdp stsTrust) {
        adfs = AdfsEmulator.builder()
                           .idp(idp)
                           .pageStyle(PageStyle.ADFS_2019)
                           .clock(clock)
                           .responseCustomizer(customizer)
                           .user(AdfsUser.builder(USER).password(PASSWORD).roles(DEV + "," + PROVIDER).build())
                           .build()
                           .start();
        sts = StsEmulator.builder().trust(stsTrust).clock(clock).build().start();
    }

    private void start() {
        start(Clock.systemUTC(), r -> { }, idp);
    }

    private AdfsSignIn signIn() {
        return AdfsSignIn.builder()
                         .idpUrl(adfs.signOnUrl())
                         .username(USER)
                         .passwordSource(PASSWORD::toCharArray)
                         .trustStore(adfs.trustStore())
                         .build();
    }

    private AdfsCredentialsProvider.Builder provider() {
        return AdfsCredentialsProvider.builder().signIn(signIn()).stsEndpoint(sts.endpoint());
    }

    private long metadataRequests() {
        return adfs.requestLog().entries().stream().filter(e -> e.path().equals(METADATA_PATH)).count();
    }

    private static String metadataError(URI url, String cause) {
        return "Could not fetch the IdP's federation metadata from " + url + " to validate the SAML response: " + cause
               + "; configure trust with adfs_trust_metadata (a FederationMetadata.xml file or https URL) or "
               + "adfs_trust_cert (PEM token-signing certificates) in the profile, or trustMetadata / trustMetadataUrl / "
               + "trustCertificates on the builder; or turn SAML validation off explicitly with adfs_verify_saml = false / "
               + "skipSamlValidation()";
    }

    @Test
    void resolveCredentialsWhenNoTrustConfiguredThenIdpMetadataFetchedOnceOverTlsAndResponseValidated() {
        start();
        try (AdfsCredentialsProvider provider = provider().build()) {
            assertThat(metadataRequests()).isZero();

            provider.resolveCredentials();
            try (AdfsCredentialsProvider again = provider.toBuilder().build()) {
                again.resolveCredentials();
            }

            assertThat(sts.assumeRoleCalls()).isEqualTo(2);
            // one fetch per provider: the copy has its own cache
            assertThat(metadataRequests()).isEqualTo(2);
            assertThat(provider.toString()).contains("samlValidation=metadata " + adfs.baseUri().resolve(METADATA_PATH));
        }
    }

    @Test
    void resolveCredentialsWhenCredentialsRefreshedThenSignsInAgainButReusesTheMetadata() {
        // credentials issued on a clock 13.5 minutes behind expire 90 s from now: the next call refreshes them
        MutableClock behind = MutableClock.behindRealTime(Duration.ofSeconds(900 - 90));
        start(behind, r -> { }, idp);
        try (AdfsCredentialsProvider provider = provider().clock(behind).duration(Duration.ofMinutes(15)).build()) {
            AwsSessionCredentials first = provider.resolveCredentials();
            AwsSessionCredentials second = provider.resolveCredentials();

            assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
            assertThat(adfs.requestLog().passwordAttempts(USER)).isEqualTo(2);
            assertThat(sts.assumeRoleCalls()).isEqualTo(2);
            assertThat(metadataRequests()).isEqualTo(1);
        }
    }

    @Test
    void resolveCredentialsWhenResponseSignedByAnotherKeyThenUntrustedSignerAfterOneRefetchAndNoStsCall() {
        start(Clock.systemUTC(), r -> r.signWith(other), idp);
        try (AdfsCredentialsProvider provider = provider().build()) {
            assertThatThrownBy(provider::resolveCredentials)
                .isInstanceOfSatisfying(SamlValidationException.class, e -> {
                    assertThat(e.hasCode(SamlErrorCodes.UNTRUSTED_SIGNER)).isTrue();
                    assertThat(e.errors()).extracting(org.adfssaml.core.SamlError::code)
                                          .containsOnly(SamlErrorCodes.UNTRUSTED_SIGNER);
                });

            assertThat(sts.assumeRoleCalls()).isZero();
            assertThat(metadataRequests()).isEqualTo(2);
        }
    }

    @Test
    void resolveCredentialsWhenMetadataRolledOverThenRefetchedOnceAndResponseAccepted() throws IOException {
        start();
        AtomicReference<String> served = new AtomicReference<>(other.federationMetadataXml());
        metadataServer = new TinyServer(r -> {
            String xml = served.get();
            // the next request sees AD FS's new certificate
            served.set(idp.federationMetadataXml());
            return TinyServer.Answer.page(xml);
        });
        try (AdfsCredentialsProvider provider = provider().trustMetadataUrl(metadataServer.uri("/md.xml")).build()) {
            provider.resolveCredentials();

            assertThat(metadataServer.requests()).hasSize(2);
            assertThat(sts.assumeRoleCalls()).isEqualTo(1);
            assertThat(metadataRequests()).isZero();
        }
    }

    @Test
    void resolveCredentialsWhenMetadataRedirectsToAnotherOriginThenRefusedAndNoStsCall() throws IOException {
        start();
        metadataServer = new TinyServer(r -> TinyServer.Answer.redirect("http://localhost:1/elsewhere.xml"));
        URI url = metadataServer.uri("/md.xml");
        String origin = "http://127.0.0.1:" + url.getPort();
        try (AdfsCredentialsProvider provider = provider().trustMetadataUrl(url).build()) {
            assertThatThrownBy(provider::resolveCredentials)
                .isInstanceOf(AdfsSignInException.class)
                .hasMessage(metadataError(url, "Refusing to send to redirect http://localhost:1/elsewhere.xml: it leaves the "
                                               + "IdP origin " + origin + " (found http://localhost:1); "
                                               + "credentials are only sent to the IdP"));
            assertThat(sts.assumeRoleCalls()).isZero();
        }
    }

    @Test
    void resolveCredentialsWhenMetadataUrlAnswers404ThenErrorNamesUrlAndHowToConfigureTrust() throws IOException {
        start();
        metadataServer = new TinyServer(r -> new TinyServer.Answer(404, null, "not here"));
        URI url = metadataServer.uri(METADATA_PATH);
        try (AdfsCredentialsProvider provider = provider().trustMetadataUrl(url).build()) {
            assertThatThrownBy(provider::resolveCredentials)
                .isInstanceOf(AdfsSignInException.class)
                .hasMessage(metadataError(url, "expected HTTP 200 with the metadata XML, found HTTP 404 from " + url));
            assertThat(sts.assumeRoleCalls()).isZero();
        }
    }

    @Test
    void resolveCredentialsWhenMetadataTlsNotTrustedThenErrorNamesUrl() {
        start();
        // without an AdfsSignIn to take TLS trust from, the fetch has only the JDK's: the emulator's CA is not in it
        AdfsSignIn trusting = signIn();
        try (AdfsCredentialsProvider provider = AdfsCredentialsProvider.builder()
                                                                       .samlSource(trusting::signIn, "sign-in")
                                                                       .trustMetadataUrl(trusting.federationMetadataUrl())
                                                                       .stsEndpoint(sts.endpoint())
                                                                       .build()) {
            assertThatThrownBy(provider::resolveCredentials)
                .isInstanceOf(AdfsSignInException.class)
                .hasMessageStartingWith("Could not fetch the IdP's federation metadata from "
                                        + trusting.federationMetadataUrl() + " to validate the SAML response: TLS handshake")
                .hasMessageContaining("adfs_verify_saml = false");
            assertThat(sts.assumeRoleCalls()).isZero();
        }
    }

    @Test
    void fetchFederationMetadataWhenIdpServesItThenSigningCertificateOfTheIdpOverTheSignInsTls() {
        start();
        AdfsSignIn signIn = signIn();

        assertThat(signIn.federationMetadataUrl()).isEqualTo(adfs.baseUri().resolve(METADATA_PATH));
        assertThat(signIn.fetchFederationMetadata().signingCertificates()).containsExactly(idp.certificate());
        assertThat(adfs.requestLog().passwordAttempts(USER)).isZero();
    }

    @Test
    void resolveCredentialsWhenIdpPostsAnUndecodableSamlResponseThenSamlValidationExceptionAndNoFetch() throws IOException {
        start();
        metadataServer = new TinyServer(r -> TinyServer.Answer.page(
            "<html><body><form method=\"post\" action=\"https://signin.aws.amazon.com/saml\">"
            + "<input type=\"hidden\" name=\"SAMLResponse\" value=\"bm90IGEgU0FNTCByZXNwb25zZQ==\"/></form></body></html>"));
        AdfsSignIn signIn = AdfsSignIn.builder()
                                      .idpUrl(metadataServer.uri("/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:amazon:webservices"))
                                      .username(USER)
                                      .passwordSource(PASSWORD::toCharArray)
                                      .build();
        try (AdfsCredentialsProvider provider = AdfsCredentialsProvider.builder().signIn(signIn)
                                                                       .stsEndpoint(sts.endpoint()).build()) {
            assertThatThrownBy(provider::resolveCredentials)
                .isInstanceOfSatisfying(SamlValidationException.class,
                                        e -> assertThat(e.hasCode(SamlErrorCodes.MALFORMED_RESPONSE)).isTrue());
        }
        assertThat(metadataServer.requests()).extracting(TinyServer.Request::pathAndQuery)
                                             .containsExactly("/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:amazon:webservices");
        assertThat(sts.assumeRoleCalls()).isZero();
    }

    @Test
    void buildWhenMetadataUrlIsPlainHttpToAnotherHostThenRefused() {
        assertThatThrownBy(() -> AdfsCredentialsProvider.builder()
                                                        .trustMetadataUrl(URI.create("http://adfs.example.com" + METADATA_PATH)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Invalid federation metadata URL http://adfs.example.com" + METADATA_PATH + ": expected an absolute "
                        + "https URL without user info (plain http only to a loopback host: localhost, 127.0.0.0/8, ::1)");
    }

    @Test
    void resolveCredentialsWhenValidationSkippedThenResponseFromAnyKeyGoesToStsAndWarningLoggedOnce() {
        start(Clock.systemUTC(), r -> r.signWith(other), other);
        String log;
        try (LogCapture capture = new LogCapture();
             AdfsCredentialsProvider provider = provider().skipSamlValidation().build()) {
            provider.resolveCredentials();
            log = capture.text();
        }

        assertThat(sts.assumeRoleCalls()).isEqualTo(1);
        assertThat(metadataRequests()).isZero();
        assertThat(log.split("SAML response validation is turned off", -1)).hasSize(2);
        assertThat(log).contains("WARN", "SAML response validation is turned off for " + signIn()
                                         + " (skipSamlValidation / adfs_verify_saml = false)");
    }

    @Test
    void buildWhenSkipCombinedWithTrustThenErrorNamesBoth() {
        assertThatThrownBy(() -> AdfsCredentialsProvider.builder()
                                                        .samlSource(() -> null, "test")
                                                        .trustedCertificates(List.of(idp.certificate()))
                                                        .skipSamlValidation()
                                                        .build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Conflicting SAML validation settings: expected either trust (trustMetadata, trustMetadataUrl, "
                        + "trustCertificates, samlValidator) or skipSamlValidation(), found both");
    }

    @Test
    void buildWhenNoSignInOriginAndNoTrustThenErrorSaysHowToConfigureTrust() {
        assertThatThrownBy(() -> AdfsCredentialsProvider.builder().samlSource(() -> null, "test").build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("No trust for the SAML response's signature: expected certificates or a federation "
                                    + "metadata URL, found none; configure trust with adfs_trust_metadata");
    }

    @Test
    void resolveCredentialsWhenTrustFromPemAndMetadataFilesThenNoFetchAndValid(@TempDir Path dir) throws IOException {
        start();
        Path pem = Files.writeString(dir.resolve("signing.pem"), other.certificatePem());
        Path metadata = Files.writeString(dir.resolve("FederationMetadata.xml"), idp.federationMetadataXml());
        try (AdfsCredentialsProvider provider = provider().trustCertificates(pem).trustMetadata(metadata).build()) {
            provider.resolveCredentials();

            assertThat(sts.assumeRoleCalls()).isEqualTo(1);
            assertThat(metadataRequests()).isZero();
            assertThat(provider.toString()).contains("samlValidation=2 pinned certificates");
        }
    }

    @Test
    void resolveCredentialsWhenAudienceDestinationAndRecipientWrongThenAllReportedAndNoStsCall() {
        start(Clock.systemUTC(), r -> r.audience("urn:example:other")
                                       .destination("https://evil.example.test/saml")
                                       .recipient("https://evil.example.test/saml"), idp);
        try (AdfsCredentialsProvider provider = provider().build()) {
            assertThatThrownBy(provider::resolveCredentials)
                .isInstanceOfSatisfying(SamlValidationException.class, e ->
                    assertThat(e.errors()).extracting(org.adfssaml.core.SamlError::code)
                                          .containsExactlyInAnyOrder(SamlErrorCodes.WRONG_AUDIENCE,
                                                                     SamlErrorCodes.WRONG_DESTINATION,
                                                                     SamlErrorCodes.WRONG_RECIPIENT));
            assertThat(sts.assumeRoleCalls()).isZero();
        }
    }

    @Test
    void resolveCredentialsWhenIdpClockYearsAheadThenValidOnlyWithTheProviderClock() {
        Clock future = Clock.fixed(Instant.parse("2041-03-04T05:06:07Z"), ZoneOffset.UTC);
        start(future, r -> { }, idp);

        try (AdfsCredentialsProvider systemClock = provider().build()) {
            assertThatThrownBy(systemClock::resolveCredentials)
                .isInstanceOfSatisfying(SamlValidationException.class,
                                        e -> assertThat(e.hasCode(SamlErrorCodes.NOT_YET_VALID)).isTrue());
        }
        assertThat(sts.assumeRoleCalls()).isZero();

        try (AdfsCredentialsProvider idpClock = provider().clock(future).build()) {
            idpClock.resolveCredentials();
        }
        assertThat(sts.assumeRoleCalls()).isEqualTo(1);
    }
}
