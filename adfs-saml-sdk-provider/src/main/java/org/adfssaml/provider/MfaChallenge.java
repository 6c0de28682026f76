package org.adfssaml.provider;

import java.util.Objects;
import java.util.Optional;

/**
 * A second-factor step the IdP asks for, handed to an {@link MfaHandler}.
 *
 * <ul>
 *   <li>{@link CodeEntry}: the user types a one-time code (Azure MFA verification code, Symantec
 *       VIP security code, RSA SecurID passcode, OATH code); the client posts it into
 *       {@link CodeEntry#fieldName()} of the MFA form.</li>
 *   <li>{@link Push}: the IdP sent a notification to the user's device; with number matching
 *       {@link Push#numberToShow()} is the number the user must enter in the app. The client
 *       polls until the user approves or the configured timeout passes.</li>
 * </ul>
 */
public sealed interface MfaChallenge permits MfaChallenge.CodeEntry, MfaChallenge.Push {

    /**
     * @return the AD FS authentication adapter, the page's {@code AuthMethod} value
     *         (e.g. {@code AzureMfaAuthentication}, {@code SecurIDAuthentication})
     */
    String adapter();

    /**
     * @return the text the IdP shows the user for this step, or an empty string
     */
    String prompt();

    /**
     * A one-time code to type in.
     *
     * @param adapter   the page's {@code AuthMethod} value
     * @param fieldName the form field the code is posted in ({@code VerificationCode},
     *                  {@code SecurityCode}, {@code Passcode}, {@code OathCode}, ...)
     * @param prompt    the IdP's instruction text, or an empty string
     */
    record CodeEntry(String adapter, String fieldName, String prompt) implements MfaChallenge {
        /** Validates that every component is present. */
        public CodeEntry {
            Objects.requireNonNull(adapter, "adapter");
            Objects.requireNonNull(fieldName, "fieldName");
            Objects.requireNonNull(prompt, "prompt");
        }
    }

    /**
     * An approval on the user's device (push notification, phone call, or number matching).
     *
     * @param adapter      the page's {@code AuthMethod} value
     * @param numberToShow the number the user must enter in the authenticator app (number
     *                     matching), or {@code null} for a plain push
     * @param prompt       the IdP's instruction text, or an empty string
     */
    record Push(String adapter, String numberToShow, String prompt) implements MfaChallenge {
        /** Validates that the adapter and prompt are present. */
        public Push {
            Objects.requireNonNull(adapter, "adapter");
            Objects.requireNonNull(prompt, "prompt");
        }

        /**
         * @return the number to show for number matching, empty for a plain push
         */
        public Optional<String> number() {
            return Optional.ofNullable(numberToShow);
        }
    }
}
