package org.adfssaml.provider;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.adfssaml.core.SamlResponse;
import org.adfssaml.testkit.SamlResponseBuilder;
import org.adfssaml.testkit.TestIdp;

/** The provider's sign-in seam for tests: mints a signed response per call on a given clock and counts the calls. */
final class CountingSignIn implements Supplier<SamlResponse> {
    static final String ACCOUNT = "123456789012";
    static final String ROLE_NAME = "AWS-Dev";
    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/AWS-Dev";
    static final String PRINCIPAL_ARN = "arn:aws:iam::123456789012:saml-provider/ADFS";

    private final TestIdp idp;
    private final Clock clock;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile UnaryOperator<SamlResponseBuilder> customizer = b -> b.role(ACCOUNT, ROLE_NAME, "ADFS");
    private volatile RuntimeException failure;
    private volatile String lastAssertion;

    CountingSignIn(TestIdp idp, Clock clock) {
        this.idp = idp;
        this.clock = clock;
    }

    /** Replaces the default response content (one role, AWS-Dev). */
    CountingSignIn responses(UnaryOperator<SamlResponseBuilder> customizer) {
        this.customizer = customizer;
        return this;
    }

    /** From now on every sign-in throws this ({@code null}: succeed again). */
    void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    /** The base64 of the last response minted, to check that it appears nowhere it should not. */
    String lastAssertion() {
        return lastAssertion;
    }

    int calls() {
        return calls.get();
    }

    @Override
    public SamlResponse get() {
        calls.incrementAndGet();
        RuntimeException current = failure;
        if (current != null) {
            throw current;
        }
        String base64 = customizer.apply(idp.response().clock(clock)).base64();
        lastAssertion = base64;
        return SamlResponse.parse(base64);
    }
}
