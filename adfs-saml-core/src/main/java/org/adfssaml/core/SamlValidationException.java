package org.adfssaml.core;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Thrown when a SAML response cannot be decoded, parsed or validated. It carries every error
 * found, not just the first, so a caller can show the whole picture at once.
 *
 * <pre>{@code
 * try {
 *     validator.validate(base64);
 * } catch (SamlValidationException e) {
 *     if (e.hasCode(SamlErrorCodes.EXPIRED)) { ... sign in again ... }
 * }
 * }</pre>
 *
 * <p>The message is the errors joined by {@code "; "}; like the errors, it never contains the
 * assertion.
 */
public final class SamlValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<SamlError> errors;

    /**
     * Creates an exception for the given errors.
     *
     * @param errors the errors, at least one
     * @throws IllegalArgumentException if {@code errors} is empty
     */
    public SamlValidationException(List<SamlError> errors) {
        this(errors, null);
    }

    /**
     * Creates an exception for the given errors with a cause.
     *
     * @param errors the errors, at least one
     * @param cause  the underlying exception, may be null
     * @throws IllegalArgumentException if {@code errors} is empty
     */
    public SamlValidationException(List<SamlError> errors, Throwable cause) {
        super(message(errors), cause);
        this.errors = List.copyOf(errors);
    }

    /**
     * Creates an exception carrying a single error.
     *
     * @param code    the error code
     * @param message what was expected and what was found
     * @return the exception
     */
    public static SamlValidationException of(String code, String message) {
        return new SamlValidationException(List.of(new SamlError(code, message)));
    }

    private static String message(List<SamlError> errors) {
        Objects.requireNonNull(errors, "errors");
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a SamlValidationException needs at least one error");
        }
        return errors.stream().map(SamlError::toString).collect(Collectors.joining("; "));
    }

    /**
     * Every error found, in the order the checks ran.
     *
     * @return the errors, never empty, immutable
     */
    public List<SamlError> errors() {
        return errors;
    }

    /**
     * Whether one of the errors has the given code.
     *
     * @param code a code from {@link SamlErrorCodes}
     * @return true when an error has that code
     */
    public boolean hasCode(String code) {
        return errors.stream().anyMatch(e -> e.code().equals(code));
    }
}
