package org.adfssaml.core;

import java.util.Objects;

/**
 * One problem found in a SAML response: a stable machine-readable {@code code} (one of
 * {@link SamlErrorCodes}) and a human-readable {@code message} that states what was expected and
 * what was found. Messages never contain the assertion itself.
 *
 * <pre>{@code
 * for (SamlError e : validator.check(response)) {
 *     System.err.println(e.code() + ": " + e.message());
 * }
 * }</pre>
 *
 * @param code    the error code, e.g. {@link SamlErrorCodes#EXPIRED}
 * @param message what was expected and what was found
 */
public record SamlError(String code, String message) {

    /**
     * Creates an error.
     *
     * @param code    the error code, not null or blank
     * @param message the message, not null
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code code} is blank
     */
    public SamlError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (code.isBlank()) {
            throw new IllegalArgumentException("code must not be blank");
        }
    }

    /**
     * Shorthand for {@code new SamlError(code, message)}.
     *
     * @param code    the error code
     * @param message what was expected and what was found
     * @return the error
     */
    public static SamlError of(String code, String message) {
        return new SamlError(code, message);
    }

    @Override
    public String toString() {
        return code + ": " + message;
    }
}
