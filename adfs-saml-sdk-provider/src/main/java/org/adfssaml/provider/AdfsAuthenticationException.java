package org.adfssaml.provider;

import java.util.Objects;
import java.util.Optional;

/**
 * The IdP refused the user: wrong password, locked or disabled account (the IdP's own error text
 * is kept in {@link #idpErrorText()}), integrated authentication refused, or MFA declined, refused
 * or timed out.
 *
 * <p>Never retried automatically: repeated wrong passwords lock Active Directory accounts
 * (extranet lockout). After a refused password, {@link AdfsSignIn#signIn()} fails fast with this
 * same error, without contacting AD FS, until the password source yields a different password.
 */
public final class AdfsAuthenticationException extends AdfsSignInException {
    private static final long serialVersionUID = 1L;

    /** Why the IdP refused the sign-in. */
    public enum Reason {
        /** The IdP answered a posted password with an error (wrong password, locked, disabled, ...). */
        PASSWORD_REFUSED,
        /** A refusal remembered from an earlier attempt with the same password; AD FS was not contacted. */
        REMEMBERED_REFUSAL,
        /** Windows integrated authentication (Kerberos or NTLM) was refused or not offered. */
        INTEGRATED_AUTH_REFUSED,
        /** The {@link MfaHandler} declined the challenge. */
        MFA_DECLINED,
        /** The IdP refused the MFA code or the second factor. */
        MFA_REFUSED,
        /** A push / number-match approval did not arrive before the configured timeout. */
        MFA_TIMEOUT,
        /** The IdP showed an error page before any credential was sent. */
        IDP_ERROR
    }

    private final Reason reason;
    private final String idpErrorText;

    /**
     * @param reason       why the sign-in was refused
     * @param message      what was expected and what was found (no secrets)
     * @param idpErrorText the IdP's own error text, or {@code null} when the page had none
     */
    public AdfsAuthenticationException(Reason reason, String message, String idpErrorText) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.idpErrorText = idpErrorText;
    }

    /**
     * @return why the sign-in was refused
     */
    public Reason reason() {
        return reason;
    }

    /**
     * @return the error text the IdP showed ({@code #errorText} on AD FS pages), if any
     */
    public Optional<String> idpErrorText() {
        return Optional.ofNullable(idpErrorText);
    }
}
