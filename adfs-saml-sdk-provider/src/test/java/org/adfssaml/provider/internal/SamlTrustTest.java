package org.adfssaml.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.adfssaml.core.SamlResponse;
import org.adfssaml.provider.AdfsSignInException;
import org.adfssaml.testkit.TestIdp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SamlTrustTest {
    private static final URI METADATA = URI.create("https://adfs.example.test/FederationMetadata/2007-06/FederationMetadata.xml");

    private static TestIdp idp;

    @BeforeAll
    static void generateIdp() {
        idp = TestIdp.generate();
    }

    private static SamlResponse response() {
        return SamlResponse.parse(idp.response().role("123456789012", "AWS-Dev", "ADFS").base64());
    }

    @Test
    void defaultMetadataUrlWhenEntryUrlHasPathAndQueryThenWellKnownPathOnTheSameOrigin() {
        assertThat(SamlTrust.defaultMetadataUrl(URI.create(
            "https://adfs.example.test:8443/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:amazon:webservices")))
            .isEqualTo(URI.create("https://adfs.example.test:8443/FederationMetadata/2007-06/FederationMetadata.xml"));
    }

    @Test
    void applyWhenCalledTwiceThenMetadataFetchedOnce() {
        List<URI> fetched = new ArrayList<>();
        SamlTrust trust = SamlTrust.resolving(List.of(), List.of(METADATA), url -> {
            fetched.add(url);
            return idp.federationMetadataXml().getBytes(StandardCharsets.UTF_8);
        }, Clock.systemUTC(), Duration.ofMinutes(5));

        trust.apply(response());
        trust.apply(response());

        assertThat(fetched).containsExactly(METADATA);
        assertThat(trust).hasToString("metadata " + METADATA);
    }

    @Test
    void applyWhenDocumentIsNotMetadataThenErrorNamesUrlAndHowToConfigureTrust() {
        SamlTrust trust = SamlTrust.resolving(List.of(), List.of(METADATA),
                                              url -> "<html>sign in</html>".getBytes(StandardCharsets.UTF_8),
                                              Clock.systemUTC(), Duration.ofMinutes(5));

        assertThatThrownBy(() -> trust.apply(response()))
            .isInstanceOf(AdfsSignInException.class)
            .hasMessageStartingWith("The document at " + METADATA + " is not usable federation metadata: ")
            .hasMessageEndingWith("; " + SamlTrust.HINT);
    }

    @Test
    void applyWhenSkippingThenResponseReturnedUnchecked() {
        SamlResponse unsigned = SamlResponse.parse(idp.response().role("123456789012", "AWS-Dev", "ADFS").unsigned().base64());

        assertThat(SamlTrust.skipping().apply(unsigned)).isSameAs(unsigned);
    }
}
