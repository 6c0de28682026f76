package org.adfssaml.provider.internal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the cold start-up work of the first refresh (OpenSAML's initialisation, building the SDK's STS client) in a
 * background thread while the calling thread signs in. A first sign-in waits on the network and on the user (password,
 * MFA), so that work is done by the time the SAML response needs validating and sending; a cold CLI {@code login}
 * spends most of its time there (BENCHMARKS.md, cold login breakdown). Only once per provider; a warm-up that fails is
 * ignored, because the refresh does the same work again and reports its own error.
 */
public final class WarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);

    private WarmUp() {
    }

    /**
     * @param source the supplier whose first call should start the warm-up
     * @param task   the warm-up
     * @param <T>    what the supplier supplies
     * @return a supplier that starts {@code task} in a daemon thread on its first call, then calls {@code source}
     */
    public static <T> Supplier<T> before(Supplier<T> source, Runnable task) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(task, "task");
        AtomicBoolean started = new AtomicBoolean();
        return () -> {
            if (started.compareAndSet(false, true)) {
                Thread thread = new Thread(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException | LinkageError e) {
                        LOG.debug("Warm-up failed; the refresh will do that work itself: {}", e.toString());
                    }
                }, "adfs-saml-warm-up");
                thread.setDaemon(true);
                thread.start();
            }
            return source.get();
        };
    }
}
