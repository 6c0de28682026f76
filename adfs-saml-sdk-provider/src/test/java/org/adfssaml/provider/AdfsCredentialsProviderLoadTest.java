package org.adfssaml.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.adfssaml.core.RoleSelector;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.AdfsUser;
import org.adfssaml.testkit.PageStyle;
import org.adfssaml.testkit.StsEmulator;
import org.adfssaml.testkit.TestIdp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads on one provider across real-time refreshes, against a slow AD FS: the short version of the
 * {@code RefreshUnderLoad} harness (BENCHMARKS.md section 6).
 *
 * <p>The STS emulator issues credentials that live {@link #LIFETIME} in real time, so the SDK's cache (which runs on
 * the system clock) reaches the prefetch time {@code LIFETIME - PREFETCH} (2 s) after each issue. Every AD FS
 * request is delayed by {@link #PAGE_DELAY}; a forms sign-in makes three (GET, POST, the redirected GET), so a refresh
 * spends about 3 s on the network, well inside the 5 s between prefetch and stale time.
 *
 * <p>Which call did the refresh is known exactly, not guessed from its duration: the password source marks the
 * thread it runs on, and with the default prefetch strategy the sign-in runs on the caller that started it.
 *
 * <p>The bound on the other callers is half the refresh's network time (1.5 s). It is safe on a loaded 2-core
 * machine: such a call reads a volatile field and returns, microseconds of work; 200 threads that each pause 2 ms
 * between calls keep the run queue short, so scheduling and GC stalls stay in the tens of milliseconds. A caller that
 * did wait for the refresh would wait for what is left of a 3 s network exchange; with 200 threads calling every few
 * milliseconds, some caller arrives in its first half and would take more than 1.5 s.
 */
class AdfsCredentialsProviderLoadTest {
    private static final String USER = "alice@example.test";
    private static final String PASSWORD = "Correct-Horse-7";
    private static final String ROLE = "arn:aws:iam::123456789012:role/AWS-Dev";
    private static final String SAML_PROVIDER = "arn:aws:iam::123456789012:saml-provider/ADFS";

    private static final int THREADS = 200;
    private static final int REFRESHES = 2;
    private static final Duration PAGE_DELAY = Duration.ofSeconds(1);
    private static final Duration LIFETIME = Duration.ofMillis(7_500);
    private static final Duration PREFETCH = Duration.ofMillis(5_500);
    private static final Duration STALE = Duration.ofMillis(500);

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void resolveCredentialsWhen200ThreadsCallAcrossTwoRefreshesFromASlowAdfsThenTwoSignInsNoErrorAndOnlyTheRefreshingCallerWaits()
            throws Exception {
        TestIdp idp = TestIdp.generate();
        ThreadLocal<boolean[]> signedInOnThisThread = ThreadLocal.withInitial(() -> new boolean[1]);
        try (AdfsEmulator adfs = AdfsEmulator.builder().idp(idp).pageStyle(PageStyle.ADFS_2019)
                     .user(AdfsUser.builder(USER).password(PASSWORD).roles(ROLE + "," + SAML_PROVIDER).build())
                     .build().start();
             StsEmulator sts = StsEmulator.builder().trust(idp).credentialLifetime(LIFETIME).build().start();
             AdfsCredentialsProvider provider = AdfsCredentialsProvider.builder()
                     .signIn(AdfsSignIn.builder().idpUrl(adfs.signOnUrl()).username(USER).trustStore(adfs.trustStore())
                             .passwordSource(() -> {
                                 signedInOnThisThread.get()[0] = true;
                                 return PASSWORD.toCharArray();
                             })
                             .build())
                     .roleSelector(RoleSelector.byArn(ROLE))
                     .stsEndpoint(sts.endpoint())
                     .prefetchTime(PREFETCH)
                     .staleTime(STALE)
                     .build()) {
            // warm-up: the first sign-in (and the metadata fetch) by one caller, before AD FS slows down
            String firstKey = provider.resolveCredentials().accessKeyId();
            adfs.setResponseDelay(PAGE_DELAY);

            Set<String> keysServed = ConcurrentHashMap.newKeySet();
            keysServed.add(firstKey);
            ConcurrentLinkedQueue<Long> refreshingCallNanos = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            AtomicLong otherCalls = new AtomicLong();
            AtomicLong longestOtherNanos = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                Thread caller = new Thread(() -> {
                    boolean[] signedIn = signedInOnThisThread.get();
                    while (!stop.get()) {
                        signedIn[0] = false;
                        long start = System.nanoTime();
                        try {
                            String key = provider.resolveCredentials().accessKeyId();
                            long took = System.nanoTime() - start;
                            keysServed.add(key);
                            if (signedIn[0]) {
                                refreshingCallNanos.add(took);
                            } else {
                                otherCalls.incrementAndGet();
                                longestOtherNanos.accumulateAndGet(took, Math::max);
                            }
                        } catch (RuntimeException | Error e) {
                            errors.add(e);
                        }
                        LockSupport.parkNanos(2_000_000);
                    }
                }, "caller-" + i);
                caller.start();
                threads.add(caller);
            }
            // the run ends once the last refresh's credentials are served; the next prefetch is 2 s away
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (keysServed.size() < 1 + REFRESHES && errors.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(200);
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }

            assertThat(errors).isEmpty();
            assertThat(keysServed).hasSize(1 + REFRESHES);
            assertThat(adfs.requestLog().signInCount(USER)).isEqualTo(1 + REFRESHES);
            assertThat(sts.assumeRoleCalls()).isEqualTo(1 + REFRESHES);
            // one caller per refresh signed in, and it did wait on the (at least GET + POST) slowed AD FS exchange
            assertThat(refreshingCallNanos).hasSize(REFRESHES)
                    .allSatisfy(nanos -> assertThat(nanos).isGreaterThanOrEqualTo(PAGE_DELAY.multipliedBy(2).toNanos()));
            assertThat(otherCalls.get()).isGreaterThan(10L * THREADS);
            assertThat(Duration.ofNanos(longestOtherNanos.get()))
                    .as("longest call of a caller that did not sign in (the refreshing calls took %s ns)", refreshingCallNanos)
                    .isLessThan(PAGE_DELAY.multipliedBy(3).dividedBy(2));
        }
    }
}
