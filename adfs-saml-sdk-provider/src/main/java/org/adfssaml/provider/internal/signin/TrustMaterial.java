package org.adfssaml.provider.internal.signin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Builds the TLS context: the JDK's default trust anchors plus the extra CA certificates of a
 * PEM bundle and / or a KeyStore, the default anchors loaded only for a server the extra ones do not trust
 * ({@link ExtraFirstTrustManager}). Verification is never switched off.
 */
public final class TrustMaterial {

    private TrustMaterial() {
    }

    /**
     * @param caBundle   PEM file of extra CA certificates, or null
     * @param trustStore KeyStore of extra trusted certificates, or null
     * @return an SSL context trusting the default anchors plus the extra certificates
     * @throws IllegalArgumentException when the bundle cannot be read or holds no certificate
     */
    public static SSLContext sslContext(Path caBundle, KeyStore trustStore) {
        return sslContext(caBundle, caBundle == null ? List.of() : readPem(caBundle), trustStore);
    }

    /**
     * @param caBundle             PEM file of extra CA certificates, or null; named in error messages
     * @param caBundleCertificates the certificates read from it ({@link #readPem}), empty without a bundle
     * @param trustStore           KeyStore of extra trusted certificates, or null
     * @return an SSL context trusting the default anchors plus the extra certificates
     * @throws IllegalArgumentException when the trust cannot be set up
     */
    public static SSLContext sslContext(Path caBundle, List<X509Certificate> caBundleCertificates, KeyStore trustStore) {
        try {
            if (caBundleCertificates.isEmpty() && trustStore == null) {
                return SSLContext.getDefault();
            }
            List<X509Certificate> extra = new ArrayList<>(caBundleCertificates);
            if (trustStore != null) {
                Enumeration<String> aliases = trustStore.aliases();
                while (aliases.hasMoreElements()) {
                    String alias = aliases.nextElement();
                    Certificate c = trustStore.getCertificate(alias);
                    if (c instanceof X509Certificate x) {
                        extra.add(x);
                    }
                }
            }
            TrustManager trust = extra.isEmpty()
                    ? ExtraFirstTrustManager.pkix(null) // a trust store without certificates: the default anchors
                    : new ExtraFirstTrustManager(extra);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {trust}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Could not set up TLS trust (caBundle " + caBundle + "): " + e.getMessage(), e);
        }
    }

    /**
     * @param pem PEM file
     * @return its certificates
     * @throws IllegalArgumentException when the file cannot be read or holds no certificate
     */
    public static List<X509Certificate> readPem(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : certs) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("caBundle " + pem + " must hold PEM certificates, found none");
            }
            return out;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("caBundle " + pem + " must be a readable PEM certificate file: " + e.getMessage(), e);
        }
    }
}
