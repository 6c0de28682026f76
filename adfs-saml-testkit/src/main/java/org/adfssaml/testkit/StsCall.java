package org.adfssaml.testkit;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request the {@link StsEmulator} answered, for assertions in tests.
 *
 * <p>{@code parameters} holds the request's Query parameters except the secret-bearing ones
 * ({@code SAMLAssertion} and the session {@code Policy} are replaced by {@code <redacted>}), so
 * recording a call never retains an assertion.
 *
 * @param action the {@code Action} parameter, e.g. {@code AssumeRoleWithSAML}
 * @param httpStatus the status the emulator answered
 * @param errorCode the STS error code answered, empty on success
 * @param parameters the request parameters (first value of each), secrets redacted
 * @param accessKeyId the access key that signed the request, empty for unsigned requests
 */
public record StsCall(String action, int httpStatus, Optional<String> errorCode, Map<String, String> parameters,
        Optional<String> accessKeyId) {

    /** Replacement text of redacted parameters. */
    public static final String REDACTED = "<redacted>";

    /**
     * Validates and copies the parameters.
     *
     * @param action the action
     * @param httpStatus the HTTP status
     * @param errorCode the error code
     * @param parameters the parameters
     * @param accessKeyId the signing access key
     */
    public StsCall {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(errorCode, "errorCode");
        parameters = Map.copyOf(parameters);
        Objects.requireNonNull(accessKeyId, "accessKeyId");
    }

    /**
     * A parameter's value.
     *
     * @param name the parameter name, e.g. {@code DurationSeconds}
     * @return its first value, if sent
     */
    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }
}
