package org.adfssaml.provider.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.adfssaml.core.AwsRole;
import org.adfssaml.core.RoleSelector;
import org.adfssaml.core.SamlError;
import org.adfssaml.core.SamlResponse;
import org.adfssaml.core.SamlValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlRequest;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;

/**
 * The refresh request supplier given to the SDK's {@code StsAssumeRoleWithSamlCredentialsProvider}: every call signs in
 * again, optionally validates the SAML response, picks the role and builds the {@code AssumeRoleWithSAML} request.
 *
 * <p>Sign-ins are single-flight: callers that were waiting while another caller signed in take that caller's outcome
 * (the same request, or the same exception) instead of signing in again. The SDK's cache lets a caller that waited
 * more than five seconds for a refresh start its own, which with an interactive MFA sign-in would otherwise prompt
 * twice, and after an authentication refusal would post the rejected password again. No exception is retried here.
 */
public final class SignInRequestSupplier implements Supplier<AssumeRoleWithSamlRequest> {

    /** STS's lower bound for DurationSeconds. */
    public static final Duration MIN_DURATION = Duration.ofSeconds(900);
    /** STS's upper bound for DurationSeconds (a role's MaxSessionDuration may be lower). */
    public static final Duration MAX_DURATION = Duration.ofHours(12);

    private static final Logger LOG = LoggerFactory.getLogger(SignInRequestSupplier.class);

    private final Supplier<SamlResponse> signIn;
    private final RoleSelector roleSelector;
    private final SamlValidator validator;
    private final Duration duration;
    private final String policy;
    private final List<String> policyArns;

    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong completed = new AtomicLong();
    private volatile Outcome last;

    /**
     * Creates the supplier.
     *
     * @param signIn       signs in and returns the SAML response
     * @param roleSelector picks the role
     * @param validator    validates the response before it is sent, or {@code null}
     * @param duration     the configured session duration, or {@code null} for the assertion's
     * @param policy       inline session policy, or {@code null}
     * @param policyArns   managed session policy ARNs (may be empty)
     */
    public SignInRequestSupplier(Supplier<SamlResponse> signIn, RoleSelector roleSelector, SamlValidator validator,
                                 Duration duration, String policy, List<String> policyArns) {
        this.signIn = Objects.requireNonNull(signIn, "signIn");
        this.roleSelector = Objects.requireNonNull(roleSelector, "roleSelector");
        this.validator = validator;
        this.duration = duration;
        this.policy = policy;
        this.policyArns = List.copyOf(policyArns);
    }

    @Override
    public AssumeRoleWithSamlRequest get() {
        long seen = completed.get();
        lock.lock();
        try {
            Outcome previous = last;
            if (completed.get() != seen && previous != null) {
                LOG.debug("Using the sign-in that completed while this caller waited");
                return previous.get();
            }
            Outcome outcome;
            try {
                outcome = new Outcome(request(), null);
            } catch (RuntimeException | Error e) {
                outcome = new Outcome(null, e);
            }
            last = outcome;
            completed.incrementAndGet();
            return outcome.get();
        } finally {
            lock.unlock();
        }
    }

    private AssumeRoleWithSamlRequest request() {
        SamlResponse response = signIn.get();
        if (response == null) {
            throw new IllegalStateException("The sign-in returned no SAML response");
        }
        if (validator != null) {
            response = validator.validate(response);
        }
        for (SamlError error : response.roleErrors()) {
            LOG.warn("Ignoring a Role attribute value of the SAML response: {}", error.message());
        }
        AwsRole role = roleSelector.select(response.roles());
        Integer seconds = durationSeconds(response);
        LOG.debug("Signed in; assuming role {} with SAML provider {} for {}", role.roleArn(), role.principalArn(),
                  seconds == null ? "STS's default duration" : seconds + " s");
        AssumeRoleWithSamlRequest.Builder builder = AssumeRoleWithSamlRequest.builder()
                                                                             .roleArn(role.roleArn())
                                                                             .principalArn(role.principalArn())
                                                                             .samlAssertion(response.toBase64())
                                                                             .durationSeconds(seconds);
        if (policy != null) {
            builder.policy(policy);
        }
        if (!policyArns.isEmpty()) {
            builder.policyArns(policyArns.stream().map(arn -> PolicyDescriptorType.builder().arn(arn).build()).toList());
        }
        return builder.build();
    }

    private Integer durationSeconds(SamlResponse response) {
        if (duration != null) {
            return Math.toIntExact(duration.getSeconds());
        }
        return response.sessionDuration().map(SignInRequestSupplier::clamp).orElse(null);
    }

    /**
     * Brings an assertion's SessionDuration into STS's range.
     *
     * @param requested the assertion's value
     * @return seconds between 900 and 43200
     */
    static Integer clamp(Duration requested) {
        long seconds = Math.max(MIN_DURATION.getSeconds(), Math.min(MAX_DURATION.getSeconds(), requested.getSeconds()));
        if (seconds != requested.getSeconds()) {
            LOG.info("The assertion's SessionDuration of {} s is outside STS's range of {}..{} s; requesting {} s",
                     requested.getSeconds(), MIN_DURATION.getSeconds(), MAX_DURATION.getSeconds(), seconds);
        }
        return (int) seconds;
    }

    private record Outcome(AssumeRoleWithSamlRequest request, Throwable failure) {
        AssumeRoleWithSamlRequest get() {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            return request;
        }
    }
}
