package org.adfssaml.testkit.adfs;

import static org.adfssaml.testkit.adfs.Fixtures.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.adfssaml.core.SamlResponse;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.PageStyle;
import org.adfssaml.testkit.RequestLog.Outcome;
import org.adfssaml.testkit.adfs.WebClient.Page;
import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.NTCredentials;
import org.apache.hc.client5.http.auth.StandardAuthScheme;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.auth.NTLMSchemeFactory;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Windows integrated authentication with NTLM, driven by HttpClient 5's own NTLM scheme. */
@SuppressWarnings("deprecation") // HttpClient 5 deprecates NTLM, but it is what Java clients have
class AdfsEmulatorNtlmTest {

    static final String IE11 = "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko";

    private static WebClient ntlmClient(AdfsEmulator adfs, String user, String password, String domain) {
        BasicCredentialsProvider credentials = new BasicCredentialsProvider();
        credentials.setCredentials(new AuthScope(null, -1),
                new NTCredentials(user, password.toCharArray(), "WORKSTATION1", domain));
        return new WebClient(adfs.trustStore(), b -> b.setDefaultCredentialsProvider(credentials)
                .setDefaultAuthSchemeRegistry(RegistryBuilder.<AuthSchemeFactory>create()
                        .register(StandardAuthScheme.NTLM, NTLMSchemeFactory.INSTANCE).build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setTargetPreferredAuthSchemes(List.of(StandardAuthScheme.NTLM)).build()))
                .userAgent(IE11);
    }

    @Test
    void signOnWhenUserAgentIsIwaCapableThenChallengesNegotiateAndNtlm() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019).build().start();
             WebClient client = new WebClient(adfs.trustStore()).userAgent(IE11)) {
            Page page = client.get(adfs.signOnUrl());

            assertThat(page.status()).isEqualTo(401);
            assertThat(page.headerValues("WWW-Authenticate")).containsExactly("Negotiate", "NTLM");
            assertThat(adfs.requestLog().last().orElseThrow().outcome()).isEqualTo(Outcome.IWA_CHALLENGE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
                + " Edg/120.0.2210.61",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0 Safari/537.36"
                + " Edge/18.17763"})
    void signOnWhenUserAgentIsInWiaSupportedListThenChallenged(String userAgent) throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2016).build().start();
             WebClient client = new WebClient(adfs.trustStore()).userAgent(userAgent)) {
            assertThat(client.get(adfs.signOnUrl()).status()).isEqualTo(401);
        }
    }

    @Test
    void signOnWhenWindowsAuthDisabledThenFormsPageEvenForIe() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2016).windowsAuth(false).build().start();
             WebClient client = new WebClient(adfs.trustStore()).userAgent(IE11)) {
            assertThat(client.get(adfs.signOnUrl()).status()).isEqualTo(200);
        }
    }

    @Test
    void ntlmWhenUserHasMfaThenMfaPageAfterWindowsAuthentication() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019).build().start();
             WebClient client = ntlmClient(adfs, "dave", PASSWORD, "EXAMPLE")) {
            Page page = client.get(adfs.signOnUrl());

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.doc().select("form#loginForm input[name=AuthMethod]").attr("value"))
                    .isEqualTo("AzureMfaAuthentication");
            Page done = client.submit(page.form("form#loginForm").set("VerificationCode", "123456"));
            assertThat(Walk.samlResponse(client.follow(done))).isNotEmpty();
        }
    }

    @Test
    void signOnWhenUserAgentIsNotIwaCapableThenFormsPage() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019).build().start();
             WebClient client = new WebClient(adfs.trustStore())
                     .userAgent("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")) {
            Page page = client.get(adfs.signOnUrl());

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.doc().select("form#loginForm")).hasSize(1);
        }
    }

    @Test
    void ntlmWhenPasswordIsRightThenAuthenticatedAndSamlResponse() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019).build().start();
             WebClient client = ntlmClient(adfs, "alice", PASSWORD, "EXAMPLE")) {
            Page page = client.get(adfs.signOnUrl());

            assertThat(page.status()).isEqualTo(302);
            assertThat(client.cookie("MSISAuth")).isPresent();
            String response = Walk.samlResponse(client.follow(page));
            assertThat(SamlResponse.parse(response).roleSessionName()).contains("alice@example.test");
            assertThat(adfs.requestLog().entries()).extracting(e -> e.outcome() + " " + e.authScheme())
                    .containsExactly("IWA_CHALLENGE ", "IWA_CHALLENGE NTLM", "AUTHENTICATED NTLM",
                            "SAML_RESPONSE ");
            assertThat(adfs.requestLog().passwordAttempts("alice@example.test")).isEqualTo(1);
        }
    }

    @Test
    void ntlmWhenPasswordIsWrongThen401AndAttemptCounted() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019).build().start();
             WebClient client = ntlmClient(adfs, "alice", "not-the-password", "EXAMPLE")) {
            Page page = client.get(adfs.signOnUrl());

            assertThat(page.status()).isEqualTo(401);
            assertThat(client.cookie("MSISAuth")).isEmpty();
            assertThat(adfs.requestLog().withOutcome(Outcome.IWA_FAILED)).singleElement()
                    .satisfies(e -> assertThat(e.user()).contains("alice@example.test"));
            assertThat(adfs.requestLog().passwordAttempts("alice@example.test")).isEqualTo(1);
            assertThat(adfs.badPasswordCount("alice@example.test")).isEqualTo(1);
        }
    }

    @Test
    void ntlmWhenDomainIsForeignThenRefused() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019).build().start();
             WebClient client = ntlmClient(adfs, "alice", PASSWORD, "OTHERCORP")) {
            Page page = client.get(adfs.signOnUrl());

            assertThat(page.status()).isEqualTo(401);
            assertThat(adfs.requestLog().withOutcome(Outcome.IWA_FAILED)).hasSize(1);
        }
    }
}
