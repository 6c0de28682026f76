package org.adfssaml.provider;

import java.util.Objects;
import java.util.Optional;

/**
 * AWS STS refused {@code AssumeRoleWithSAML}. Carries STS's own error code and message, the role asked for, and a hint
 * for the common causes (an expired assertion or a skewed clock, a rejected claim, a region where STS is disabled).
 *
 * <p>The message never contains the SAML assertion or any credential.
 */
public final class StsRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorCode;
    private final String stsMessage;
    private final int statusCode;
    private final String requestId;
    private final String roleArn;
    private final String hint;

    /**
     * Creates the exception.
     *
     * @param errorCode  STS's error code, e.g. {@code ExpiredTokenException}
     * @param stsMessage STS's error message (may be empty)
     * @param statusCode the HTTP status of STS's answer
     * @param requestId  STS's request id, or {@code null}
     * @param roleArn    the role that was asked for
     * @param hint       what the user can do about it, or {@code null}
     * @param cause      the SDK exception
     */
    public StsRefusedException(String errorCode, String stsMessage, int statusCode, String requestId, String roleArn,
                               String hint, Throwable cause) {
        super(format(errorCode, stsMessage, statusCode, requestId, roleArn, hint), cause);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
        this.stsMessage = stsMessage == null ? "" : stsMessage;
        this.statusCode = statusCode;
        this.requestId = requestId;
        this.roleArn = Objects.requireNonNull(roleArn, "roleArn");
        this.hint = hint;
    }

    private static String format(String errorCode, String stsMessage, int statusCode, String requestId, String roleArn,
                                 String hint) {
        StringBuilder message = new StringBuilder("AWS STS refused AssumeRoleWithSAML for role ").append(roleArn)
                                                                                                 .append(": ")
                                                                                                 .append(errorCode);
        if (stsMessage != null && !stsMessage.isBlank()) {
            message.append(": ").append(stsMessage);
        }
        message.append(" (HTTP ").append(statusCode);
        if (requestId != null) {
            message.append(", request id ").append(requestId);
        }
        message.append(')');
        if (hint != null) {
            message.append(". ").append(hint);
        }
        return message.toString();
    }

    /** @return STS's error code, e.g. {@code IDPRejectedClaim} */
    public String errorCode() {
        return errorCode;
    }

    /** @return STS's error message, empty when it gave none */
    public String stsMessage() {
        return stsMessage;
    }

    /** @return the HTTP status code of STS's answer */
    public int statusCode() {
        return statusCode;
    }

    /** @return STS's request id, when it gave one */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** @return the ARN of the role that was asked for */
    public String roleArn() {
        return roleArn;
    }

    /** @return a hint for the user, when the error code has a known common cause */
    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }
}
