package org.adfssaml.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.adfssaml.core.AwsRole;
import org.adfssaml.testkit.TestIdp;
import org.junit.jupiter.api.Test;

/** Origin, scheme, size and redirect guards, unknown-page errors, and the generic IdP form, against loopback servers. */
class AdfsSignInGuardsTest {
    private static final String LOGIN_PATH = "/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:amazon:webservices";

    private static String loginPage(String action) {
        return "<html><head><title>Sign In</title></head><body>"
                + "<form method=\"post\" id=\"loginForm\" action=\"" + action + "\">"
                + "<input id=\"userNameInput\" name=\"UserName\" type=\"email\" value=\"\">"
                + "<input id=\"passwordInput\" name=\"Password\" type=\"password\">"
                + "<input id=\"optionForms\" type=\"hidden\" name=\"AuthMethod\" value=\"FormsAuthentication\">"
                + "</form></body></html>";
    }

    private static AdfsSignIn.Builder client(TinyServer idp) {
        return AdfsSignIn.builder().idpUrl(idp.uri(LOGIN_PATH)).username("alice@example.test")
                .passwordSource("S3cret pass&word"::toCharArray);
    }

    @Test
    void formActionWhenItLeavesTheIdpOriginThenRefusedBeforeSending() throws Exception {
        try (TinyServer evil = new TinyServer(r -> TinyServer.Answer.page("stolen"));
             TinyServer idp = new TinyServer(r -> TinyServer.Answer.page(loginPage(evil.uri("/steal").toString())))) {
            String idpOrigin = "http://127.0.0.1:" + idp.uri("/").getPort();
            String evilOrigin = "http://127.0.0.1:" + evil.uri("/").getPort();

            assertThatThrownBy(client(idp).build()::signIn)
                    .isExactlyInstanceOf(AdfsSignInException.class)
                    .hasMessage("Refusing to send to form action " + evilOrigin + "/steal: it leaves the IdP origin " + idpOrigin
                            + " (found " + evilOrigin + "); credentials are only sent to the IdP");
            assertThat(evil.requests()).isEmpty();
            assertThat(idp.requests()).extracting(TinyServer.Request::method).containsExactly("GET");
        }
    }

    @Test
    void redirectWhenItLeavesTheIdpOriginThenRefusedBeforeFollowing() throws Exception {
        try (TinyServer evil = new TinyServer(r -> TinyServer.Answer.page(loginPage("/x")));
             TinyServer idp = new TinyServer(r -> TinyServer.Answer.redirect(evil.uri("/adfs/ls/").toString()))) {
            assertThatThrownBy(client(idp).build()::signIn)
                    .isExactlyInstanceOf(AdfsSignInException.class)
                    .hasMessageStartingWith("Refusing to send to redirect http://127.0.0.1:" + evil.uri("/").getPort()
                            + "/adfs/ls/: it leaves the IdP origin");
            assertThat(evil.requests()).isEmpty();
        }
    }

    @Test
    void redirectsWhenMoreThanTheLimitThenTooManyRedirects() throws Exception {
        try (TinyServer idp = new TinyServer(r -> TinyServer.Answer.redirect("/loop"))) {
            assertThatThrownBy(client(idp).maxRedirects(3).build()::signIn)
                    .isExactlyInstanceOf(AdfsSignInException.class)
                    .hasMessage("Too many redirects: more than 3 starting at " + idp.uri("/adfs/ls/IdpInitiatedSignOn.aspx"));
            assertThat(idp.requests()).hasSize(4);
        }
    }

    @Test
    void responseWhenLargerThanTheLimitThenRefused() throws Exception {
        String big = "<html><body>" + "x".repeat(5000) + "</body></html>";
        try (TinyServer idp = new TinyServer(r -> TinyServer.Answer.page(big))) {
            assertThatThrownBy(client(idp).maxResponseBytes(4096).build()::signIn)
                    .isExactlyInstanceOf(AdfsSignInException.class)
                    .hasMessage("Response from " + idp.uri("/adfs/ls/IdpInitiatedSignOn.aspx") + " is " + big.length()
                            + " bytes, more than the limit of 4096 bytes");
        }
    }

    @Test
    void plainHttpWhenHostIsNotLoopbackThenBuilderRefuses() {
        assertThatThrownBy(() -> AdfsSignIn.builder().idpUrl("http://adfs.example.com").username("a")
                .passwordSource("p"::toCharArray).build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Refusing plain http to adfs.example.com: credentials are only sent over https "
                        + "(plain http is allowed for loopback hosts only: localhost, 127.0.0.0/8, ::1)");
    }

    @Test
    void unknownPageWhenReachedThenErrorNamesFormsAuthMethodTitleAndUrl() throws Exception {
        String page = "<html><head><title>Choose a method</title></head><body>"
                + "<form id=\"chooser\" method=\"post\"><input type=\"hidden\" name=\"AuthMethod\" value=\"CertificateAuthentication\"></form>"
                + "<form id=\"options\" method=\"post\"><input type=\"hidden\" name=\"AuthMethod\"></form></body></html>";
        try (TinyServer idp = new TinyServer(r -> TinyServer.Answer.page(page))) {
            assertThatThrownBy(client(idp).build()::signIn)
                    .isExactlyInstanceOf(AdfsSignInException.class)
                    .hasMessage("Cannot act on the page " + idp.uri("/adfs/ls/IdpInitiatedSignOn.aspx")
                            + " (title 'Choose a method', forms [#chooser, #options], AuthMethod [CertificateAuthentication]): "
                            + "expected a sign-in form, a relying-party picker, an MFA page or the SAMLResponse auto-post page")
                    .hasMessageNotContaining("SAMLResponse not found");
        }
    }

    @Test
    void wsFedAutoPostWhenReachedThenErrorSaysRelyingPartyIsWsFed() throws Exception {
        String page = "<html><head><title>Working...</title></head><body><form method=\"POST\" name=\"hiddenform\" action=\"https://rp/\">"
                + "<input type=\"hidden\" name=\"wa\" value=\"wsignin1.0\"><input type=\"hidden\" name=\"wresult\" value=\"x\"></form></body></html>";
        try (TinyServer idp = new TinyServer(r -> TinyServer.Answer.page(page))) {
            assertThatThrownBy(client(idp).build()::signIn)
                    .isExactlyInstanceOf(AdfsSignInException.class)
                    .hasMessageContaining("WS-Federation token (wresult)")
                    .hasMessageContaining("the relying party 'urn:amazon:webservices' is configured for WS-Federation, not SAML 2.0");
        }
    }

    @Test
    void genericIdpFormWhenSignedInThenUsernamePasswordAndEveryOtherFieldOfThatFormPosted() throws Exception {
        TestIdp testIdp = TestIdp.generate();
        String saml = testIdp.response().roles("arn:aws:iam::111122223333:role/Ops,arn:aws:iam::111122223333:saml-provider/KC")
                .base64();
        String login = "<html><head><title>Sign in to example</title></head><body>"
                + "<form id=\"kc-form-login\" action=\"/realms/example/login-actions/authenticate?execution=abc\" method=\"post\">"
                + "<input id=\"username\" name=\"username\" type=\"text\"><input id=\"password\" name=\"password\" type=\"password\">"
                + "<input type=\"hidden\" name=\"credentialId\" value=\"\"><input type=\"checkbox\" name=\"rememberMe\">"
                + "<input type=\"submit\" name=\"login\" value=\"Sign In\"></form>"
                + "<form id=\"locale\" method=\"get\" action=\"/lang\"><input type=\"hidden\" name=\"kc_locale\" value=\"en\"></form>"
                + "</body></html>";
        String success = "<html><body><form method=\"POST\" name=\"hiddenform\" action=\"https://signin.aws.amazon.com/saml\">"
                + "<input type=\"hidden\" name=\"SAMLResponse\" value=\"" + saml + "\"></form></body></html>";
        try (TinyServer idp = new TinyServer(r -> TinyServer.Answer.page(r.method().equals("POST") ? success : login))) {
            AdfsSignIn signIn = AdfsSignIn.builder().idpUrl(idp.uri("/realms/example/protocol/saml/clients/amazon-aws"))
                    .username("alice").passwordSource("S3cret pass&word"::toCharArray).build();

            assertThat(signIn.signIn().roles())
                    .containsExactly(AwsRole.of("arn:aws:iam::111122223333:role/Ops", "arn:aws:iam::111122223333:saml-provider/KC"));
            TinyServer.Request post = idp.requests().get(1);
            assertThat(post.pathAndQuery()).isEqualTo("/realms/example/login-actions/authenticate?execution=abc");
            Map<String, String> fields = new LinkedHashMap<>();
            Arrays.stream(post.body().split("&")).map(kv -> kv.split("=", 2)).forEach(kv -> fields.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8)));
            assertThat(fields).containsExactly(Map.entry("username", "alice"), Map.entry("password", "S3cret pass&word"),
                    Map.entry("credentialId", ""), Map.entry("login", "Sign In"));
        }
    }

    @Test
    void adfsLoginWhenKmsiConfiguredThenKmsiTruePostedAndOptionsFormIgnored() throws Exception {
        String page = "<html><head><title>Sign In</title></head><body>"
                + "<form method=\"post\" id=\"loginForm\" action=\"/adfs/ls/idpinitiatedsignon\">"
                + "<input name=\"UserName\" type=\"email\" value=\"\"><input name=\"Password\" type=\"password\">"
                + "<input type=\"checkbox\" name=\"Kmsi\" id=\"kmsiInput\" value=\"true\">"
                + "<input type=\"hidden\" name=\"AuthMethod\" value=\"FormsAuthentication\"></form>"
                + "<form id=\"options\" method=\"post\" action=\"/adfs/ls/idpinitiatedsignon\"><input type=\"hidden\" name=\"AuthMethod\">"
                + "<input id=\"userNameInputOptionsHolder\" name=\"UserName\" value=\"\" type=\"hidden\"></form></body></html>";
        String error = page.replace("<form method=\"post\" id=\"loginForm\" action=\"/adfs/ls/idpinitiatedsignon\">",
                "<form method=\"post\" id=\"loginForm\" action=\"/adfs/ls/idpinitiatedsignon\"><label id=\"errorText\">Incorrect user ID or password.</label>");
        try (TinyServer idp = new TinyServer(r -> TinyServer.Answer.page(r.method().equals("POST") ? error : page))) {
            assertThatThrownBy(client(idp).keepMeSignedIn(true).build()::signIn)
                    .isInstanceOf(AdfsAuthenticationException.class)
                    .hasMessage("The IdP refused the sign-in of alice@example.test: Incorrect user ID or password.");
            assertThat(idp.requests().get(1).body())
                    .isEqualTo("UserName=alice%40example.test&Password=S3cret+pass%26word&AuthMethod=FormsAuthentication&Kmsi=true");
        }
    }

    @Test
    void proxyWhenConfiguredThenRequestsGoThroughIt() throws Exception {
        try (TinyServer proxy = new TinyServer(r -> TinyServer.Answer.page("<html><head><title>Proxy says hi</title></head></html>"))) {
            AdfsSignIn signIn = AdfsSignIn.builder().idpUrl("http://127.0.0.1:9/adfs/ls/IdpInitiatedSignOn.aspx")
                    .username("alice").passwordSource("p"::toCharArray).proxy(proxy.uri("")).build();

            assertThatThrownBy(signIn::signIn)
                    .isExactlyInstanceOf(AdfsSignInException.class)
                    .hasMessageStartingWith("Cannot act on the page http://127.0.0.1:9/adfs/ls/IdpInitiatedSignOn.aspx (title 'Proxy says hi'");
            assertThat(proxy.requests()).extracting(TinyServer.Request::pathAndQuery)
                    .containsExactly("http://127.0.0.1:9/adfs/ls/IdpInitiatedSignOn.aspx");
        }
    }
}
