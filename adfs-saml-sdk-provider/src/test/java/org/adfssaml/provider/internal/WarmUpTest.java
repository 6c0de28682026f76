package org.adfssaml.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class WarmUpTest {

    @Test
    void beforeWhenCalledThreeTimesThenTaskRunsOnceInADaemonThreadAndEveryCallReachesTheSource() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch ran = new CountDownLatch(1);
        AtomicInteger sourceCalls = new AtomicInteger();
        Supplier<String> warmed = WarmUp.before(() -> "response " + sourceCalls.incrementAndGet(), () -> {
            Thread current = Thread.currentThread();
            threads.add(current.getName() + (current.isDaemon() ? " (daemon)" : ""));
            ran.countDown();
        });

        List<String> results = List.of(warmed.get(), warmed.get(), warmed.get());

        assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(results).containsExactly("response 1", "response 2", "response 3");
        Thread.sleep(50); // a second warm-up, if one were started, would have had time to record itself
        assertThat(threads).containsExactly("adfs-saml-warm-up (daemon)");
    }

    @Test
    void beforeWhenTaskFailsThenSourceResultUnaffected() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        Supplier<String> warmed = WarmUp.before(() -> "response", () -> {
            failed.countDown();
            throw new IllegalStateException("cannot initialise OpenSAML");
        });

        assertThat(warmed.get()).isEqualTo("response");
        assertThat(failed.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(warmed.get()).isEqualTo("response");
    }

    @Test
    void beforeWhenSourceNotCalledThenNoWarmUp() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);

        WarmUp.before(() -> "response", ran::countDown);

        assertThat(ran.await(200, TimeUnit.MILLISECONDS)).isFalse();
    }
}
