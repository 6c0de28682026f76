package org.adfssaml.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the {@link AdfsEmulator} received: one {@link Entry} per HTTP request, in arrival order, thread-safe.
 *
 * <p>Tests assert on it: which host was called, which fields were posted, how many password attempts and
 * sign-ins each user made. It never holds a password, an MFA code or a SAML response: for the secret fields
 * ({@link #SECRET_FIELDS}) only the name is kept.
 */
public final class RequestLog {

    /**
     * Posted fields whose values are never recorded: passwords (forms and AD FS 2.0), MFA codes, and
     * the SAMLResponse.
     */
    public static final Set<String> SECRET_FIELDS = Set.of("Password", "ctl00$ContentPlaceHolder1$PasswordTextBox",
            "VerificationCode", "SecurityCode", "Passcode", "OathCode", "SAMLResponse");

    /** What the emulator did with a request. */
    public enum Outcome {
        /** Served the relying-party picker page. */
        RELYING_PARTY_PICKER,
        /** Served a sign-in page (first visit, or the paginated username page). */
        SIGN_IN_PAGE,
        /** Redirected to another emulator URL (AD FS 2.0's {@code /adfs/ls/?SAMLRequest=}). */
        REDIRECT,
        /** Refused a wrong user name or password (sign-in page with the error text). */
        WRONG_PASSWORD,
        /** Refused a locked-out account (AD lock or extranet lockout). */
        ACCOUNT_LOCKED,
        /** Refused a disabled account. */
        ACCOUNT_DISABLED,
        /** Primary authentication succeeded; served the MFA page. */
        MFA_CHALLENGE,
        /** Refused a wrong or missing MFA code, or a denied push. */
        MFA_FAILED,
        /** A push poll (or Duo post) that did not complete the sign-in yet. */
        MFA_PENDING,
        /** Authentication completed: 302 to the same URL with the MSISAuth cookies. */
        AUTHENTICATED,
        /** Served the auto-post page carrying a SAMLResponse. */
        SAML_RESPONSE,
        /** Answered 401 with the Negotiate / NTLM challenges (or the NTLM type 2 message). */
        IWA_CHALLENGE,
        /** Refused a Kerberos / NTLM token. */
        IWA_FAILED,
        /** Served AD FS's error page (duplicate post parameter, unknown relying party, bad context, ...). */
        ERROR_PAGE,
        /** Served FederationMetadata.xml. */
        METADATA,
        /** Unknown path: 404. */
        NOT_FOUND,
        /** Answered with an injected failure status ({@link AdfsEmulator#failNext(int)}). */
        INJECTED_FAILURE,
        /** Closed the connection without an answer ({@link AdfsEmulator#dropNext()}). */
        DROPPED
    }

    /**
     * One request.
     *
     * @param time         arrival time on the emulator clock
     * @param method       HTTP method
     * @param path         request path (no query)
     * @param query        raw query string, empty when none
     * @param host         the Host header as sent
     * @param userAgent    the User-Agent header, empty when none
     * @param authScheme   the scheme of the Authorization header ({@code Negotiate}, {@code NTLM}), empty when none
     * @param fieldNames   posted form field names in order, duplicates kept
     * @param fieldValues  posted values of the non-secret fields (first value of each name)
     * @param user         the configured username the request was attributed to, if any
     * @param outcome      what the emulator did
     * @param status       the HTTP status answered (0 for a dropped connection)
     */
    public record Entry(Instant time, String method, String path, String query, String host, String userAgent,
                        String authScheme, List<String> fieldNames, Map<String, String> fieldValues,
                        Optional<String> user, Outcome outcome, int status) {

        /** Copies the collections; rejects secret values. */
        public Entry {
            Objects.requireNonNull(time, "time");
            fieldNames = List.copyOf(fieldNames);
            fieldValues = Map.copyOf(fieldValues);
            for (String secret : SECRET_FIELDS) {
                if (fieldValues.containsKey(secret)) {
                    throw new IllegalArgumentException("the request log must not hold the value of " + secret);
                }
            }
        }

        /** Whether this was a POST. */
        public boolean isPost() {
            return "POST".equalsIgnoreCase(method);
        }

        /** Whether this request was attributed to the given configured username. */
        public boolean isFor(String username) {
            return user.map(u -> u.equalsIgnoreCase(username)).orElse(false);
        }
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final List<String> passwordAttempts = new CopyOnWriteArrayList<>();

    /** Creates an empty log (the emulator owns one; tests read it through {@link AdfsEmulator#requestLog()}). */
    public RequestLog() {
        // empty
    }

    /** Appends an entry. */
    public void add(Entry entry) {
        entries.add(Objects.requireNonNull(entry, "entry"));
    }

    /** Records that a password (forms, NTLM) was checked for the configured username, right or wrong. */
    public void recordPasswordAttempt(String username) {
        passwordAttempts.add(username);
    }

    /** A snapshot of every entry, oldest first. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The most recent entry. */
    public Optional<Entry> last() {
        List<Entry> copy = entries();
        return copy.isEmpty() ? Optional.empty() : Optional.of(copy.get(copy.size() - 1));
    }

    /** The entries with the given outcome. */
    public List<Entry> withOutcome(Outcome outcome) {
        List<Entry> result = new ArrayList<>();
        for (Entry e : entries) {
            if (e.outcome() == outcome) {
                result.add(e);
            }
        }
        return result;
    }

    /** How many SAML responses were issued to the user (completed sign-ins). */
    public int signInCount(String username) {
        return (int) entries.stream().filter(e -> e.isFor(username) && e.outcome() == Outcome.SAML_RESPONSE)
                .count();
    }

    /** How many POST requests were attributed to the user. */
    public int postCount(String username) {
        return (int) entries.stream().filter(e -> e.isFor(username) && e.isPost()).count();
    }

    /** How many times a password of the user was checked (right or wrong, forms or NTLM). */
    public int passwordAttempts(String username) {
        return (int) passwordAttempts.stream().filter(u -> u.equalsIgnoreCase(username)).count();
    }

    /** The distinct Host headers seen, in first-seen order. */
    public List<String> hosts() {
        return entries.stream().map(Entry::host).distinct().toList();
    }

    /** Forgets every entry and attempt. */
    public void clear() {
        entries.clear();
        passwordAttempts.clear();
    }

    @Override
    public String toString() {
        return "RequestLog[" + entries.size() + " requests]";
    }
}
