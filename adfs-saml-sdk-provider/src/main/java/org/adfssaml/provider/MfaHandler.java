package org.adfssaml.provider;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Answers the second-factor step of a sign-in. Called on the thread that runs
 * {@link AdfsSignIn#signIn()}.
 *
 * <p>For a {@link MfaChallenge.CodeEntry} return the code the user typed; the array is wiped
 * after it has been posted. For a {@link MfaChallenge.Push} show the prompt (and the number to
 * match, if any) and return any non-null array (an empty one is fine) to start waiting for the
 * approval. Return {@code null} to decline: the sign-in then fails with an
 * {@link AdfsAuthenticationException} ({@link AdfsAuthenticationException.Reason#MFA_DECLINED})
 * and is not retried.
 */
@FunctionalInterface
public interface MfaHandler {

    /**
     * @param challenge what the IdP asks for
     * @return the code (for code entry), a non-null array to wait for a push approval, or
     *         {@code null} to decline
     */
    char[] respond(MfaChallenge challenge);

    /**
     * The default handler: declines every challenge, so an MFA page fails the sign-in with a
     * clear error instead of hanging.
     *
     * @return a handler that always declines
     */
    static MfaHandler decline() {
        return challenge -> null;
    }

    /**
     * A non-interactive handler: answers code entry with the next value of {@code codes} (for
     * example an environment variable or a TOTP generator) and waits for push approvals.
     *
     * @param codes supplies a fresh copy of the code for each challenge; {@code null} declines
     * @return a handler for scripts and tests
     */
    static MfaHandler codes(Supplier<char[]> codes) {
        Objects.requireNonNull(codes, "codes");
        return challenge -> challenge instanceof MfaChallenge.CodeEntry ? codes.get() : new char[0];
    }
}
