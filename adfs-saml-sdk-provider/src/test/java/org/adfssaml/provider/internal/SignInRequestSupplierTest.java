package org.adfssaml.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
        BlockingSignIn signIn = new BlockingSignIn(() -> SamlResponse.parse(base64));
        SignInRequestSupplier supplier = new SignInRequestSupplier(signIn, RoleSelector.onlyOne(), null, null, null,
                                                                   List.of());

        CompletableFuture<AssumeRoleWithSamlRequest> first = CompletableFuture.supplyAsync(supplier);
        CompletableFuture<AssumeRoleWithSamlRequest> second = signIn.secondCallerBlockedBehindFirst(supplier);
        signIn.release();

        assertThat(first.get(10, TimeUnit.SECONDS)).isSameAs(second.get(10, TimeUnit.SECONDS));
        assertThat(signIn.calls).hasValue(1);
    }

    @Test
    void getWhenSignInRefusedWhileAnotherCallerWaitsThenBothGetTheRefusalAndOnlyOneAttemptIsMade() throws Exception {
        IllegalStateException refused = new IllegalStateException("refused");
        BlockingSignIn signIn = new BlockingSignIn(() -> {
            throw refused;
        });
        SignInRequestSupplier supplier = new SignInRequestSupplier(signIn, RoleSelector.onlyOne(), null, null, null,
                                                                   List.of());

        CompletableFuture<AssumeRoleWithSamlRequest> first = CompletableFuture.supplyAsync(supplier);
        CompletableFuture<AssumeRoleWithSamlRequest> second = signIn.secondCallerBlockedBehindFirst(supplier);
        signIn.release();

        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).cause().isSameAs(refused);
        assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).cause().isSameAs(refused);
        assertThat(signIn.calls).hasValue(1);
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

    /** A sign-in that holds its first caller until released, so a second caller can queue up behind it. */
    private static final class BlockingSignIn implements Supplier<SamlResponse> {
        final AtomicInteger calls = new AtomicInteger();
        private final Supplier<SamlResponse> outcome;
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        BlockingSignIn(Supplier<SamlResponse> outcome) {
            this.outcome = outcome;
        }

        @Override
        public SamlResponse get() {
            calls.incrementAndGet();
            entered.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return outcome.get();
        }

        /** Starts a second caller once the first is inside the sign-in, and returns when it waits on the lock. */
        CompletableFuture<AssumeRoleWithSamlRequest> secondCallerBlockedBehindFirst(SignInRequestSupplier supplier)
            throws InterruptedException {
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<AssumeRoleWithSamlRequest> result = new CompletableFuture<>();
            Thread second = new Thread(() -> {
                try {
                    result.complete(supplier.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
            second.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (second.getState() != Thread.State.WAITING && second.getState() != Thread.State.TIMED_WAITING) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("second caller never blocked on the sign-in lock");
                }
                Thread.sleep(1);
            }
            return result;
        }

        void release() {
            released.countDown();
        }
    }
}
