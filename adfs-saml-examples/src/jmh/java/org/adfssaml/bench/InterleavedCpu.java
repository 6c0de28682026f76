package org.adfssaml.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A cross-check of the two JMH comparisons that holds up on a busy machine: the two sides of each comparison run
 * alternately in short batches on one thread, and each batch is timed in that thread's CPU time
 * ({@link ThreadMXBean#getCurrentThreadCpuTime()}), so time spent waiting for a core that another process holds is
 * not counted and both sides see the same background load. Prints, per comparison, the median CPU time per operation
 * of each side, the median of the per-round ratios, and its spread.
 *
 * <p>{@code java -cp benchmarks.jar org.adfssaml.bench.InterleavedCpu [rounds]}
 */
public final class InterleavedCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static volatile int sink;

    private InterleavedCpu() {
    }

    /**
     * Runs both comparisons.
     *
     * @param args optionally the number of measured rounds (default 40)
     * @throws Exception when a benchmark's setup or operation fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        SamlValidationBenchmark saml = new SamlValidationBenchmark();
        saml.setUp();
        compare("parse + validate (core) vs bare OpenSAML unmarshal + signature", "us", 1e3, rounds, 200,
                () -> saml.adfsSamlParseAndValidate().hashCode(),
                () -> saml.openSamlUnmarshalAndVerifySignature() ? 1 : 0);
        CredentialsProviderBenchmark providers = new CredentialsProviderBenchmark();
        providers.setUp();
        try {
            compare("warm resolveCredentials(): AdfsCredentialsProvider vs SDK StsAssumeRoleWithSamlCredentialsProvider",
                    "ns", 1, rounds, 2_000_000,
                    () -> providers.adfsCredentialsProvider().hashCode(),
                    () -> providers.sdkStsAssumeRoleWithSamlProvider().hashCode());
        } finally {
            providers.tearDown();
        }
    }

    private static void compare(String title, String unit, double divisor, int rounds, int batch,
            Callable<Integer> a, Callable<Integer> b) throws Exception {
        for (int i = 0; i < 10; i++) { // warm-up: both sides compiled before anything is kept
            cpuPerOp(a, batch);
            cpuPerOp(b, batch);
        }
        List<Double> as = new ArrayList<>();
        List<Double> bs = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            boolean aFirst = r % 2 == 0; // alternate the order so neither side always runs right after the other
            double x = aFirst ? cpuPerOp(a, batch) : 0;
            double y = cpuPerOp(b, batch);
            if (!aFirst) {
                x = cpuPerOp(a, batch);
            }
            as.add(x / divisor);
            bs.add(y / divisor);
            ratios.add(x / y);
        }
        System.out.printf("%s%n  ours %.3f %s/op CPU (median; p10..p90 %.3f..%.3f), floor %.3f %s/op (p10..p90 %.3f..%.3f)"
                + "%n  ratio ours/floor: median %.3f, p10..p90 %.3f..%.3f (%d rounds of %d operations each side)%n",
                title, median(as), unit, pct(as, 0.1), pct(as, 0.9), median(bs), unit, pct(bs, 0.1), pct(bs, 0.9),
                median(ratios), pct(ratios, 0.1), pct(ratios, 0.9), rounds, batch);
    }

    private static double cpuPerOp(Callable<Integer> op, int batch) throws Exception {
        int acc = 0;
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < batch; i++) {
            acc += op.call();
        }
        long cpu = THREADS.getCurrentThreadCpuTime() - start;
        sink = acc;
        return (double) cpu / batch;
    }

    private static double median(List<Double> values) {
        return pct(values, 0.5);
    }

    private static double pct(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.round(q * (sorted.size() - 1)));
    }
}
