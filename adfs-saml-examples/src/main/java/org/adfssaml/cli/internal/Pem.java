package org.adfssaml.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.adfssaml.cli.AdfsSamlCli;

/** Reads PEM certificate bundles ({@code --ca-bundle}). */
final class Pem {

    private Pem() {
    }

    /** The JDK's default trust plus the certificates of the bundle. */
    static KeyStore trustStoreWithDefaults(Path bundle) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            int i = 0;
            for (var manager : defaults.getTrustManagers()) {
                if (manager instanceof javax.net.ssl.X509TrustManager x509) {
                    for (var cert : x509.getAcceptedIssuers()) {
                        store.setCertificateEntry("default-" + i++, cert);
                    }
                }
            }
            for (Certificate cert : read(bundle)) {
                store.setCertificateEntry("bundle-" + i++, cert);
            }
            return store;
        } catch (GeneralSecurityException e) {
            throw new CliException(AdfsSamlCli.USAGE, "--ca-bundle " + bundle + ": expected PEM certificates, found "
                    + e.getMessage(), e);
        }
    }

    static SSLContext sslContextTrusting(Path bundle) throws IOException {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStoreWithDefaults(bundle));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build TLS trust from " + bundle, e);
        }
    }

    static Collection<? extends Certificate> read(Path bundle) throws IOException {
        try (InputStream in = Files.newInputStream(bundle)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new CliException(AdfsSamlCli.USAGE, "--ca-bundle " + bundle
                        + ": expected at least one PEM certificate, found none");
            }
            return certificates;
        } catch (java.security.cert.CertificateException e) {
            throw new CliException(AdfsSamlCli.USAGE, "--ca-bundle " + bundle + ": expected PEM certificates, found "
                    + "unreadable data (" + e.getMessage() + ")", e);
        }
    }
}
