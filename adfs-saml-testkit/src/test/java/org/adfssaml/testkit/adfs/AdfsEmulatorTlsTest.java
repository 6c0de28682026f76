package org.adfssaml.testkit.adfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.URI;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLHandshakeException;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.PageStyle;
import org.junit.jupiter.api.Test;

class AdfsEmulatorTlsTest {

    @Test
    void trustStoreWhenUsedThenLocalhostAndLoopbackIpVerify() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            URI byIp = URI.create("https://127.0.0.1:" + adfs.baseUri().getPort() + "/adfs/ls/IdpInitiatedSignOn.aspx");

            assertThat(client.get(adfs.signOnUrl()).status()).isEqualTo(200);
            assertThat(client.get(byIp).status()).isEqualTo(200);
            X509Certificate ca = adfs.caCertificate();
            assertThat(ca.getBasicConstraints()).isZero();
            assertThat(adfs.caCertificatePem()).startsWith("-----BEGIN CERTIFICATE-----\n")
                    .endsWith("-----END CERTIFICATE-----\n");
        }
    }

    @Test
    void clientWhenNotTrustingTheEmulatorCaThenHandshakeFails() throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        empty.setCertificateEntry("other", Fixtures.IDP.certificate());
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019).build().start();
             WebClient client = new WebClient(empty)) {
            assertThatThrownBy(() -> client.get(adfs.signOnUrl())).isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void twoEmulatorsWhenStartedThenEachHasItsOwnCaAndState() throws Exception {
        try (AdfsEmulator one = Fixtures.emulator(PageStyle.ADFS_2019).build().start();
             AdfsEmulator two = Fixtures.emulator(PageStyle.ADFS_3_0).build().start();
             WebClient client = new WebClient(one.trustStore())) {
            one.failNext(503);

            assertThat(one.caCertificate()).isNotEqualTo(two.caCertificate());
            assertThat(one.baseUri()).isNotEqualTo(two.baseUri());
            assertThat(client.get(one.signOnUrl()).status()).isEqualTo(503);
            assertThat(two.requestLog().entries()).isEmpty();
        }
    }
}
