package org.adfssaml.provider.internal.signin;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import javax.security.auth.login.LoginException;

import org.adfssaml.provider.AdfsAuthenticationException;
import org.adfssaml.provider.AdfsAuthenticationException.Reason;
import org.adfssaml.provider.AdfsSignInException;
import org.adfssaml.provider.AuthMethod;
import org.adfssaml.provider.MfaChallenge;
import org.apache.hc.client5.http.auth.Credentials;
import org.apache.hc.client5.http.auth.NTCredentials;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sign-in: follows the IdP's pages from the entry URL to the SAMLResponse auto-post page.
 * Never posts a password twice in one run, never retries a refusal.
 */
public final class SignInFlow {
    private static final Logger LOG = LoggerFactory.getLogger(SignInFlow.class);
    /** Pages acted on (polls of a push approval not counted) before giving up on a loop. */
    private static final int MAX_STEPS = 15;

    private final SignInSettings settings;
    private final RefusalMemory refusals;
    private final Map<String, String> environment;

    private char[] password;
    private GSSCredential kerberos;
    private boolean passwordSent;
    private boolean usernameSent;
    private boolean codeSent;
    private LastPost lastPost = LastPost.NONE;
    private Instant pushDeadline;
    private String pushNumberShown;

    private enum LastPost { NONE, PASSWORD, USERNAME, MFA, OTHER }

    /**
     * @param settings configuration
     * @param refusals the instance's memory of refused passwords
     */
    public SignInFlow(SignInSettings settings, RefusalMemory refusals) {
        this(settings, refusals, System.getenv());
    }

    /**
     * @param settings    configuration
     * @param refusals    the instance's memory of refused passwords
     * @param environment environment variables (proxy settings)
     */
    public SignInFlow(SignInSettings settings, RefusalMemory refusals, Map<String, String> environment) {
        this.settings = Objects.requireNonNull(settings);
        this.refusals = Objects.requireNonNull(refusals);
        this.environment = Map.copyOf(environment);
    }

    /**
     * @return the base64 SAMLResponse value
     */
    public String run() {
        try {
            Credentials credentials = prepare();
            try (HttpSession http = new HttpSession(settings, credentials, kerberos, environment)) {
                return follow(http);
            }
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
                password = null;
            }
        }
    }

    /**
     * Whether a password is sent from the start: always for forms and NTLM; for Kerberos only when
     * a principal is configured explicitly without a keytab (else the ticket cache comes first).
     */
    private boolean usesPassword() {
        return switch (settings.authMethod()) {
            case FORMS, NTLM -> true;
            case KERBEROS -> settings.kerberosKeytab() == null && settings.passwordSource() != null
                    && settings.kerberosPrincipal() != null;
        };
    }

    private String refusalKey() {
        if (settings.authMethod() == AuthMethod.KERBEROS && settings.kerberosPrincipal() != null) {
            return settings.kerberosPrincipal();
        }
        return settings.username();
    }

    /** Fetches the password and fails fast when exactly this password was refused before. */
    private void obtainPassword() {
        char[] pw = settings.passwordSource().get();
        if (pw == null || pw.length == 0) {
            throw new AdfsSignInException("The password source returned no password for user " + refusalKey()
                    + ": expected a non-empty char[]");
        }
        password = pw;
        AdfsAuthenticationException remembered = refusals.refusalFor(refusalKey(), password);
        if (remembered != null) {
            LOG.debug("password refused earlier for this user: failing fast without contacting the IdP");
            throw new AdfsAuthenticationException(Reason.REMEMBERED_REFUSAL, remembered.getMessage()
                    + " (this password was refused before and is not sent again; supply a different password)",
                    remembered.idpErrorText().orElse(null));
        }
    }

    private Credentials prepare() {
        if (usesPassword()) {
            obtainPassword();
        }
        switch (settings.authMethod()) {
            case NTLM:
                return ntCredentials();
            case KERBEROS:
                kerberos = kerberosCredentials();
                return null;
            default:
                return null;
        }
    }

    @SuppressWarnings("deprecation")
    private Credentials ntCredentials() {
        String user = settings.username();
        String domain = null;
        int bs = user.indexOf('\\');
        int at = user.lastIndexOf('@');
        if (bs > 0) {
            domain = user.substring(0, bs);
            user = user.substring(bs + 1);
        } else if (at > 0) {
            domain = user.substring(at + 1);
            user = user.substring(0, at);
        }
        return new NTCredentials(user, password, null, domain);
    }

    private GSSCredential kerberosCredentials() {
        if (settings.kerberosKeytab() != null) {
            return kerberosLogin(settings.kerberosPrincipal(), "keytab " + settings.kerberosKeytab(), false);
        }
        if (usesPassword()) {
            return kerberosLogin(settings.kerberosPrincipal(), "password", true);
        }
        try {
            return kerberosLogin(settings.kerberosPrincipal(), "ticket cache" + (settings.kerberosTicketCache() == null ? "" : " " + settings.kerberosTicketCache()),
                    false);
        } catch (AdfsAuthenticationException noTicket) {
            if (settings.passwordSource() == null || settings.username() == null) {
                throw noTicket;
            }
            // no usable ticket: a principal name and a password were configured, so get a ticket with them
            LOG.debug("no usable Kerberos ticket cache ({}); logging in with the password of {}", noTicket.getMessage(),
                    settings.username());
            obtainPassword();
            return kerberosLogin(settings.username(), "password", true);
        }
    }

    private GSSCredential kerberosLogin(String principal, String source, boolean withPassword) {
        Supplier<char[]> pw = withPassword ? () -> password.clone() : null;
        try {
            GSSCredential cred = KerberosLogin.login(principal, withPassword ? null : settings.kerberosKeytab(),
                    settings.kerberosTicketCache(), pw);
            LOG.debug("Kerberos credential acquired for {}", cred.getName());
            return cred;
        } catch (LoginException e) {
            String msg = "Kerberos login for " + (principal == null ? "the logged-in user" : principal) + " with the " + source
                    + " failed: " + e.getMessage();
            if (withPassword && isPreauthFailure(e)) {
                AdfsAuthenticationException refused = new AdfsAuthenticationException(Reason.PASSWORD_REFUSED, msg, null);
                refusals.remember(refusalKey(), password, refused);
                throw refused;
            }
            throw new AdfsAuthenticationException(Reason.INTEGRATED_AUTH_REFUSED, msg, null);
        } catch (GSSException e) {
            throw new AdfsSignInException("Could not create a Kerberos credential: " + e.getMessage(), e);
        }
    }

    private static boolean isPreauthFailure(LoginException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return m.contains("pre-authentication") || m.contains("preauth") || m.contains("password") || m.contains("integrity check");
    }

    private String follow(HttpSession http) {
        HttpSession.Response r = http.get(settings.entryUrl());
        int steps = 0;
        while (true) {
            if (r.status() == 401) {
                throw unauthorized(r);
            }
            Page page = PageClassifier.classify(r.url(), r.body());
            LOG.debug("page {} at {} (HTTP {}): forms {}, AuthMethod {}", page.kind(), EntryUrl.withoutQuery(page.url()), r.status(),
                    page.formIds(), page.authMethods());
            if (page.kind() == PageKind.MFA_PUSH && pushDeadline != null) {
                r = pollPush(http, page);
                continue;
            }
            if (++steps > MAX_STEPS) {
                throw new AdfsSignInException("The sign-in did not finish after " + MAX_STEPS + " pages; last page " + page.describe());
            }
            switch (page.kind()) {
                case SAML_RESPONSE -> {
                    if (passwordSent) {
                        refusals.clear();
                    }
                    LOG.debug("SAMLResponse received from {}", EntryUrl.withoutQuery(page.url()));
                    return page.samlResponse().orElseThrow();
                }
                case RELYING_PARTY_PICKER -> r = choosePicker(http, page);
                case FORMS_LOGIN, ASPNET_LOGIN, GENERIC_LOGIN, PAGINATED_PASSWORD -> r = postPassword(http, page);
                case PAGINATED_USERNAME -> r = postUsername(http, page);
                case AUTH_ERROR -> throw refused(page);
                case ADFS_ERROR_PAGE -> throw new AdfsSignInException("AD FS showed its error page at " + page.describe()
                        + ": expected a sign-in, MFA or SAMLResponse page");
                case MFA_CODE -> r = postCode(http, page);
                case MFA_PUSH -> r = startPush(http, page);
                case MFA_UNSUPPORTED -> throw new AdfsSignInException("unsupported MFA adapter " + page.mfaAdapter().orElse("?")
                        + " on " + page.describe() + ": supported adapters are AzureMfaAuthentication (code, push, number match), "
                        + "VIPAuthenticationProviderUPN, SecurIDAuthentication");
                case WSFED_RESPONSE -> throw new AdfsSignInException("The IdP answered with a WS-Federation token (wresult) at "
                        + page.describe() + ": the relying party '" + settings.relyingParty()
                        + "' is configured for WS-Federation, not SAML 2.0; expected a SAMLResponse auto-post page");
                case AWS_ROLE_SELECTION -> throw new AdfsSignInException("Reached the AWS sign-in role selection page " + page.describe()
                        + ": expected the IdP's SAMLResponse auto-post page; configure the AD FS sign-on URL, not the AWS console URL");
                case EMPTY_SAML_RESPONSE -> throw new AdfsSignInException("The page " + page.describe()
                        + " carries an empty SAMLResponse: expected the IdP's SAML response; check the relying party configuration");
                default -> throw new AdfsSignInException("Cannot act on the page " + page.describe()
                        + (r.status() >= 400 ? " (HTTP " + r.status() + ")" : "")
                        + ": expected a sign-in form, a relying-party picker, an MFA page or the SAMLResponse auto-post page");
            }
        }
    }

    private AdfsSignInException unauthorized(HttpSession.Response r) {
        String where = EntryUrl.withoutQuery(r.url());
        if (settings.authMethod() == AuthMethod.FORMS) {
            return new AdfsSignInException("The IdP at " + where + " asked for HTTP authentication " + r.wwwAuthenticate()
                    + " instead of showing a sign-in form: use authMethod KERBEROS or NTLM");
        }
        String msg = "The IdP at " + where + " refused Windows integrated authentication (" + settings.authMethod()
                + ") with HTTP 401, offering " + r.wwwAuthenticate();
        AdfsAuthenticationException e = new AdfsAuthenticationException(Reason.INTEGRATED_AUTH_REFUSED, msg, null);
        if (settings.authMethod() == AuthMethod.NTLM && password != null) {
            refusals.remember(refusalKey(), password, e);
        }
        return e;
    }

    private AdfsAuthenticationException refused(Page page) {
        String text = page.errorText().orElse("");
        switch (lastPost) {
            case PASSWORD: {
                AdfsAuthenticationException e = new AdfsAuthenticationException(Reason.PASSWORD_REFUSED,
                        "The IdP refused the sign-in of " + settings.username() + ": " + text, text);
                refusals.remember(refusalKey(), password, e);
                return e;
            }
            case MFA:
                return new AdfsAuthenticationException(Reason.MFA_REFUSED, "The IdP refused the MFA step ("
                        + page.mfaAdapter().orElse(page.authMethods().isEmpty() ? "?" : page.authMethods().get(0)) + ") of "
                        + settings.username() + ": " + text, text);
            default:
                return new AdfsAuthenticationException(Reason.IDP_ERROR, "The IdP showed an error at " + page.describe() + ": " + text,
                        text);
        }
    }

    private HttpSession.Response choosePicker(HttpSession http, Page page) {
        String rp = settings.relyingParty();
        Page.RelyingPartyOption chosen = null;
        for (Page.RelyingPartyOption o : page.relyingParties()) {
            if (o.value().equalsIgnoreCase(rp) || o.displayName().equalsIgnoreCase(rp)) {
                chosen = o;
                break;
            }
        }
        if (chosen == null || page.relyingPartyField() == null || page.relyingPartyField().isEmpty()) {
            List<String> offered = page.relyingParties().stream().map(o -> o.displayName() + " (" + o.value() + ")").toList();
            throw new AdfsSignInException("The relying party '" + rp + "' is not offered on the picker page " + page.describe()
                    + ": offered " + offered);
        }
        PageForm form = page.form().orElseThrow();
        FormBody body = fill(form, Map.of(page.relyingPartyField(), chosen.value()), null, null);
        LOG.debug("choosing relying party '{}' on the picker", chosen.displayName());
        lastPost = LastPost.OTHER;
        return send(http, form, body);
    }

    private HttpSession.Response postPassword(HttpSession http, Page page) {
        if (settings.authMethod() != AuthMethod.FORMS) {
            throw new AdfsSignInException("The IdP showed a forms sign-in page " + page.describe() + " instead of accepting "
                    + settings.authMethod() + " Windows integrated authentication: expected no sign-in form; the IdP may not offer "
                    + "integrated authentication to this network or User-Agent");
        }
        if (passwordSent) {
            AdfsAuthenticationException e = new AdfsAuthenticationException(Reason.PASSWORD_REFUSED, "The IdP showed the sign-in form "
                    + page.describe() + " again after the password of " + settings.username()
                    + " was posted, without an error text: treating it as a refusal", null);
            refusals.remember(refusalKey(), password, e);
            throw e;
        }
        PageForm form = page.form().orElseThrow();
        Map<String, String> plain = form.usernameField() == null ? Map.of() : Map.of(form.usernameField(), settings.username());
        FormBody body = fill(form, plain, form.passwordField(), password);
        if (settings.keepMeSignedIn() && form.kmsiField() != null) {
            body.add(form.kmsiField(), "true");
        }
        passwordSent = true;
        lastPost = LastPost.PASSWORD;
        return send(http, form, body);
    }

    private HttpSession.Response postUsername(HttpSession http, Page page) {
        if (settings.authMethod() != AuthMethod.FORMS) {
            throw new AdfsSignInException("The IdP showed a forms sign-in page " + page.describe() + " instead of accepting "
                    + settings.authMethod() + " Windows integrated authentication");
        }
        if (usernameSent) {
            throw new AdfsSignInException("The IdP asked for the user name again on " + page.describe()
                    + " after it was posted: expected the password page");
        }
        PageForm form = page.form().orElseThrow();
        FormBody body = fill(form, form.usernameField() == null ? Map.of() : Map.of(form.usernameField(), settings.username()),
                null, null);
        usernameSent = true;
        lastPost = LastPost.USERNAME;
        return send(http, form, body);
    }

    private HttpSession.Response postCode(HttpSession http, Page page) {
        String adapter = page.mfaAdapter().orElse("?");
        PageForm form = page.form().orElseThrow();
        if (codeSent) {
            throw new AdfsAuthenticationException(Reason.MFA_REFUSED, "The IdP asked for the " + adapter
                    + " code again after one was posted (" + page.describe() + "): treating it as a refusal", null);
        }
        char[] code = settings.mfaHandler().respond(new MfaChallenge.CodeEntry(adapter, form.codeField(), page.prompt()));
        if (code == null) {
            throw new AdfsAuthenticationException(Reason.MFA_DECLINED, "The MFA handler declined the " + adapter
                    + " code challenge", null);
        }
        try {
            FormBody body = fill(form, Map.of(), form.codeField(), code);
            codeSent = true;
            lastPost = LastPost.MFA;
            return send(http, form, body);
        } finally {
            Arrays.fill(code, '\0');
        }
    }

    private HttpSession.Response startPush(HttpSession http, Page page) {
        String adapter = page.mfaAdapter().orElse("?");
        char[] go = settings.mfaHandler().respond(new MfaChallenge.Push(adapter, page.numberToShow().orElse(null), page.prompt()));
        if (go == null) {
            throw new AdfsAuthenticationException(Reason.MFA_DECLINED, "The MFA handler declined the " + adapter + " push challenge",
                    null);
        }
        Arrays.fill(go, '\0');
        pushDeadline = Instant.now().plus(settings.mfaTimeout());
        pushNumberShown = page.numberToShow().orElse(null);
        LOG.debug("waiting for the {} approval (polling every {}, timeout {})", adapter, settings.mfaPollInterval(), settings.mfaTimeout());
        return pollPush(http, page);
    }

    private HttpSession.Response pollPush(HttpSession http, Page page) {
        if (!Instant.now().isBefore(pushDeadline)) {
            throw new AdfsAuthenticationException(Reason.MFA_TIMEOUT, "The " + page.mfaAdapter().orElse("?")
                    + " approval did not arrive within " + settings.mfaTimeout() + " for " + settings.username(), null);
        }
        String number = page.numberToShow().orElse(null);
        if (number != null && !number.equals(pushNumberShown)) {
            // a new number match means a new notification: the user must see the new number
            pushNumberShown = number;
            char[] go = settings.mfaHandler().respond(new MfaChallenge.Push(page.mfaAdapter().orElse("?"), number, page.prompt()));
            if (go == null) {
                throw new AdfsAuthenticationException(Reason.MFA_DECLINED, "The MFA handler declined the push challenge", null);
            }
            Arrays.fill(go, '\0');
        }
        try {
            Thread.sleep(settings.mfaPollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdfsSignInException("Interrupted while waiting for the MFA approval", e);
        }
        PageForm form = page.form().orElseThrow();
        FormBody body = fill(form, Map.of(), null, null);
        lastPost = LastPost.MFA;
        return send(http, form, body);
    }

    /**
     * The form's own fields in page order, with the first occurrence of each field in {@code plain}
     * (and of {@code secretField}) given the client's value and later duplicates dropped; fields the
     * page lacks are appended.
     */
    private static FormBody fill(PageForm form, Map<String, String> plain, String secretField, char[] secret) {
        FormBody body = new FormBody();
        java.util.Set<String> done = new java.util.HashSet<>();
        for (FormField f : form.fields()) {
            String name = f.name();
            if (name.equals(secretField) || plain.containsKey(name)) {
                if (done.add(name)) {
                    if (name.equals(secretField)) {
                        body.addSecret(name, secret);
                    } else {
                        body.add(name, plain.get(name));
                    }
                }
            } else {
                body.add(name, f.value());
            }
        }
        plain.forEach((name, value) -> {
            if (!done.contains(name)) {
                body.add(name, value);
            }
        });
        if (secretField != null && !done.contains(secretField)) {
            body.addSecret(secretField, secret);
        }
        return body;
    }

    private HttpSession.Response send(HttpSession http, PageForm form, FormBody body) {
        try {
            URI action = form.action().orElseThrow(() -> new AdfsSignInException("The form #" + form.id() + " has the action '"
                    + form.rawAction() + "', which is not a URL: expected a URL on the IdP origin " + http.origin()));
            if (!form.method().equals("POST")) {
                throw new AdfsSignInException("The form #" + form.id() + " uses method " + form.method()
                        + ": expected POST (credentials are never put into a URL)");
            }
            http.checkOrigin(action, "form action");
            List<String> names = new ArrayList<>(form.postedFieldNames());
            LOG.debug("posting form #{} to {} with fields {}", form.id(), EntryUrl.withoutQuery(action), names);
            byte[] bytes = body.toBytes();
            try {
                return http.post(action, bytes);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        } finally {
            body.wipe();
        }
    }
}
