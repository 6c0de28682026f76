package org.adfssaml.testkit;

import java.util.Optional;

/**
 * The second-factor adapters the {@link AdfsEmulator} can put in front of a user after the password.
 *
 * <p>Every MFA page is a form posting back to the sign-on URL with the hidden fields {@code AuthMethod} (the
 * adapter's name, see {@link #authMethod()}) and {@code Context} (an opaque value that ties the post to the
 * pending sign-in) plus, for the code adapters, the code field named by {@link #codeField()}.
 */
public enum MfaKind {
    /**
     * Azure MFA adapter asking for a verification code: {@code form#loginForm} with {@code AuthMethod=
     * AzureMfaAuthentication}, {@code Context} and {@code input#verificationCodeInput name=VerificationCode}.
     */
    AZURE_MFA_CODE("AzureMfaAuthentication", "VerificationCode"),
    /**
     * Azure MFA adapter with a push notification and number match: {@code form#loginForm} with
     * {@code AuthMethod=AzureMfaAuthentication} and {@code Context}, the number to type on the phone in
     * {@code #validEntropyNumber}, and no code field. The polling contract: the client posts the form unchanged
     * ({@code AuthMethod}, {@code Context}) every few seconds (the page's own script does so every 2 s); while
     * the push is not approved the answer is the same page (200, {@code #pollStatus} says how many polls were
     * seen); the post that reaches the user's configured number of polls is answered like a completed sign-in
     * (302 with the {@code MSISAuth} cookies, then the SAML auto-post page).
     */
    AZURE_MFA_PUSH("AzureMfaAuthentication", null),
    /**
     * Symantec VIP adapter: {@code form#vipForm} with {@code AuthMethod=VIPAuthenticationProviderUPN},
     * {@code Context} and {@code SecurityCode}.
     */
    VIP("VIPAuthenticationProviderUPN", "SecurityCode"),
    /**
     * RSA SecurID adapter: {@code form#passcodeForm} (no action: posts to the page URL) with
     * {@code AuthMethod=SecurIDAuthentication}, {@code Context} and {@code Passcode}.
     */
    RSA_SECURID("SecurIDAuthentication", "Passcode"),
    /**
     * Duo adapter: {@code form#duo_form} with {@code AuthMethod=DuoAdfsAdapter} and {@code Context}, the
     * {@code duo_host} / {@code duo_sig_request} inputs and {@code iframe#duo_iframe}. It can never be completed
     * (a post shows the same page again): it is there for "unsupported adapter" tests.
     */
    DUO("DuoAdfsAdapter", null);

    private final String authMethod;
    private final String codeField;

    MfaKind(String authMethod, String codeField) {
        this.authMethod = authMethod;
        this.codeField = codeField;
    }

    /** The adapter's {@code AuthMethod} value, as real AD FS posts it. */
    public String authMethod() {
        return authMethod;
    }

    /** The name of the field that carries the code, empty for push and Duo. */
    public Optional<String> codeField() {
        return Optional.ofNullable(codeField);
    }
}
