package org.adfssaml.cli.internal;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Loads the JDK's TLS stack and default trust store, and runs its handshake crypto once, in a daemon thread while picocli parses the command line of a
 * command that is about to sign in: the trust store the JDK then caches and the JSSE classes are what the sign-in's
 * first request would otherwise load on the critical path (BENCHMARKS.md, cold login). Failures are ignored: the
 * sign-in does the same work and reports its own errors. With the JVM options {@code configure} writes this takes
 * about 0.1 s off a cold {@code login}.
 */
final class TlsWarmUp {

    /** The commands that sign in (unless a cache answers first). */
    static final Set<String> SIGN_IN_COMMANDS = Set.of("login", "credential-process", "roles");

    private TlsWarmUp() {
    }

    /** @return the warm-up thread, started, when {@code args} name a command that signs in */
    static Optional<Thread> startFor(String[] args) {
        // the command is the first word that is not a top-level option (-v, --verbose)
        Optional<String> command = Arrays.stream(args).filter(arg -> !arg.startsWith("-")).findFirst();
        if (command.isEmpty() || !SIGN_IN_COMMANDS.contains(command.get())) {
            return Optional.empty();
        }
        Thread thread = new Thread(() -> {
            try {
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init((KeyStore) null);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trust.getTrustManagers(), null);
                context.createSSLEngine().getSupportedCipherSuites();
                handshakeCrypto(trust);
            } catch (GeneralSecurityException | RuntimeException ignored) {
                // the sign-in repeats this work and reports what is wrong
            }
        }, "adfs-saml-tls-warm-up");
        thread.setDaemon(true);
        thread.start();
        return Optional.of(thread);
    }

    /*
     * A TLS 1.3 ClientHello from the JDK carries two key shares, x25519 and secp256r1, and the handshake then checks
     * RSA signatures and runs HKDF and AES-GCM. In a cold JVM the first key pairs alone take about 0.1 s of
     * interpreted code; running each primitive once here, on the other core, has it loaded and compiled before the
     * sign-in's first handshake needs it (BENCHMARKS.md, cold login).
     */
    private static void handshakeCrypto(TrustManagerFactory trust) throws GeneralSecurityException {
        agree("XDH", new NamedParameterSpec("X25519"), "XDH");
        agree("EC", new ECGenParameterSpec("secp256r1"), "ECDH");
        for (TrustManager manager : trust.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                for (X509Certificate anchor : x509.getAcceptedIssuers()) {
                    if ("RSA".equals(anchor.getPublicKey().getAlgorithm())) {
                        anchor.verify(anchor.getPublicKey()); // self-signed: one RSA signature check
                        trustCheck(x509, anchor);
                        break;
                    }
                }
            }
        }
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        hmac.doFinal(new byte[64]);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[16], "AES"), new GCMParameterSpec(128, new byte[12]));
        gcm.doFinal(new byte[1024]);
    }

    /**
     * The server certificate check of a handshake: the PKIX validator and the JDK's distrust policies, whose table of
     * built-in anchors is read from the trust store on first use. Whether a root passes as a server chain does not
     * matter here.
     */
    private static void trustCheck(X509TrustManager trust, X509Certificate anchor) {
        try {
            trust.checkServerTrusted(new X509Certificate[] {anchor}, "RSA");
        } catch (CertificateException ignored) {
            // only the code path was wanted
        }
    }

    private static void agree(String algorithm, AlgorithmParameterSpec parameters, String agreement)
            throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(parameters);
        KeyPair ours = generator.generateKeyPair();
        KeyPair theirs = generator.generateKeyPair();
        KeyAgreement keyAgreement = KeyAgreement.getInstance(agreement);
        keyAgreement.init(ours.getPrivate());
        keyAgreement.doPhase(theirs.getPublic(), true);
        keyAgreement.generateSecret();
    }
}
