package org.adfssaml.testkit.internal.sts;

/**
 * A scripted failure answered instead of the next request.
 *
 * @param httpStatus the HTTP status
 * @param code the STS error code
 * @param message the error message
 */
public record StsFault(int httpStatus, String code, String message) {

    /**
     * AWS's throttling answer, HTTP 400 {@code Throttling} "Rate exceeded".
     *
     * @return the fault
     */
    public static StsFault throttling() {
        return new StsFault(400, "Throttling", "Rate exceeded");
    }

    /**
     * A server-side failure with the code STS uses for that status.
     *
     * @param status an HTTP status, usually 5xx
     * @return the fault
     */
    public static StsFault serverError(int status) {
        return switch (status) {
            case 503 -> new StsFault(status, "ServiceUnavailable", "Service is unavailable. Please try again later.");
            default -> new StsFault(status, "InternalFailure",
                    "The request processing has failed because of an unknown error, exception or failure.");
        };
    }

    /**
     * The {@code Type} of the error: {@code Receiver} for 5xx, else {@code Sender}.
     *
     * @return the type
     */
    public String type() {
        return httpStatus >= 500 ? "Receiver" : "Sender";
    }
}
