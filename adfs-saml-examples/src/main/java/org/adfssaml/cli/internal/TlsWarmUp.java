package org.adfssaml.cli.internal;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Loads the JDK's TLS stack and default trust store in a daemon thread while picocli parses the command line of a
 * command that is about to sign in: the JSSE classes are what the sign-in's first request would otherwise load on the
 * critical path, and the default trust store, which the JDK then caches, is what the STS call over https and an IdP
 * that the CA bundle does not trust need (BENCHMARKS.md, cold login). Failures are ignored: the
 * sign-in does the same work and reports its own errors. It does not run the handshake's crypto ahead: on two cores
 * that only moved CPU time around (BENCHMARKS.md, fourth session).
 */
final class TlsWarmUp {

    /** The commands that sign in (unless a cache answers first). */
    static final Set<String> SIGN_IN_COMMANDS = Set.of("login", "credential-process", "roles");

    private TlsWarmUp() {
    }

    /** @return whether {@code args} name one of the {@link #SIGN_IN_COMMANDS} */
    static boolean signsIn(String[] args) {
        // the command is the first word that is not a top-level option (-v, --verbose); a loop, not a stream: a
        // relaunching JVM (Relaunch) asks this before anything has paid for the first lambda
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return SIGN_IN_COMMANDS.contains(arg);
            }
        }
        return false;
    }

    /** @return the warm-up thread, started, when {@code args} name a command that signs in */
    static Optional<Thread> startFor(String[] args) {
        if (!signsIn(args)) {
            return Optional.empty();
        }
        Thread thread = new Thread(() -> {
            try {
                // the context's classes first: the sign-in needs them at once, and waited for them while this thread
                // was still loading the default trust store, which it needs only for the STS call or when its CA
                // bundle does not trust the IdP
                SSLContext context = SSLContext.getInstance("TLS");
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init((KeyStore) null);
                context.init(null, trust.getTrustManagers(), null);
                context.createSSLEngine().getSupportedCipherSuites();
                // the IdP's host name goes through IDN for SNI and the host name check; its tables load on first use
                new SNIHostName("adfs.example.com");
            } catch (GeneralSecurityException | RuntimeException ignored) {
                // the sign-in repeats this work and reports what is wrong
            }
        }, "adfs-saml-tls-warm-up");
        thread.setDaemon(true);
        thread.start();
        return Optional.of(thread);
    }
}
