package org.adfssaml.testkit;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A directory user of the {@link AdfsEmulator}: credentials, account state, second factor and the AWS roles the
 * claim rules grant.
 *
 * <pre>{@code
 * AdfsUser alice = AdfsUser.builder("alice@example.test")
 *         .password("Passw0rd!")
 *         .roles("arn:aws:iam::123456789012:role/Dev,arn:aws:iam::123456789012:saml-provider/ADFS")
 *         .mfa(MfaKind.AZURE_MFA_CODE, "123456")
 *         .build();
 * }</pre>
 *
 * <p>The password is held as a {@code char[]} copy and never appears in {@link #toString()}.
 */
public final class AdfsUser {

    private final String username;
    private final char[] password;
    private final String email;
    private final List<String> roles;
    private final List<String> adAttributeValues;
    private final boolean locked;
    private final boolean disabled;
    private final MfaKind mfaKind;
    private final List<String> mfaCodes;
    private final int pushApprovedAfterPolls;
    private final boolean pushDenied;

    private AdfsUser(Builder b) {
        if (b.username == null || b.username.isBlank()) {
            throw new IllegalArgumentException("username must not be blank, found \"" + b.username + "\"");
        }
        if (b.pushApprovedAfterPolls < 1) {
            throw new IllegalArgumentException(
                    "pushApprovedAfterPolls must be at least 1, found " + b.pushApprovedAfterPolls);
        }
        if (b.mfaKind != null && b.mfaKind.codeField().isPresent() && b.mfaCodes.isEmpty()) {
            throw new IllegalArgumentException("MFA kind " + b.mfaKind + " of user " + b.username
                    + " needs at least one expected code, found none");
        }
        this.username = b.username;
        this.password = b.password.clone();
        this.email = b.email != null ? b.email : defaultEmail(b.username);
        this.roles = List.copyOf(b.roles);
        this.adAttributeValues = List.copyOf(b.adAttributeValues);
        this.locked = b.locked;
        this.disabled = b.disabled;
        this.mfaKind = b.mfaKind;
        this.mfaCodes = List.copyOf(b.mfaCodes);
        this.pushApprovedAfterPolls = b.pushApprovedAfterPolls;
        this.pushDenied = b.pushDenied;
    }

    private static String defaultEmail(String username) {
        String local = localPart(username);
        return username.contains("@") ? username : local + "@example.test";
    }

    /**
     * Starts a builder.
     *
     * @param username the sign-in name (UPN such as {@code alice@example.test}, or {@code DOMAIN\alice}, or a
     *                 plain account name); see {@link #matchesLogin(String)} for what a client may type
     */
    public static Builder builder(String username) {
        return new Builder(username);
    }

    /** A builder pre-filled with this user's settings. */
    public Builder toBuilder() {
        Builder b = new Builder(username);
        b.password = password.clone();
        b.email = email;
        b.roles = roles;
        b.adAttributeValues = adAttributeValues;
        b.locked = locked;
        b.disabled = disabled;
        b.mfaKind = mfaKind;
        b.mfaCodes = mfaCodes;
        b.pushApprovedAfterPolls = pushApprovedAfterPolls;
        b.pushDenied = pushDenied;
        return b;
    }

    /** The configured sign-in name. */
    public String username() {
        return username;
    }

    /** The account name without domain: {@code alice} for {@code alice@example.test} and {@code EXAMPLE\alice}. */
    public String accountName() {
        return localPart(username);
    }

    /** The e-mail address, used as RoleSessionName. */
    public String email() {
        return email;
    }

    /** Role attribute values ({@code roleArn,providerArn} in either order) given explicitly. */
    public List<String> roles() {
        return roles;
    }

    /** AD attribute values {@code AWS-<account>-<role>} that the claim rule turns into Role values. */
    public List<String> adAttributeValues() {
        return adAttributeValues;
    }

    /** Whether the account is locked out in AD. */
    public boolean locked() {
        return locked;
    }

    /** Whether the account is disabled in AD. */
    public boolean disabled() {
        return disabled;
    }

    /** The second factor AD FS asks this user for, if any. */
    public Optional<MfaKind> mfa() {
        return Optional.ofNullable(mfaKind);
    }

    /** The codes the code adapters accept for this user. */
    public List<String> mfaCodes() {
        return mfaCodes;
    }

    /** After how many polls a push is approved. */
    public int pushApprovedAfterPolls() {
        return pushApprovedAfterPolls;
    }

    /** Whether the user denies the push instead of approving it. */
    public boolean pushDenied() {
        return pushDenied;
    }

    /**
     * Whether a login name typed by a client designates this user: case-insensitive, ignoring a
     * {@code DOMAIN\} prefix and an {@code @domain} / {@code @REALM} suffix on either side, and also matching
     * the e-mail address.
     */
    public boolean matchesLogin(String login) {
        if (login == null || login.isBlank()) {
            return false;
        }
        String trimmed = login.trim();
        return trimmed.equalsIgnoreCase(username) || trimmed.equalsIgnoreCase(email)
                || localPart(trimmed).equalsIgnoreCase(accountName());
    }

    /** Compares a candidate password in constant time (for equal lengths); the candidate is not kept. */
    public boolean checkPassword(char[] candidate) {
        if (candidate == null) {
            return false;
        }
        int diff = password.length ^ candidate.length;
        for (int i = 0; i < candidate.length; i++) {
            diff |= candidate[i] ^ (i < password.length ? password[i] : 0);
        }
        return diff == 0;
    }

    /**
     * A copy of the password, for the emulator's NTLM verifier (which needs the NT hash); the caller wipes it.
     */
    public char[] password() {
        return password.clone();
    }

    static String localPart(String login) {
        String s = login.trim();
        int backslash = s.lastIndexOf('\\');
        if (backslash >= 0) {
            s = s.substring(backslash + 1);
        }
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(0, at);
        }
        return s.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "AdfsUser[username=" + username + ", email=" + email + ", roles=" + roles + ", adAttributeValues="
                + adAttributeValues + ", locked=" + locked + ", disabled=" + disabled + ", mfa=" + mfaKind + "]";
    }

    /** Builder of {@link AdfsUser}. */
    public static final class Builder {
        private final String username;
        private char[] password = new char[0];
        private String email;
        private List<String> roles = List.of();
        private List<String> adAttributeValues = List.of();
        private boolean locked;
        private boolean disabled;
        private MfaKind mfaKind;
        private List<String> mfaCodes = List.of();
        private int pushApprovedAfterPolls = 2;
        private boolean pushDenied;

        private Builder(String username) {
            this.username = username;
        }

        /** The password. Default: empty (no password accepted except an empty one). */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password").toCharArray();
            return this;
        }

        /** The password (copied). Default: empty. */
        public Builder password(char[] password) {
            this.password = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /**
         * The e-mail address, sent as RoleSessionName. Default: the username when it contains {@code @},
         * otherwise {@code <account>@example.test}.
         */
        public Builder email(String email) {
            this.email = Objects.requireNonNull(email, "email");
            return this;
        }

        /**
         * Role attribute values as the SAML Role attribute carries them
         * ({@code arn:aws:iam::<acct>:role/<name>,arn:aws:iam::<acct>:saml-provider/<idp>}, either order).
         * Default: none.
         */
        public Builder roles(String... roleAttributeValues) {
            this.roles = List.of(roleAttributeValues);
            return this;
        }

        /**
         * AD group-like attribute values {@code AWS-<12-digit account>-<role>}, turned into Role values by the
         * claim rule of the AWS attribute-based blog ({@code RoleClaims}). Default: none.
         */
        public Builder adAttributeValues(String... values) {
            this.adAttributeValues = List.of(values);
            return this;
        }

        /** Marks the account locked out in AD (every sign-in is refused). Default: not locked. */
        public Builder locked() {
            this.locked = true;
            return this;
        }

        /** Marks the account disabled in AD (every sign-in is refused). Default: enabled. */
        public Builder disabled() {
            this.disabled = true;
            return this;
        }

        /**
         * Asks this user for a second factor after the password. Default: no MFA.
         *
         * @param kind          the adapter
         * @param expectedCodes the codes the code adapters ({@link MfaKind#AZURE_MFA_CODE}, {@link MfaKind#VIP},
         *                      {@link MfaKind#RSA_SECURID}) accept; at least one for them, ignored for push / Duo
         */
        public Builder mfa(MfaKind kind, String... expectedCodes) {
            this.mfaKind = Objects.requireNonNull(kind, "kind");
            this.mfaCodes = List.of(expectedCodes);
            return this;
        }

        /** For {@link MfaKind#AZURE_MFA_PUSH}: the poll that approves the push. Default: 2 (the second poll). */
        public Builder pushApprovedAfterPolls(int polls) {
            this.pushApprovedAfterPolls = polls;
            return this;
        }

        /** For {@link MfaKind#AZURE_MFA_PUSH}: the user denies the push on the first poll. Default: approves. */
        public Builder pushDenied() {
            this.pushDenied = true;
            return this;
        }

        /** Builds the user, validating the settings. */
        public AdfsUser build() {
            return new AdfsUser(this);
        }
    }
}
