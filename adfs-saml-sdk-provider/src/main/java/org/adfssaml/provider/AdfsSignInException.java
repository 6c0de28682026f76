package org.adfssaml.provider;

/**
 * The sign-in could not be completed: a page the client cannot act on (named by its form ids,
 * {@code AuthMethod}, title and URL), a transport or TLS error, or a guard that refused to send a
 * request (another origin, plain http to a non-loopback host).
 *
 * <p>Messages never contain a password, an MFA code or a SAML response. Retrying may help for
 * transport errors; it never helps for an {@link AdfsAuthenticationException} (a subclass).
 */
public class AdfsSignInException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was expected and what was found
     */
    public AdfsSignInException(String message) {
        super(message);
    }

    /**
     * @param message what was expected and what was found
     * @param cause   the underlying error
     */
    public AdfsSignInException(String message, Throwable cause) {
        super(message, cause);
    }
}
