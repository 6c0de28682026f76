package org.adfssaml.provider.internal.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntryUrlTest {

    @Test
    void resolveWhenOnlyHostGivenThenDefaultSignOnPathWithLoginToRp() {
        assertThat(EntryUrl.resolve(URI.create("https://adfs.example.com"), "urn:amazon:webservices"))
                .isEqualTo(URI.create("https://adfs.example.com/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn%3Aamazon%3Awebservices"));
        assertThat(EntryUrl.resolve(URI.create("https://adfs.example.com:8443/"), "urn:amazon:webservices:govcloud"))
                .isEqualTo(URI.create(
                        "https://adfs.example.com:8443/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn%3Aamazon%3Awebservices%3Agovcloud"));
    }

    @Test
    void resolveWhenFullUrlWithExtraQueryThenKeptAsGiven() {
        URI url = URI.create("https://adfs.example.com/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:amazon:webservices&RedirectToIdentityProvider=AD+AUTHORITY");

        assertThat(EntryUrl.resolve(url, "ignored")).isEqualTo(url);
    }

    @Test
    void resolveWhenPlainHttpToAnInternetHostThenRefused() {
        assertThatThrownBy(() -> EntryUrl.resolve(URI.create("http://adfs.example.com/adfs/ls/"), "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Refusing plain http to adfs.example.com: credentials are only sent over https");
    }

    @Test
    void resolveWhenSchemeIsNotHttpThenRefusedNamingTheScheme() {
        assertThatThrownBy(() -> EntryUrl.resolve(URI.create("ftp://adfs.example.com/"), "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idpUrl must use https, found scheme 'ftp' in ftp://adfs.example.com/");
    }

    @Test
    void resolveWhenRelativeThenRefused() {
        assertThatThrownBy(() -> EntryUrl.resolve(URI.create("/adfs/ls/"), "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idpUrl must be an absolute https URL such as https://adfs.example.com, found /adfs/ls/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "[::1]", "::1"})
    void isLoopbackWhenLoopbackLiteralThenTrue(String host) {
        assertThat(EntryUrl.isLoopback(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost.example.com", "127.0.0.1.nip.io", "128.0.0.1", "10.0.0.1", "127.0.0", "127.0.0.256", "::2"})
    void isLoopbackWhenOtherHostThenFalse(String host) {
        assertThat(EntryUrl.isLoopback(host)).isFalse();
    }

    @Test
    void withoutQueryWhenUrlHasSecretsInQueryThenDropped() {
        assertThat(EntryUrl.withoutQuery(URI.create("https://adfs.example.com/adfs/ls/?SAMLRequest=abc&client-request-id=1")))
                .isEqualTo("https://adfs.example.com/adfs/ls/");
    }

    @Test
    void originWhenDefaultPortThenMadeExplicit() {
        assertThat(EntryUrl.origin(URI.create("https://ADFS.example.com/x"))).isEqualTo("https://adfs.example.com:443");
        assertThat(EntryUrl.origin(URI.create("http://127.0.0.1:8080/x"))).isEqualTo("http://127.0.0.1:8080");
    }
}
