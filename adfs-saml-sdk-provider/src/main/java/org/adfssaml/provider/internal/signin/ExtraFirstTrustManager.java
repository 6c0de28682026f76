package org.adfssaml.provider.internal.signin;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a chain that the extra CA certificates (CA bundle, trust store) trust, and asks the JDK's default trust
 * manager only for a chain they refuse.
 *
 * <p>It exists so that a cold sign-in against a server signed by a CA of the bundle never loads the JDK's
 * {@code cacerts} nor indexes its ~140 anchors: about 0.1 s of CPU on the critical path. Both delegates are the JDK's
 * own PKIX trust managers and are given the same socket or engine, so endpoint identification (host names) and
 * algorithm constraints are theirs; verification is never switched off.
 */
final class ExtraFirstTrustManager extends X509ExtendedTrustManager {

    /** Creates the trust manager asked when the extra certificates refuse a chain. */
    @FunctionalInterface
    interface DefaultTrust {
        /**
         * @return the trust manager
         * @throws GeneralSecurityException when it cannot be created
         */
        X509ExtendedTrustManager create() throws GeneralSecurityException;
    }

    /** One of the check overloads, applied to either delegate. */
    @FunctionalInterface
    private interface Check {
        void run(X509ExtendedTrustManager trust) throws CertificateException;
    }

    private final X509ExtendedTrustManager extra;
    private final DefaultTrust defaultTrust;
    private volatile X509ExtendedTrustManager defaults;

    /**
     * @param extraCertificates the extra trusted CA certificates, at least one
     * @throws GeneralSecurityException when no PKIX trust manager can be built over them
     */
    ExtraFirstTrustManager(List<X509Certificate> extraCertificates) throws GeneralSecurityException {
        this(extraCertificates, () -> pkix(null));
    }

    /**
     * @param extraCertificates the extra trusted CA certificates, at least one
     * @param defaultTrust      creates the trust manager asked when they refuse (the JDK's default outside tests);
     *                          called at most once, on the first refusal, unless it fails
     * @throws GeneralSecurityException when no PKIX trust manager can be built over the extra certificates
     */
    ExtraFirstTrustManager(List<X509Certificate> extraCertificates, DefaultTrust defaultTrust)
            throws GeneralSecurityException {
        if (extraCertificates.isEmpty()) {
            // a PKIX trust manager without anchors fails every check with an unchecked exception
            throw new IllegalArgumentException("expected at least one extra CA certificate, found none");
        }
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            anchors.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("could not create an empty KeyStore: " + e.getMessage(), e);
        }
        int i = 0;
        for (X509Certificate c : extraCertificates) {
            anchors.setCertificateEntry("extra-" + i++, c);
        }
        this.extra = pkix(anchors);
        this.defaultTrust = defaultTrust;
    }

    /**
     * @param anchors the trusted certificates, or null for the JDK's default trust store ({@code cacerts} or the
     *                {@code javax.net.ssl.trustStore} system property)
     * @return the PKIX trust manager of the default algorithm over them
     * @throws GeneralSecurityException when it cannot be created
     */
    static X509ExtendedTrustManager pkix(KeyStore anchors) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(anchors);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new NoSuchAlgorithmException("expected an X509ExtendedTrustManager from TrustManagerFactory "
                + tmf.getAlgorithm() + ", found " + Arrays.toString(tmf.getTrustManagers()));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(trust -> trust.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(trust -> trust.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(trust -> trust.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(trust -> trust.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(trust -> trust.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(trust -> trust.checkClientTrusted(chain, authType));
    }

    /**
     * Only a hint to the peer of which CAs we know (client-certificate requests); trust is decided by the checks.
     * Loads the default anchors if they are not loaded yet; when they cannot be loaded, the extra ones alone.
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        X509Certificate[] own = extra.getAcceptedIssuers();
        X509ExtendedTrustManager d;
        try {
            d = defaults();
        } catch (GeneralSecurityException e) {
            return own;
        }
        X509Certificate[] others = d.getAcceptedIssuers();
        X509Certificate[] all = Arrays.copyOf(own, own.length + others.length);
        System.arraycopy(others, 0, all, own.length, others.length);
        return all;
    }

    private void check(Check check) throws CertificateException {
        // Accepting what either the extra anchors or the default anchors accept is the decision of one PKIX trust
        // manager over their union, as before: a certification path ends at exactly one trust anchor, and every other
        // check (validity, key usage, host name, algorithm constraints) does not depend on which set it came from.
        CertificateException extraRefusal;
        try {
            check.run(extra);
            return;
        } catch (CertificateException e) {
            extraRefusal = e;
        }
        X509ExtendedTrustManager d;
        try {
            d = defaults();
        } catch (GeneralSecurityException e) {
            CertificateException failed = new CertificateException(
                    "Could not load the JDK's default trust anchors: " + e.getMessage(), e);
            failed.addSuppressed(extraRefusal);
            throw failed;
        }
        try {
            check.run(d);
        } catch (CertificateException defaultRefusal) {
            throw refusal(extraRefusal, defaultRefusal);
        }
    }

    /**
     * The refusal a trust manager over the union would have given, so that error messages stay as they were: the
     * default anchors' one when the extra anchors found no certification path (the chain is not theirs), else the
     * extra anchors' one (the chain is theirs but fails a later check, such as the host name or the validity). The
     * other is added as suppressed.
     */
    private static CertificateException refusal(CertificateException extraRefusal,
            CertificateException defaultRefusal) {
        if (extraRefusal.getCause() instanceof CertPathBuilderException) {
            defaultRefusal.addSuppressed(extraRefusal);
            return defaultRefusal;
        }
        extraRefusal.addSuppressed(defaultRefusal);
        return extraRefusal;
    }

    private X509ExtendedTrustManager defaults() throws GeneralSecurityException {
        X509ExtendedTrustManager d = defaults;
        if (d == null) {
            synchronized (this) {
                d = defaults;
                if (d == null) {
                    d = defaultTrust.create();
                    defaults = d;
                }
            }
        }
        return d;
    }
}
