package org.adfssaml.provider.internal.signin;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

/**
 * The TLS context of one {@code AdfsSignIn}, built on first use and then shared by all its sign-ins and metadata
 * fetches.
 *
 * <p>Built lazily rather than in the {@code AdfsSignIn} constructor: a process that configures a sign-in but never
 * signs in (a {@code credential-process} answered from its cache) pays nothing, and a cold {@code login} pays the same
 * single build it would pay eagerly. Sharing the context also shares its TLS session cache, so a refresh can resume
 * the previous session instead of a full handshake. Trust never changes after construction, so the context never
 * needs rebuilding.
 */
public final class SharedTlsContext {
    private final Path caBundle;
    private final List<X509Certificate> caBundleCertificates;
    private final KeyStore trustStore;
    private final AtomicInteger builds = new AtomicInteger();
    private volatile SSLContext context;

    /**
     * @param caBundle             PEM file of extra CA certificates, or null; named in error messages
     * @param caBundleCertificates its certificates, read when the sign-in was configured (so a bad bundle failed
     *                             then, and the file is read once), empty without a bundle
     * @param trustStore           KeyStore of extra trusted certificates, or null
     */
    public SharedTlsContext(Path caBundle, List<X509Certificate> caBundleCertificates, KeyStore trustStore) {
        this.caBundle = caBundle;
        this.caBundleCertificates = List.copyOf(caBundleCertificates);
        this.trustStore = trustStore;
    }

    /**
     * @return the context, built by the first caller (concurrent first callers wait for that one build)
     * @throws IllegalArgumentException when the trust material cannot be read; the next call tries again
     */
    public SSLContext get() {
        SSLContext c = context;
        if (c == null) {
            synchronized (this) {
                c = context;
                if (c == null) {
                    c = TrustMaterial.sslContext(caBundle, caBundleCertificates, trustStore);
                    builds.incrementAndGet();
                    context = c;
                }
            }
        }
        return c;
    }

    /**
     * @return how many times the context was built (0 before first use, then 1), for tests of the reuse
     */
    public int builds() {
        return builds.get();
    }
}
