package org.adfssaml.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.adfssaml.core.RoleSelector;
import org.adfssaml.provider.AdfsCredentialsProvider;
import org.adfssaml.provider.AdfsSignIn;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.AdfsUser;
import org.adfssaml.testkit.PageStyle;
import org.adfssaml.testkit.StsEmulator;
import org.adfssaml.testkit.TestIdp;

/**
 * 1,000 platform threads call one {@link AdfsCredentialsProvider#resolveCredentials()} for 30 s across 3 refreshes,
 * against the AD FS emulator (TLS) and the STS emulator through the SDK's real {@code StsClient}, with every AD FS
 * request slowed down (BENCHMARKS.md section 6).
 *
 * <p>The run: one warm-up call signs in (before AD FS slows down and before the clock starts); then the threads call
 * for the window, in which exactly {@code refreshes} refreshes must start: that many sign-ins seen by AD FS and
 * {@code AssumeRoleWithSAML} calls seen by STS, one more access key served, no error. When the window ends the
 * threads stop calling, and the run waits for the calls in flight (a refresh, if one is under way) before counting.
 *
 * <p>Timing: the STS emulator issues credentials that live {@code lifetimeMs} in real time (the SDK's cache runs on
 * the system clock); the provider starts a refresh {@code prefetchMs} before expiry, i.e. 6.5 s after the previous
 * one was issued. A refresh takes 3.2 to 5.2 s under this load (3 s of AD FS delay for the GET, the POST and the
 * redirected GET, the rest CPU), inside the 7 s between prefetch and stale time, so refreshes start about 10 s apart.
 * Starting 1,000 threads takes up to a second after the warm-up, so the third refresh starts between about 25 and 29.6
 * s and a fourth could not start before about 34 s. Counting refreshes that start, not ones that end, keeps the
 * count independent of how long each one takes.
 *
 * <p>The thread that signs in is known exactly: the password source marks it (with the default prefetch strategy the
 * refresh runs on the caller that started it). Every other call must return without waiting for the network. Its
 * longest call is reported, overall and among the calls that overlapped a refresh; the latter must stay under
 * {@code pageDelayMs}, the delay of a single AD FS request (a caller that waited for the refresh would wait for what is
 * left of a 3 s exchange, and with 1,000 callers some arrive in its first two thirds). A slow call that overlaps no
 * refresh cannot have waited for one: it was held up by the machine (scheduling, GC), which the run reports too
 * (load average, GC time).
 *
 * <p>Each thread pauses {@code pauseMs} between calls so that 1,000 threads do not turn the measurement into one of
 * the 2-core machine's run queue. Usage (all arguments optional, {@code key=value}):
 *
 * <pre>
 * java -cp adfs-saml-examples/target/benchmarks.jar org.adfssaml.bench.RefreshUnderLoad \
 *     threads=1000 seconds=30 refreshes=3 pageDelayMs=1000 lifetimeMs=14000 prefetchMs=7500 staleMs=500 pauseMs=10
 * </pre>
 *
 * Exits 1 when an assertion fails, 2 on bad arguments.
 */
public final class RefreshUnderLoad {

    /** Calls slower than this are kept with their start time, to tell whether they overlapped a refresh. */
    private static final long SLOW_NANOS = 50_000_000;
    /** How close to a refreshing call's return a slow call must end to count as possibly released by it. */
    private static final long RELEASE_NANOS = 20_000_000;

    private RefreshUnderLoad() {
    }

    private static long[] gc() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, bean.getCollectionCount());
            millis += Math.max(0, bean.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /**
     * Runs the harness.
     *
     * @param args {@code key=value} settings (see the class documentation)
     * @throws Exception when an emulator cannot start or a thread is interrupted
     */
    public static void main(String[] args) throws Exception {
        Map<String, Long> o = options(args);
        int threads = Math.toIntExact(o.get("threads"));
        Duration window = Duration.ofSeconds(o.get("seconds"));
        int refreshes = Math.toIntExact(o.get("refreshes"));
        Duration pageDelay = Duration.ofMillis(o.get("pageDelayMs"));
        Duration lifetime = Duration.ofMillis(o.get("lifetimeMs"));
        Duration prefetch = Duration.ofMillis(o.get("prefetchMs"));
        Duration stale = Duration.ofMillis(o.get("staleMs"));
        long pauseNanos = Duration.ofMillis(o.get("pauseMs")).toNanos();
        System.out.println("settings: " + o);
        System.out.printf(Locale.ROOT, "machine: %d CPUs, %s %s, max heap %d MB%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);

        TestIdp idp = TestIdp.generate();
        ThreadLocal<boolean[]> signedInOnThisThread = ThreadLocal.withInitial(() -> new boolean[1]);
        try (AdfsEmulator adfs = AdfsEmulator.builder().idp(idp).pageStyle(PageStyle.ADFS_2019)
                     .user(AdfsUser.builder(EmulatorLauncher.USER).password(EmulatorLauncher.PASSWORD)
                             .roles(EmulatorLauncher.ROLES).build())
                     .build().start();
             StsEmulator sts = StsEmulator.builder().trust(idp).credentialLifetime(lifetime).build().start();
             AdfsCredentialsProvider provider = AdfsCredentialsProvider.builder()
                     .signIn(AdfsSignIn.builder().idpUrl(adfs.signOnUrl()).username(EmulatorLauncher.USER)
                             .caBundle(writeCa(adfs))
                             .passwordSource(() -> {
                                 signedInOnThisThread.get()[0] = true;
                                 return EmulatorLauncher.PASSWORD.toCharArray();
                             })
                             .build())
                     .roleSelector(RoleSelector.byArn(EmulatorLauncher.ROLE_ARN))
                     .stsEndpoint(sts.endpoint())
                     .prefetchTime(prefetch)
                     .staleTime(stale)
                     .build()) {
            long warmStart = System.nanoTime();
            String firstKey = provider.resolveCredentials().accessKeyId();
            System.out.printf(Locale.ROOT, "warm-up sign-in: %d ms (cold JVM: TLS, OpenSAML, metadata, StsClient)%n",
                    (System.nanoTime() - warmStart) / 1_000_000);
            int signInsBefore = adfs.requestLog().signInCount(EmulatorLauncher.USER);
            int assumeRoleBefore = sts.assumeRoleCalls();
            adfs.setResponseDelay(pageDelay);

            Set<String> keys = ConcurrentHashMap.newKeySet();
            keys.add(firstKey);
            ConcurrentLinkedQueue<long[]> refreshingCalls = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<long[]> slowOtherCalls = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            long[][] latencies = new long[threads][];
            int[] counts = new int[threads];
            AtomicLong longestOther = new AtomicLong();
            List<Thread> workers = new ArrayList<>();
            long[] t0 = new long[1];
            for (int i = 0; i < threads; i++) {
                int id = i;
                Thread worker = new Thread(() -> {
                    boolean[] signedIn = signedInOnThisThread.get();
                    long[] mine = new long[4096];
                    int n = 0;
                    ready.countDown();
                    awaitQuietly(go);
                    while (!stop.get()) {
                        signedIn[0] = false;
                        long start = System.nanoTime();
                        try {
                            String key = provider.resolveCredentials().accessKeyId();
                            long took = System.nanoTime() - start;
                            keys.add(key);
                            if (signedIn[0]) {
                                refreshingCalls.add(new long[] {start - t0[0], took});
                            } else {
                                longestOther.accumulateAndGet(took, Math::max);
                                if (took > SLOW_NANOS) {
                                    slowOtherCalls.add(new long[] {start - t0[0], took});
                                }
                            }
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = took;
                        } catch (RuntimeException | Error e) {
                            errors.add(e);
                        }
                        LockSupport.parkNanos(pauseNanos);
                    }
                    latencies[id] = mine;
                    counts[id] = n;
                }, "caller-" + i);
                worker.start();
                workers.add(worker);
            }
            ready.await();
            double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            long[] gcBefore = gc();
            t0[0] = System.nanoTime();
            go.countDown();
            Thread.sleep(window.toMillis());
            stop.set(true);
            for (Thread w : workers) {
                w.join();
            }
            long elapsed = System.nanoTime() - t0[0];
            long[] gcAfter = gc();
            double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

            int signIns = adfs.requestLog().signInCount(EmulatorLauncher.USER) - signInsBefore;
            int assumeRoleCalls = sts.assumeRoleCalls() - assumeRoleBefore;
            long total = Arrays.stream(counts).asLongStream().sum();
            long[] all = new long[Math.toIntExact(total)];
            int at = 0;
            for (int i = 0; i < threads; i++) {
                System.arraycopy(latencies[i], 0, all, at, counts[i]);
                at += counts[i];
            }
            Arrays.sort(all);
            long longestRefreshing = refreshingCalls.stream().mapToLong(c -> c[1]).max().orElse(0);
            // only a call that overlaps a refresh could be waiting for it; the others were delayed by the machine
            long longestOtherDuringRefresh = 0;
            long overlapping = 0;
            long endingWithARefresh = 0;
            for (long[] c : slowOtherCalls) {
                boolean overlaps = refreshingCalls.stream().anyMatch(r -> c[0] < r[0] + r[1] && r[0] < c[0] + c[1]);
                if (overlaps) {
                    overlapping++;
                    longestOtherDuringRefresh = Math.max(longestOtherDuringRefresh, c[1]);
                }
                // a caller held up by the refresh is let go when the refreshing call returns; a stalled one at random
                long end = c[0] + c[1];
                if (refreshingCalls.stream().anyMatch(r -> Math.abs(end - (r[0] + r[1])) <= RELEASE_NANOS)) {
                    endingWithARefresh++;
                }
            }

            System.out.printf(Locale.ROOT, "window: %d s, then %.1f s waiting for calls in flight; %d threads, %d ms pause"
                    + " between calls%n", window.toSeconds(), elapsed / 1e9 - window.toSeconds(), threads, o.get("pauseMs"));
            System.out.printf(Locale.ROOT, "total calls: %d (%.0f/s)%n", total, total / (double) window.toSeconds());
            System.out.println("errors: " + errors.size());
            System.out.println("sign-ins seen by AD FS in the window: " + signIns + " (plus " + signInsBefore + " warm-up)");
            System.out.println("AssumeRoleWithSAML calls in the window: " + assumeRoleCalls + " (plus " + assumeRoleBefore
                    + " warm-up)");
            System.out.println("distinct access keys served: " + keys.size() + " (warm-up's + one per refresh)");
            for (long[] c : refreshingCalls) {
                System.out.printf(Locale.ROOT, "refreshing call: started at %.2f s, took %d ms%n", c[0] / 1e9, c[1] / 1_000_000);
            }
            System.out.printf(Locale.ROOT, "longest call overall: %s%n", ms(all.length == 0 ? 0 : all[all.length - 1]));
            System.out.printf(Locale.ROOT, "longest call of the refreshing caller(s): %s%n", ms(longestRefreshing));
            System.out.printf(Locale.ROOT, "longest call of the other callers: %s%n", ms(longestOther.get()));
            System.out.printf(Locale.ROOT, "other calls over %d ms: %d, of which %d overlapped a refresh (longest of those: %s)"
                    + " and %d ended within %d ms of a refreshing call's return%n", SLOW_NANOS / 1_000_000, slowOtherCalls.size(),
                    overlapping, ms(longestOtherDuringRefresh), endingWithARefresh, RELEASE_NANOS / 1_000_000);
            System.out.printf(Locale.ROOT, "GC in the window: %d collections, %d ms; system load average %.1f before, %.1f after%n",
                    gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1], loadBefore, loadAfter);
            System.out.printf(Locale.ROOT, "latency p50 %s, p99 %s, p99.9 %s, p99.99 %s%n", ms(percentile(all, 50)),
                    ms(percentile(all, 99)), ms(percentile(all, 99.9)), ms(percentile(all, 99.99)));

            List<String> failed = new ArrayList<>();
            check(failed, errors.isEmpty(), "errors: expected 0, found " + errors.size()
                    + (errors.isEmpty() ? "" : " (first: " + errors.peek() + ")"));
            check(failed, signIns == refreshes, "sign-ins started in the window: expected " + refreshes + ", found " + signIns);
            check(failed, assumeRoleCalls == refreshes,
                    "AssumeRoleWithSAML calls in the window: expected " + refreshes + ", found " + assumeRoleCalls);
            check(failed, keys.size() == refreshes + 1,
                    "distinct access keys: expected " + (refreshes + 1) + ", found " + keys.size());
            check(failed, refreshingCalls.size() == refreshes,
                    "calls that signed in: expected " + refreshes + ", found " + refreshingCalls.size());
            check(failed, longestOtherDuringRefresh < pageDelay.toNanos(), "longest call of the other callers during a refresh: "
                    + "expected under " + pageDelay.toMillis() + " ms (one AD FS request), found " + ms(longestOtherDuringRefresh));
            if (failed.isEmpty()) {
                System.out.println("verdict: PASS");
            } else {
                failed.forEach(f -> System.out.println("FAILED: " + f));
                System.out.println("verdict: FAIL");
                System.exit(1);
            }
        }
    }

    private static Path writeCa(AdfsEmulator adfs) throws IOException {
        Path pem = Files.createTempFile("refresh-under-load-ca", ".pem");
        pem.toFile().deleteOnExit();
        return Files.writeString(pem, adfs.caCertificatePem());
    }

    private static void check(List<String> failed, boolean ok, String message) {
        if (!ok) {
            failed.add(message);
        }
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Long> options(String[] args) {
        Map<String, Long> o = new LinkedHashMap<>();
        o.put("threads", 1000L);
        o.put("seconds", 30L);
        o.put("refreshes", 3L);
        o.put("pageDelayMs", 1000L);
        o.put("lifetimeMs", 14_000L);
        o.put("prefetchMs", 7_500L);
        o.put("staleMs", 500L);
        o.put("pauseMs", 10L);
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2 || !o.containsKey(kv[0])) {
                System.err.println("unknown argument '" + a + "': expected key=value with a key of " + o.keySet());
                System.exit(2);
            }
            try {
                o.put(kv[0], Long.parseLong(kv[1]));
            } catch (NumberFormatException e) {
                System.err.println("argument '" + a + "': expected a whole number");
                System.exit(2);
            }
        }
        return o;
    }
}
