package org.adfssaml.examples;

import java.io.Console;
import java.io.PrintStream;
import java.util.function.Supplier;
import org.adfssaml.provider.MfaChallenge;
import org.adfssaml.provider.MfaHandler;

/**
 * An {@link MfaHandler} for AD FS second factors: a one-time code (Azure MFA verification code, Symantec VIP,
 * RSA SecurID, OATH) from a supplier such as a console prompt or a TOTP generator, and push / number-match
 * approvals shown to the user while the sign-in waits.
 *
 * <pre>{@code
 * AdfsSignIn signIn = AdfsSignIn.builder()
 *         .idpUrl("https://adfs.example.com")
 *         .username("EXAMPLE\\alice")
 *         .passwordSource(() -> console.readPassword("Password: "))
 *         .mfaHandler(MfaHandlerExample.handler(() -> console.readPassword("Code: "), System.err))
 *         .build();
 * }</pre>
 */
public final class MfaHandlerExample {

    private MfaHandlerExample() {
    }

    /**
     * @param codes supplies a one-time code when one is asked for ({@code null} declines the challenge)
     * @param messages where push instructions are shown
     * @return the handler
     */
    public static MfaHandler handler(Supplier<char[]> codes, PrintStream messages) {
        // snippet: mfa-handler
        return challenge -> {
            if (challenge instanceof MfaChallenge.Push push) {
                messages.println("Approve the sign-in in your authenticator app"
                        + push.number().map(n -> " and enter " + n).orElse(""));
                return new char[0]; // any non-null answer: the sign-in polls until approved or timed out
            }
            MfaChallenge.CodeEntry code = (MfaChallenge.CodeEntry) challenge;
            messages.println(code.adapter() + " asks for a code" + (code.prompt().isBlank() ? "" : ": " + code.prompt()));
            return codes.get();
        };
        // end snippet
    }

    /**
     * A handler that asks on the console.
     *
     * @return the handler, or one that declines when there is no console
     */
    public static MfaHandler console() {
        Console console = System.console();
        return console == null ? MfaHandler.decline()
                : handler(() -> console.readPassword("Verification code: "), System.err);
    }
}
