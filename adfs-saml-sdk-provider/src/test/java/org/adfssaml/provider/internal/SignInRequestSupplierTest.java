package org.adfssaml.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.adfssaml.core.RoleSelector;
import org.adfssaml.core.SamlResponse;
import org.adfssaml.testkit.TestIdp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlRequest;

class SignInRequestSupplierTest {

    private static TestIdp idp;
    private static String base64;

    @BeforeAll
    static void mint() {
        idp = TestIdp.generate();
        base64 = idp.response().role("123456789012", "AWS-Dev", "ADFS").base64();
    }

    @Test
    void getWhenSignedInThenRequestCarriesRolePrincipalAndTheExactAssertion() {
        SignInRequestSupplier supplier = new SignInRequestSupplier(() -> SamlResponse.parse(base64), RoleSelector.onlyOne(),
                                                                   null, Duration.ofHours(2), null, List.of());

        AssumeRoleWithSamlRequest request = supplier.get();

        assertThat(request.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/AWS-Dev");
        assertThat(request.principalArn()).isEqualTo("arn:aws:iam::123456789012:saml-provider/ADFS");
        assertThat(request.samlAssertion()).isEqualTo(base64);
        assertThat(request.durationSeconds()).isEqualTo(7200);
        assertThat(request.policy()).isNull();
        assertThat(request.hasPolicyArns()).isFalse();
    }

    @Test
    void getWhenCalledTwiceInSequenceThenSignsInTwice() {
        AtomicInteger signIns = new AtomicInteger();
        SignInRequestSupplier supplier = new SignInRequestSupplier(() -> {
            signIns.incrementAndGet();
            return SamlResponse.parse(base64);
        }, RoleSelector.onlyOne(), null, null, null, List.of());

        supplier.get();
        supplier.get();

        assertThat(signIns).hasValue(2);
    }

    @Test
    void getWhenSecondCallerWaitsOnASignInThenItTakesThatOutcomeWithoutSigningIn() throws Exception {
        AtomicInteger signIns = new AtomicInteger();
        CountDownLatch inSignIn = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Supplier<SamlResponse> slowSignIn = () -> {
            signIns.incrementAndGet();
            inSignIn.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return SamlResponse.parse(base64);
        };
        SignInRequestSupplier supplier = new SignInRequestSupplier(slowSignIn, RoleSelector.onlyOne(), null, null, null,
                                                                   List.of());
        CompletableFuture<AssumeRoleWithSamlRequest> first = CompletableFuture.supplyAsync(supplier);
        assertThat(inSignIn.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicReference<AssumeRoleWithSamlRequest> secondResult = new AtomicReference<>();
        Thread second = new Thread(() -> secondResult.set(supplier.get()));
        second.start();
        waitUntilBlocked(second);

        release.countDown();
        second.join(10_000);

        assertThat(first.get(10, TimeUnit.SECONDS)).isSameAs(secondResult.get());
        assertThat(signIns).hasValue(1);
    }

    @Test
    void getWhenSignInRefusedWhileAnotherCallerWaitsThenBothGetTheRefusalAndOnlyOneAttemptIsMade() throws Exception {
        AtomicInteger signIns = new AtomicInteger();
        CountDownLatch inSignIn = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        IllegalStateException refused = new IllegalStateException("refused");
        Supplier<SamlResponse> refusingSignIn = () -> {
            signIns.incrementAndGet();
            inSignIn.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw refused;
        };
        SignInRequestSupplier supplier = new SignInRequestSupplier(refusingSignIn, RoleSelector.onlyOne(), null, null, null,
                                                                   List.of());
        CompletableFuture<AssumeRoleWithSamlRequest> first = CompletableFuture.supplyAsync(supplier);
        assertThat(inSignIn.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicReference<Throwable> secondFailure = new AtomicReference<>();
        Thread second = new Thread(() -> {
            try {
                supplier.get();
            } catch (RuntimeException e) {
                secondFailure.set(e);
            }
        });
        second.start();
        waitUntilBlocked(second);

        release.countDown();
        second.join(10_000);

        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).cause().isSameAs(refused);
        assertThat(secondFailure.get()).isSameAs(refused);
        assertThat(signIns).hasValue(1);
    }

    @Test
    void clampWhenOutsideStsRangeThenBoundsAreUsed() {
        assertThat(SignInRequestSupplier.clamp(Duration.ofSeconds(60))).isEqualTo(900);
        assertThat(SignInRequestSupplier.clamp(Duration.ofHours(13))).isEqualTo(43200);
        assertThat(SignInRequestSupplier.clamp(Duration.ofSeconds(5400))).isEqualTo(5400);
    }

    @Test
    void getWhenSignInReturnsNothingThenClearError() {
        SignInRequestSupplier supplier = new SignInRequestSupplier(() -> null, RoleSelector.onlyOne(), null, null, null,
                                                                   List.of());

        assertThatThrownBy(supplier::get).isInstanceOf(IllegalStateException.class)
                                         .hasMessage("The sign-in returned no SAML response");
    }

    private static void waitUntilBlocked(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("second caller never blocked on the sign-in lock");
            }
            Thread.sleep(1);
        }
    }
}
