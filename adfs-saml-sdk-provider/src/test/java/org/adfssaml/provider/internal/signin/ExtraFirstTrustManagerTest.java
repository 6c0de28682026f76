package org.adfssaml.provider.internal.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import org.adfssaml.testkit.TestIdp;
import org.adfssaml.testkit.internal.adfs.TlsMaterial;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trust decisions of {@link ExtraFirstTrustManager}, made by the JDK's own PKIX trust managers over throw-away
 * CAs, and real TLS handshakes on loopback through {@link TrustMaterial}.
 */
class ExtraFirstTrustManagerTest {
    private static final String AUTH_TYPE = "ECDHE_ECDSA";
    /** Not in the server certificates, which name localhost, 127.0.0.1 and ::1; never resolved. */
    private static final String OTHER_HOST = "adfs.other.test";

    /** The CA of the bundle (the extra certificates). */
    private static TlsMaterial corporate;
    /**
     * An extra certificate that issued none of the servers' certificates, under another name than their CAs. The
     * testkit names all its TLS CAs alike, and PKIX refuses a chain whose issuer bears an anchor's name with another
     * error (signature check) than a chain whose issuer it does not know (no certification path).
     */
    private static X509Certificate unrelated;
    /** A CA standing for one of the JDK's default anchors. */
    private static TlsMaterial publicCa;
    /** A CA nobody trusts. */
    private static TlsMaterial unknown;

    @BeforeAll
    static void generate() {
        corporate = TlsMaterial.generate(Instant.now(), List.of());
        unrelated = TestIdp.generate().certificate();
        publicCa = TlsMaterial.generate(Instant.now(), List.of());
        unknown = TlsMaterial.generate(Instant.now(), List.of());
    }

    private static X509Certificate[] chain(TlsMaterial tls) {
        return new X509Certificate[] {tls.serverCertificate(), tls.caCertificate()};
    }

    /** The JDK's PKIX trust manager over one anchor. */
    private static X509ExtendedTrustManager trusting(X509Certificate anchor) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("anchor", anchor);
        return ExtraFirstTrustManager.pkix(store);
    }

    /** Over the extra certificate {@code extra}; its "default" trusts the public CA and counts its creations. */
    private static ExtraFirstTrustManager extraFirst(X509Certificate extra, AtomicInteger defaultsCreated)
            throws GeneralSecurityException {
        return new ExtraFirstTrustManager(List.of(extra), () -> {
            defaultsCreated.incrementAndGet();
            return ExtraFirstTrustManager.pkix(publicCa.trustStore());
        });
    }

    @Test
    void checkServerTrustedWhenExtraCaIssuedTheChainThenAcceptedAndDefaultNeverCreated() throws Exception {
        AtomicInteger defaultsCreated = new AtomicInteger();
        ExtraFirstTrustManager trust = extraFirst(corporate.caCertificate(), defaultsCreated);

        trust.checkServerTrusted(chain(corporate), AUTH_TYPE);
        trust.checkServerTrusted(new X509Certificate[] {corporate.serverCertificate()}, AUTH_TYPE);

        assertThat(defaultsCreated).hasValue(0);
    }

    @Test
    void checkServerTrustedWhenOnlyDefaultTrustsTheChainThenAcceptedAndDefaultCreatedOnceAcrossThreads()
            throws Exception {
        AtomicInteger defaultsCreated = new AtomicInteger();
        ExtraFirstTrustManager trust = extraFirst(corporate.caCertificate(), defaultsCreated);
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Void>> checks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            checks.add(() -> {
                start.await();
                for (int i = 0; i < 5; i++) {
                    trust.checkServerTrusted(chain(publicCa), AUTH_TYPE);
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (Callable<Void> check : checks) {
                done.add(pool.submit(check));
            }
            start.countDown();
            for (Future<Void> f : done) {
                f.get(30, TimeUnit.SECONDS); // rethrows a refusal
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(defaultsCreated).hasValue(1);
    }

    @Test
    void checkServerTrustedWhenNeitherTrustsTheChainThenDefaultsRefusalWithExtrasSuppressed() throws Exception {
        // SunX509's simple validator words its refusal unlike PKIX's, so the test can tell whose refusal is thrown
        TrustManagerFactory simple = TrustManagerFactory.getInstance("SunX509");
        simple.init(publicCa.trustStore());
        X509ExtendedTrustManager defaults = (X509ExtendedTrustManager) simple.getTrustManagers()[0];
        ExtraFirstTrustManager trust = new ExtraFirstTrustManager(List.of(unrelated), () -> defaults);
        CertificateException defaultAlone = catchThrowableOfType(
                () -> defaults.checkServerTrusted(chain(unknown), AUTH_TYPE), CertificateException.class);
        CertificateException extraAlone = catchThrowableOfType(
                () -> trusting(unrelated).checkServerTrusted(chain(unknown), AUTH_TYPE), CertificateException.class);
        assertThat(defaultAlone.getMessage()).isNotEqualTo(extraAlone.getMessage());

        CertificateException refused = catchThrowableOfType(
                () -> trust.checkServerTrusted(chain(unknown), AUTH_TYPE), CertificateException.class);

        assertThat(refused).isExactlyInstanceOf(defaultAlone.getClass()).hasMessage(defaultAlone.getMessage());
        assertThat(refused.getSuppressed()).hasSize(1);
        assertThat(refused.getSuppressed()[0]).isExactlyInstanceOf(extraAlone.getClass())
                .hasMessage(extraAlone.getMessage());
        assertThat(extraAlone.getMessage()).startsWith("PKIX path building failed");
    }

    @Test
    void checkServerTrustedWhenDefaultCannotBeCreatedThenRefusedAndCreationTriedAgainNextTime() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        ExtraFirstTrustManager trust = new ExtraFirstTrustManager(List.of(corporate.caCertificate()), () -> {
            attempts.incrementAndGet();
            throw new KeyStoreException("cacerts is unreadable");
        });

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> trust.checkServerTrusted(chain(publicCa), AUTH_TYPE))
                    .isExactlyInstanceOf(CertificateException.class)
                    .hasMessage("Could not load the JDK's default trust anchors: cacerts is unreadable")
                    .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                            .extracting(Throwable::getMessage).asString().startsWith("PKIX path"));
        }
        assertThat(attempts).hasValue(2);
        trust.checkServerTrusted(chain(corporate), AUTH_TYPE);
    }

    @Test
    void getAcceptedIssuersWhenAskedThenTheExtraAndTheDefaultAnchors() throws Exception {
        AtomicInteger defaultsCreated = new AtomicInteger();

        X509Certificate[] issuers = extraFirst(corporate.caCertificate(), defaultsCreated).getAcceptedIssuers();

        assertThat(issuers).containsExactly(corporate.caCertificate(), publicCa.caCertificate());
    }

    @Test
    void sslContextWhenServerCertificateIsFromTheBundleCaThenHandshakeSucceeds(@TempDir Path dir) throws Exception {
        SSLContext client = TrustMaterial.sslContext(pem(dir, corporate.caCertificate()), null);

        try (Server server = new Server(corporate)) {
            SSLSession session = handshake(client, server, "localhost");

            assertThat(session.getPeerCertificates()[0]).isEqualTo(corporate.serverCertificate());
        }
    }

    @Test
    void sslContextWhenServerCertificateIsForAnotherHostThenRefusedWithTheHostNameError(@TempDir Path dir)
            throws Exception {
        SSLContext client = TrustMaterial.sslContext(pem(dir, corporate.caCertificate()), null);

        try (Server server = new Server(corporate)) {
            // the same words as a trust manager over the default anchors plus the bundle gave before
            assertThatThrownBy(() -> handshake(client, server, OTHER_HOST))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessage("No subject alternative DNS name matching " + OTHER_HOST + " found.");
        }
    }

    @Test
    void sslContextWhenServerCaIsNeitherBundledNorDefaultThenRefusedWithThePkixPathError(@TempDir Path dir)
            throws Exception {
        SSLContext client = TrustMaterial.sslContext(pem(dir, unrelated), null);

        try (Server server = new Server(unknown)) {
            assertThatThrownBy(() -> handshake(client, server, "localhost"))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageStartingWith("PKIX path building failed")
                    .hasMessageEndingWith("unable to find valid certification path to requested target");
        }
    }

    @Test
    void sslContextWhenTrustStoreHoldsNoCertificateThenDefaultAnchorsOnly() throws Exception {
        KeyStore empty = KeyStore.getInstance(KeyStore.getDefaultType());
        empty.load(null, null);
        SSLContext client = TrustMaterial.sslContext(null, empty);

        try (Server server = new Server(corporate)) {
            assertThatThrownBy(() -> handshake(client, server, "localhost"))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageStartingWith("PKIX path building failed");
        }
    }

    @Test
    void handshakeWhenDefaultTrustsTheCaButHostDiffersThenRefusedWithTheHostNameError() throws Exception {
        AtomicInteger defaultsCreated = new AtomicInteger();
        SSLContext client = context(extraFirst(unrelated, defaultsCreated));

        try (Server server = new Server(publicCa)) {
            handshake(client, server, "localhost");
            assertThatThrownBy(() -> handshake(client, server, OTHER_HOST))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessage("No subject alternative DNS name matching " + OTHER_HOST + " found.");
        }
        assertThat(defaultsCreated).hasValue(1);
    }

    @Test
    void sendWhenJdkHttpClientAndServerFromExtraCaThenAnsweredAndDefaultNeverCreated() throws Exception {
        AtomicInteger defaultsCreated = new AtomicInteger();
        // the JDK HttpClient checks through an SSLEngine, with endpoint identification HTTPS
        HttpClient http = HttpClient.newBuilder().sslContext(context(extraFirst(corporate.caCertificate(), defaultsCreated)))
                .connectTimeout(Duration.ofSeconds(10)).build();

        try (Server server = new Server(corporate)) {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/"))
                            .timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding());

            assertThat(response.statusCode()).isEqualTo(204);
        }
        assertThat(defaultsCreated).hasValue(0);
    }

    private static Path pem(Path dir, X509Certificate ca) throws Exception {
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(ca.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        return Files.writeString(dir.resolve("ca-bundle.pem"), pem);
    }

    private static SSLContext context(X509ExtendedTrustManager trust) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {trust}, null);
        return ctx;
    }

    /**
     * Connects to the loopback server while naming {@code hostName} (SNI and endpoint identification), as Apache
     * HttpClient 5 and the JDK do: endpoint identification {@code HTTPS} on the socket.
     */
    private static SSLSession handshake(SSLContext client, Server server, String hostName) throws IOException {
        Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.port());
        try (SSLSocket tls = (SSLSocket) client.getSocketFactory().createSocket(plain, hostName, server.port(), true)) {
            tls.setSoTimeout(10_000);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            tls.startHandshake();
            return tls.getSession();
        }
    }

    /** A loopback HTTPS server with a certificate for localhost issued by the given CA, answering 204. */
    private static final class Server implements AutoCloseable {
        private final HttpsServer https;

        Server(TlsMaterial tls) throws IOException {
            https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            https.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()));
            https.createContext("/", exchange -> {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            https.start();
        }

        int port() {
            return https.getAddress().getPort();
        }

        @Override
        public void close() {
            https.stop(0);
        }
    }
}
