package org.adfssaml.testkit.internal.adfs;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.adfssaml.testkit.AdfsErrorTexts;
import org.adfssaml.testkit.AdfsUser;
import org.adfssaml.testkit.MfaKind;
import org.adfssaml.testkit.PageStyle;
import org.adfssaml.testkit.RequestLog;
import org.adfssaml.testkit.RequestLog.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AD FS behaviour behind {@code AdfsEmulator}: routing, the sign-in state machine, cookies, MFA, Windows
 * integrated authentication, fault injection and the request log.
 */
public final class AdfsHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AdfsHandler.class);
    private static final int MAX_BODY = 1 << 20;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final java.util.Set<String> SECURE_KEYS = java.util.Set.of("UserName", "Password",
            "ctl00$ContentPlaceHolder1$UsernameTextBox", "ctl00$ContentPlaceHolder1$PasswordTextBox");

    /** Mints the SAMLResponse for a signed-in user. */
    @FunctionalInterface
    public interface Minter {
        /** The base64 SAMLResponse for the user, issued at the clock's time. */
        String mint(AdfsUser user, Clock clock);
    }

    /**
     * Everything the handler needs from the emulator's builder.
     *
     * @param style                     the sign-in page style
     * @param users                     directory users
     * @param relyingParties            relying parties on the picker page; the first is the AWS one
     * @param acsUrl                    where the auto-post page posts the SAMLResponse
     * @param organization              the header text of the pages
     * @param minter                    mints responses
     * @param metadata                  FederationMetadata.xml for a base URI
     * @param windowsAuth               whether IWA-capable user agents get 401 challenges
     * @param iwaUserAgents             WIASupportedUserAgents entries ({@code =~regex} or substring)
     * @param kerberos                  the Kerberos acceptor, or null when Kerberos is not configured
     * @param ntlmDomain                the NetBIOS domain of NTLM
     * @param dnsDomain                 the DNS domain named in NTLM target info
     * @param extranetLockoutThreshold  bad passwords before extranet lockout, 0 for none
     * @param secureCookies             whether cookies carry {@code Secure} (HTTPS)
     */
    public record Settings(PageStyle style, List<AdfsUser> users, List<Pages.RelyingParty> relyingParties,
                           String acsUrl, String organization, Minter minter,
                           java.util.function.Function<URI, String> metadata, boolean windowsAuth,
                           List<String> iwaUserAgents, KerberosAcceptor kerberos, String ntlmDomain,
                           String dnsDomain, int extranetLockoutThreshold, boolean secureCookies) {
    }

    private record PendingMfa(AdfsUser user, MfaKind kind, String entropyNumber, AtomicInteger polls) {
    }

    private record AspNetState(String relyingParty, String viewState, String eventValidation) {
    }

    private final Settings settings;
    private final Pages pages;
    private final RequestLog log;
    private final AtomicReference<Clock> clock;
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final Map<String, PendingMfa> pendingMfa = new ConcurrentHashMap<>();
    private final Map<String, AspNetState> aspNetRequests = new ConcurrentHashMap<>();
    private final Map<String, Ntlm.Challenge> ntlmChallenges = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> badPasswordCounts = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Integer> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Duration> delays = new ConcurrentLinkedQueue<>();
    private volatile Duration responseDelay = Duration.ZERO;
    private final AtomicInteger drops = new AtomicInteger();
    private volatile URI baseUri;

    /** Creates the handler. */
    public AdfsHandler(Settings settings, RequestLog log, Clock clock) {
        this.settings = settings;
        this.pages = new Pages(settings.organization());
        this.log = log;
        this.clock = new AtomicReference<>(clock);
    }

    /** Sets the base URI (known once the server is bound). */
    public void baseUri(URI uri) {
        this.baseUri = uri;
    }

    /** Replaces the clock. */
    public void clock(Clock newClock) {
        clock.set(newClock);
    }

    /** The current clock. */
    public Clock clock() {
        return clock.get();
    }

    /** Queues a failure status for the next request not yet claimed by an earlier failure. */
    public void failNext(int status) {
        failures.add(status);
    }

    /** Queues a delay for the next request. */
    public void delayNext(Duration delay) {
        delays.add(delay);
    }

    /** Delays every later request by this duration (zero: none), on top of a queued {@link #delayNext}. */
    public void responseDelay(Duration delay) {
        responseDelay = delay;
    }

    /** Queues a dropped connection. */
    public void dropNext() {
        drops.incrementAndGet();
    }

    /** Extranet-lockout bad password count of a user. */
    public int badPasswordCount(String username) {
        AtomicInteger count = badPasswordCounts.get(key(username));
        return count == null ? 0 : count.get();
    }

    /** Resets a user's extranet-lockout count. */
    public void resetLockout(String username) {
        badPasswordCounts.remove(key(username));
    }

    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    /** One request in flight. */
    private final class Exchange {
        final HttpExchange http;
        final String method;
        final String path;
        final String rawQuery;
        final Map<String, String> query;
        final List<Map.Entry<String, String>> form;
        final Map<String, String> cookies;
        final Instant arrived;
        String user;
        Outcome outcome;
        int status;
        boolean recorded;

        Exchange(HttpExchange http, byte[] body, Instant arrived) {
            this.http = http;
            this.arrived = arrived;
            this.method = http.getRequestMethod().toUpperCase(Locale.ROOT);
            URI uri = http.getRequestURI();
            this.path = uri.getRawPath() == null ? "/" : uri.getRawPath();
            this.rawQuery = uri.getRawQuery() == null ? "" : uri.getRawQuery();
            this.query = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : parsePairs(rawQuery)) {
                query.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
            }
            String contentType = header("Content-Type");
            this.form = "POST".equals(method) && contentType.toLowerCase(Locale.ROOT)
                    .startsWith("application/x-www-form-urlencoded")
                    ? parsePairs(new String(body, StandardCharsets.UTF_8)) : List.of();
            this.cookies = parseCookies(http.getRequestHeaders());
        }

        String header(String name) {
            String value = http.getRequestHeaders().getFirst(name);
            return value == null ? "" : value;
        }

        Optional<String> field(String name) {
            for (Map.Entry<String, String> e : form) {
                if (e.getKey().equals(name)) {
                    return Optional.of(e.getValue());
                }
            }
            return Optional.empty();
        }

        /** The URL of this request, relative to the host: where AD FS redirects after a POST. */
        String selfUrl() {
            return rawQuery.isEmpty() ? path : path + "?" + rawQuery;
        }
    }

    @Override
    public void handle(HttpExchange http) throws IOException {
        Instant arrived = clock.get().instant();
        Exchange ex = null;
        try {
            byte[] body = readBody(http.getRequestBody());
            ex = new Exchange(http, body, arrived);
            Duration delay = delays.poll();
            Duration every = responseDelay;
            if (delay != null || !every.isZero()) {
                sleep(delay != null ? delay.plus(every) : every);
            }
            if (drops.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                ex.outcome = Outcome.DROPPED;
                ex.status = 0;
                return; // closing without headers makes the JDK server drop the connection
            }
            Integer failure = failures.poll();
            if (failure != null) {
                ex.outcome = Outcome.INJECTED_FAILURE;
                send(ex, failure, "text/html; charset=utf-8",
                        "<html><body><h1>" + failure + "</h1><p>Injected failure.</p></body></html>", Map.of());
                return;
            }
            route(ex);
        } catch (RuntimeException e) {
            LOG.warn("AD FS emulator failed on {} {}: {}", http.getRequestMethod(), http.getRequestURI().getPath(),
                    e.toString());
            if (ex != null && ex.status == 0 && ex.outcome != Outcome.DROPPED) {
                ex.outcome = Outcome.ERROR_PAGE;
                send(ex, 500, "text/plain; charset=utf-8", "AD FS emulator error: " + e.getClass().getName(),
                        Map.of());
            }
        } finally {
            if (ex != null && !ex.recorded) {
                record(ex);
            }
            http.close();
        }
    }

    /** Logs the request; called before the answer leaves so a client that got the answer sees the entry. */
    private void record(Exchange ex) {
        ex.recorded = true;
        List<String> names = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : ex.form) {
            names.add(e.getKey());
            if (!RequestLog.SECRET_FIELDS.contains(e.getKey())) {
                values.putIfAbsent(e.getKey(), e.getValue());
            }
        }
        String authorization = ex.header("Authorization");
        String scheme = authorization.isEmpty() ? "" : authorization.split(" ", 2)[0];
        log.add(new RequestLog.Entry(ex.arrived, ex.method, ex.path, ex.rawQuery, ex.header("Host"),
                ex.header("User-Agent"), scheme, names, values, Optional.ofNullable(ex.user),
                ex.outcome == null ? Outcome.ERROR_PAGE : ex.outcome, ex.status));
    }

    private void route(Exchange ex) throws IOException {
        String path = URLDecoder.decode(ex.path, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        if (path.equals("/federationmetadata/2007-06/federationmetadata.xml") && "GET".equals(ex.method)) {
            ex.outcome = Outcome.METADATA;
            send(ex, 200, "text/xml; charset=utf-8", settings.metadata().apply(baseUri), Map.of());
        } else if (path.equals("/adfs/ls/idpinitiatedsignon.aspx") || path.equals("/adfs/ls/idpinitiatedsignon")) {
            signOn(ex, false);
        } else if (path.equals("/adfs/ls/") || path.equals("/adfs/ls")) {
            signOn(ex, true);
        } else {
            ex.outcome = Outcome.NOT_FOUND;
            send(ex, 404, "text/html; charset=utf-8", "<html><body><h1>404 - Not Found</h1></body></html>",
                    Map.of());
        }
    }

    // ---------------------------------------------------------------- sign-on

    private void signOn(Exchange ex, boolean lsEndpoint) throws IOException {
        String relyingParty;
        AspNetState aspNet = null;
        if (lsEndpoint) {
            aspNet = aspNetRequests.get(ex.query.getOrDefault("samlrequest", ""));
            if (aspNet == null) {
                errorPage(ex, "MSIS7055: The SAML request is not valid or has expired.");
                return;
            }
            relyingParty = aspNet.relyingParty();
        } else {
            relyingParty = ex.query.get("logintorp");
        }
        String sessionUser = sessions.get(ex.cookies.getOrDefault("MSISAuth", ""));
        if (sessionUser != null) {
            ex.user = sessionUser;
        }
        if ("POST".equals(ex.method)) {
            post(ex, relyingParty, aspNet);
        } else if ("GET".equals(ex.method)) {
            get(ex, relyingParty, sessionUser, aspNet);
        } else {
            ex.outcome = Outcome.ERROR_PAGE;
            send(ex, 405, "text/plain; charset=utf-8", "method not allowed", Map.of("Allow", "GET, POST"));
        }
    }

    private void get(Exchange ex, String relyingParty, String sessionUser, AspNetState aspNet) throws IOException {
        if (relyingParty == null) {
            ex.outcome = Outcome.RELYING_PARTY_PICKER;
            sendHtml(ex, 200, pages.relyingPartyPicker(settings.style(), actionFor(ex.path, null),
                    settings.relyingParties(), sessionUser != null ? "You are signed in." : "You are not signed in."));
            return;
        }
        if (!knownRelyingParty(relyingParty)) {
            errorPage(ex, "MSIS7007: The requested relying party trust '" + relyingParty
                    + "' is unspecified or unsupported.");
            return;
        }
        if (sessionUser != null) {
            success(ex, sessionUser, relyingParty);
            return;
        }
        String authorization = ex.header("Authorization");
        if (!authorization.isEmpty() || (settings.windowsAuth() && iwaCapable(ex.header("User-Agent")))) {
            windowsAuth(ex, authorization);
            return;
        }
        if (aspNet != null) {
            ex.outcome = Outcome.SIGN_IN_PAGE;
            sendHtml(ex, 200, pages.aspNet(ex.selfUrl(), aspNet.viewState(), aspNet.eventValidation(), ""));
            return;
        }
        if (settings.style() == PageStyle.ADFS_2_0) {
            String token = randomToken(24);
            aspNetRequests.put(token, new AspNetState(relyingParty, randomToken(48), randomToken(32)));
            ex.outcome = Outcome.REDIRECT;
            send(ex, 302, "text/html; charset=utf-8", "", Map.of("Location", "/adfs/ls/?SAMLRequest=" + token));
            return;
        }
        signInPage(ex, relyingParty, "", null);
    }

    private void post(Exchange ex, String relyingParty, AspNetState aspNet) throws IOException {
        Optional<String> duplicate = firstDuplicate(ex.form);
        if (duplicate.isPresent()) {
            errorPage(ex, String.format(AdfsErrorTexts.DUPLICATE_POST_PARAMETER, duplicate.get()));
            return;
        }
        if (ex.field("SignInOtherSite").isPresent() || ex.field("RelyingParty").isPresent()) {
            pickRelyingParty(ex);
            return;
        }
        if (ex.field("Context").isPresent()) {
            mfaPost(ex, relyingParty);
            return;
        }
        if (relyingParty != null && !knownRelyingParty(relyingParty)) {
            errorPage(ex, "MSIS7007: The requested relying party trust '" + relyingParty
                    + "' is unspecified or unsupported.");
            return;
        }
        if (aspNet != null) {
            aspNetPost(ex, aspNet);
            return;
        }
        Optional<String> userName = ex.field("UserName");
        Optional<String> password = ex.field("Password");
        String authMethod = ex.field("AuthMethod").orElse("");
        if (userName.isPresent() && password.isEmpty() && settings.style() == PageStyle.ADFS_2019_PAGINATED) {
            paginatedUserName(ex, userName.get());
            return;
        }
        if (userName.isPresent() && password.isPresent()) {
            if (!authMethod.isEmpty() && !"FormsAuthentication".equals(authMethod)) {
                errorPage(ex, "MSIS7065: The authentication method '" + authMethod + "' is not available.");
                return;
            }
            char[] secret = password.get().toCharArray();
            try {
                formsSignIn(ex, userName.get(), secret, relyingParty, "true".equals(ex.field("Kmsi").orElse("")));
            } finally {
                java.util.Arrays.fill(secret, '\0');
            }
            return;
        }
        if (!authMethod.isEmpty() && !"FormsAuthentication".equals(authMethod)) {
            errorPage(ex, "MSIS7065: The authentication method '" + authMethod + "' is not available.");
            return;
        }
        signInPage(ex, relyingParty, userName.orElse(""), null);
    }

    private void pickRelyingParty(Exchange ex) throws IOException {
        String choice = ex.field("SignInOtherSite").orElse("SignInOtherSite");
        String relyingParty = "SignInThisSite".equals(choice) ? null : ex.field("RelyingParty").orElse("");
        if (relyingParty != null && !knownRelyingParty(relyingParty)) {
            errorPage(ex, "MSIS7007: The requested relying party trust '" + relyingParty
                    + "' is unspecified or unsupported.");
            return;
        }
        String sessionUser = ex.user;
        if (sessionUser != null && relyingParty != null) {
            success(ex, sessionUser, relyingParty);
            return;
        }
        signInPage(ex, relyingParty, "", null);
    }

    private void paginatedUserName(Exchange ex, String userName) throws IOException {
        String action = actionFor(ex.path, ex.query.get("logintorp"));
        findUser(userName).ifPresent(u -> ex.user = u.username());
        ex.outcome = Outcome.SIGN_IN_PAGE;
        if (userName.isBlank()) {
            sendHtml(ex, 200, pages.paginatedUserName(action, "", AdfsErrorTexts.ENTER_USER_NAME));
        } else {
            sendHtml(ex, 200, pages.paginatedPassword(action, userName, ""));
        }
    }

    private void signInPage(Exchange ex, String relyingParty, String userName, String error) throws IOException {
        if (settings.style() == PageStyle.ADFS_2_0) {
            errorPage(ex, "MSIS7000: AD FS 2.0 forms sign-in is served at /adfs/ls/ after the sign-on redirect.");
            return;
        }
        String action = actionFor(ex.path, relyingParty);
        if (ex.outcome == null) {
            ex.outcome = Outcome.SIGN_IN_PAGE;
        }
        String html = switch (settings.style()) {
            case ADFS_2019_PAGINATED -> error == null || userName.isEmpty()
                    ? pages.paginatedUserName(action, userName, error)
                    : pages.paginatedPassword(action, userName, error);
            default -> pages.signIn(settings.style(), action, userName, error);
        };
        sendHtml(ex, 200, html);
    }

    private static String actionFor(String path, String relyingParty) {
        StringBuilder action = new StringBuilder(path).append('?');
        if (relyingParty != null) {
            action.append("loginToRp=").append(URLEncoder.encode(relyingParty, StandardCharsets.UTF_8)).append('&');
        }
        return action.append("client-request-id=").append(UUID.randomUUID()).toString();
    }

    // ---------------------------------------------------------------- forms authentication

    private void formsSignIn(Exchange ex, String login, char[] password, String relyingParty, boolean kmsi)
            throws IOException {
        Optional<AdfsUser> found = findUser(login);
        Outcome refusal = null;
        String text = null;
        if (found.isEmpty()) {
            refusal = Outcome.WRONG_PASSWORD;
            text = AdfsErrorTexts.WRONG_PASSWORD;
        } else {
            AdfsUser user = found.get();
            ex.user = user.username();
            log.recordPasswordAttempt(user.username());
            Optional<Outcome> state = checkAccount(user, password);
            if (state.isPresent()) {
                refusal = state.get();
                text = errorText(refusal);
            }
        }
        if (refusal != null) {
            ex.outcome = refusal;
            signInPage(ex, relyingParty, login, text);
            return;
        }
        afterPrimaryAuthentication(ex, found.get(), kmsi);
    }

    /** Checks lockout, password and account state; empty when the user may proceed. */
    private Optional<Outcome> checkAccount(AdfsUser user, char[] password) {
        if (user.locked()) {
            return Optional.of(Outcome.ACCOUNT_LOCKED);
        }
        int threshold = settings.extranetLockoutThreshold();
        AtomicInteger bad = badPasswordCounts.computeIfAbsent(key(user.username()), k -> new AtomicInteger());
        if (threshold > 0 && bad.get() >= threshold) {
            return Optional.of(Outcome.ACCOUNT_LOCKED);
        }
        if (!user.checkPassword(password)) {
            bad.incrementAndGet();
            return Optional.of(Outcome.WRONG_PASSWORD);
        }
        bad.set(0);
        if (user.disabled()) {
            return Optional.of(Outcome.ACCOUNT_DISABLED);
        }
        return Optional.empty();
    }

    private static String errorText(Outcome outcome) {
        return switch (outcome) {
            case ACCOUNT_LOCKED -> AdfsErrorTexts.ACCOUNT_LOCKED;
            case ACCOUNT_DISABLED -> AdfsErrorTexts.ACCOUNT_DISABLED;
            default -> AdfsErrorTexts.WRONG_PASSWORD;
        };
    }

    private void aspNetPost(Exchange ex, AspNetState state) throws IOException {
        String action = "/adfs/ls/?" + ex.rawQuery;
        if (!state.viewState().equals(ex.field("__VIEWSTATE").orElse(""))
                || !state.eventValidation().equals(ex.field("__EVENTVALIDATION").orElse(""))) {
            errorPage(ex, "Validation of viewstate MAC failed: __VIEWSTATE / __EVENTVALIDATION were not the values"
                    + " of the page.");
            return;
        }
        String login = ex.field("ctl00$ContentPlaceHolder1$UsernameTextBox").orElse("");
        char[] password = ex.field("ctl00$ContentPlaceHolder1$PasswordTextBox").orElse("").toCharArray();
        try {
            Optional<AdfsUser> found = findUser(login);
            Optional<Outcome> refusal = Optional.of(Outcome.WRONG_PASSWORD);
            if (found.isPresent()) {
                ex.user = found.get().username();
                log.recordPasswordAttempt(found.get().username());
                refusal = checkAccount(found.get(), password);
            }
            if (refusal.isPresent()) {
                ex.outcome = refusal.get();
                sendHtml(ex, 200, pages.aspNet(action, state.viewState(), state.eventValidation(),
                        errorText(refusal.get())));
                return;
            }
            afterPrimaryAuthentication(ex, found.get(), false);
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    private void afterPrimaryAuthentication(Exchange ex, AdfsUser user, boolean kmsi) throws IOException {
        ex.user = user.username();
        if (user.mfa().isPresent()) {
            MfaKind kind = user.mfa().get();
            String context = randomToken(96);
            String number = String.format("%02d", RANDOM.nextInt(100));
            pendingMfa.put(context, new PendingMfa(user, kind, number, new AtomicInteger()));
            ex.outcome = Outcome.MFA_CHALLENGE;
            sendHtml(ex, 200, pages.mfa(settings.style(), kind, ex.selfUrl(), context, user.username(), "",
                    number, 0));
            return;
        }
        authenticated(ex, user, kmsi, Map.of());
    }

    /** 302 to the same URL with the MSISAuth cookies, as AD FS answers a completed authentication. */
    private void authenticated(Exchange ex, AdfsUser user, boolean persistent, Map<String, String> extra)
            throws IOException {
        String token = randomToken(48);
        sessions.put(token, user.username());
        Instant now = clock.get().instant();
        String attributes = "; path=/adfs; HttpOnly" + (settings.secureCookies() ? "; Secure" : "")
                + (persistent ? "; Max-Age=86400" : "");
        ex.outcome = Outcome.AUTHENTICATED;
        ex.user = user.username();
        Headers headers = ex.http.getResponseHeaders();
        headers.add("Set-Cookie", "MSISAuth=" + token + attributes);
        headers.add("Set-Cookie", "MSISAuthenticated="
                + B64.encodeToString(now.toString().getBytes(StandardCharsets.UTF_8)) + attributes);
        headers.add("Set-Cookie", "MSISLoopDetectionCookie=" + now.toString().replace(':', '-') + "%3A1"
                + attributes);
        Map<String, String> all = new LinkedHashMap<>(extra);
        all.put("Location", ex.selfUrl());
        send(ex, 302, "text/html; charset=utf-8", "", all);
    }

    private void success(Exchange ex, String username, String relyingParty) throws IOException {
        if (!relyingParty.equals(settings.relyingParties().get(0).identifier())) {
            errorPage(ex, "MSIS7012: The relying party trust '" + relyingParty
                    + "' has no SAML assertion consumer endpoint in the AD FS emulator.");
            return;
        }
        Optional<AdfsUser> user = settings.users().stream().filter(u -> u.username().equals(username)).findFirst();
        if (user.isEmpty()) {
            errorPage(ex, "MSIS7012: The signed-in user no longer exists.");
            return;
        }
        ex.user = username;
        ex.outcome = Outcome.SAML_RESPONSE;
        String response = settings.minter().mint(user.get(), clock.get());
        sendHtml(ex, 200, Pages.autoPost(settings.acsUrl(), response));
    }

    // ---------------------------------------------------------------- MFA

    private void mfaPost(Exchange ex, String relyingParty) throws IOException {
        String context = ex.field("Context").orElse("");
        PendingMfa pending = pendingMfa.get(context);
        if (pending == null) {
            errorPage(ex, "MSIS9001: The received Context is not valid or has expired; start the sign-in again.");
            return;
        }
        AdfsUser user = pending.user();
        ex.user = user.username();
        MfaKind kind = pending.kind();
        String authMethod = ex.field("AuthMethod").orElse("");
        if (!kind.authMethod().equals(authMethod)) {
            errorPage(ex, "MSIS7065: The authentication method '" + authMethod + "' was posted, but the pending"
                    + " step expects '" + kind.authMethod() + "'.");
            return;
        }
        String action = ex.selfUrl();
        switch (kind) {
            case AZURE_MFA_CODE, VIP, RSA_SECURID -> {
                String code = ex.field(kind.codeField().orElseThrow()).orElse("").trim();
                if (!code.isEmpty() && user.mfaCodes().contains(code)) {
                    pendingMfa.remove(context);
                    authenticated(ex, user, false, Map.of());
                } else {
                    ex.outcome = Outcome.MFA_FAILED;
                    sendHtml(ex, 200, pages.mfa(settings.style(), kind, action, context, user.username(),
                            AdfsErrorTexts.WRONG_MFA_CODE, pending.entropyNumber(), pending.polls().get()));
                }
            }
            case AZURE_MFA_PUSH -> {
                int polls = pending.polls().incrementAndGet();
                if (user.pushDenied()) {
                    ex.outcome = Outcome.MFA_FAILED;
                    sendHtml(ex, 200, pages.mfa(settings.style(), kind, action, context, user.username(),
                            AdfsErrorTexts.PUSH_DENIED, pending.entropyNumber(), polls));
                } else if (polls >= user.pushApprovedAfterPolls()) {
                    pendingMfa.remove(context);
                    authenticated(ex, user, false, Map.of());
                } else {
                    ex.outcome = Outcome.MFA_PENDING;
                    sendHtml(ex, 200, pages.mfa(settings.style(), kind, action, context, user.username(), "",
                            pending.entropyNumber(), polls));
                }
            }
            case DUO -> {
                ex.outcome = Outcome.MFA_PENDING;
                sendHtml(ex, 200, pages.mfa(settings.style(), kind, action, context, user.username(), "",
                        pending.entropyNumber(), pending.polls().incrementAndGet()));
            }
            default -> throw new IllegalStateException("unknown MFA kind " + kind);
        }
    }

    // ---------------------------------------------------------------- Windows integrated authentication

    private boolean iwaCapable(String userAgent) {
        for (String entry : settings.iwaUserAgents()) {
            if (entry.startsWith("=~")) {
                if (Pattern.compile(entry.substring(2)).matcher(userAgent).find()) {
                    return true;
                }
            } else if (userAgent.contains(entry)) {
                return true;
            }
        }
        return false;
    }

    private void windowsAuth(Exchange ex, String authorization) throws IOException {
        if (authorization.isEmpty()) {
            challenge(ex, Outcome.IWA_CHALLENGE);
            return;
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        String scheme = parts[0];
        byte[] token;
        try {
            token = parts.length == 2 ? Base64.getDecoder().decode(parts[1]) : new byte[0];
        } catch (IllegalArgumentException e) {
            token = new byte[0];
        }
        if (!"Negotiate".equalsIgnoreCase(scheme) && !"NTLM".equalsIgnoreCase(scheme) || token.length == 0) {
            challenge(ex, Outcome.IWA_FAILED);
            return;
        }
        int ntlmType = Ntlm.messageType(token);
        if (ntlmType != 0) {
            ntlm(ex, scheme, ntlmType, token);
        } else {
            kerberos(ex, token);
        }
    }

    private void challenge(Exchange ex, Outcome outcome) throws IOException {
        ex.outcome = outcome;
        Headers headers = ex.http.getResponseHeaders();
        headers.add("WWW-Authenticate", "Negotiate");
        headers.add("WWW-Authenticate", "NTLM");
        send(ex, 401, "text/html; charset=utf-8", Pages.unauthorized(), Map.of());
    }

    private String connectionKey(Exchange ex) {
        return String.valueOf(ex.http.getRemoteAddress());
    }

    private void ntlm(Exchange ex, String scheme, int type, byte[] token) throws IOException {
        if (type == 1) {
            Ntlm.Challenge challenge = Ntlm.challenge(token, settings.ntlmDomain(), settings.dnsDomain(), "ADFS",
                    clock.get().instant());
            ntlmChallenges.put(connectionKey(ex), challenge);
            ex.outcome = Outcome.IWA_CHALLENGE;
            ex.http.getResponseHeaders().add("WWW-Authenticate",
                    scheme + " " + B64.encodeToString(challenge.message()));
            send(ex, 401, "text/html; charset=utf-8", Pages.unauthorized(), Map.of());
            return;
        }
        Ntlm.Challenge challenge = ntlmChallenges.remove(connectionKey(ex));
        Optional<Ntlm.Authenticate> auth = type == 3 ? Ntlm.parseAuthenticate(token) : Optional.empty();
        if (challenge == null || auth.isEmpty()) {
            LOG.debug("NTLM message type {} without a challenge on this connection", type);
            challenge(ex, Outcome.IWA_FAILED);
            return;
        }
        String domain = auth.get().domain();
        Optional<AdfsUser> user = findUser(auth.get().user());
        boolean domainOk = domain.isEmpty() || domain.equalsIgnoreCase(settings.ntlmDomain())
                || domain.equalsIgnoreCase(settings.dnsDomain());
        if (user.isEmpty() || !domainOk) {
            challenge(ex, Outcome.IWA_FAILED);
            return;
        }
        ex.user = user.get().username();
        log.recordPasswordAttempt(user.get().username());
        char[] password = user.get().password();
        try {
            if (user.get().locked()) {
                challenge(ex, Outcome.ACCOUNT_LOCKED);
                return;
            }
            if (!Ntlm.verifyNtlmV2(auth.get(), challenge.serverChallenge(), password)) {
                badPasswordCounts.computeIfAbsent(key(user.get().username()), k -> new AtomicInteger())
                        .incrementAndGet();
                challenge(ex, Outcome.IWA_FAILED);
                return;
            }
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
        if (user.get().disabled()) {
            challenge(ex, Outcome.ACCOUNT_DISABLED);
            return;
        }
        afterPrimaryAuthentication(ex, user.get(), false);
    }

    private void kerberos(Exchange ex, byte[] token) throws IOException {
        KerberosAcceptor acceptor = settings.kerberos();
        if (acceptor == null) {
            LOG.debug("Kerberos token received but the emulator has no keytab configured");
            challenge(ex, Outcome.IWA_FAILED);
            return;
        }
        KerberosAcceptor.Result result = acceptor.accept(token);
        if (!result.established() || result.clientPrincipal().isEmpty()) {
            LOG.debug("Kerberos token refused: {}", result.error().orElse("not established"));
            challenge(ex, Outcome.IWA_FAILED);
            return;
        }
        Optional<AdfsUser> user = findUser(result.clientPrincipal().get());
        if (user.isEmpty()) {
            LOG.debug("Kerberos principal {} is not a configured user", result.clientPrincipal().get());
            challenge(ex, Outcome.IWA_FAILED);
            return;
        }
        ex.user = user.get().username();
        if (user.get().locked() || user.get().disabled()) {
            challenge(ex, user.get().locked() ? Outcome.ACCOUNT_LOCKED : Outcome.ACCOUNT_DISABLED);
            return;
        }
        result.outputToken().ifPresent(out -> ex.http.getResponseHeaders().add("WWW-Authenticate",
                "Negotiate " + B64.encodeToString(out)));
        afterPrimaryAuthentication(ex, user.get(), false);
    }

    // ---------------------------------------------------------------- helpers

    private boolean knownRelyingParty(String identifier) {
        return settings.relyingParties().stream().anyMatch(rp -> rp.identifier().equals(identifier));
    }

    private Optional<AdfsUser> findUser(String login) {
        return settings.users().stream().filter(u -> u.matchesLogin(login)).findFirst();
    }

    private void errorPage(Exchange ex, String details) throws IOException {
        ex.outcome = Outcome.ERROR_PAGE;
        sendHtml(ex, 200, pages.errorPage(settings.style(), details, UUID.randomUUID().toString(),
                clock.get().instant().toString()));
    }

    private void sendHtml(Exchange ex, int status, String html) throws IOException {
        send(ex, status, "text/html; charset=utf-8", html, Map.of());
    }

    private void send(Exchange ex, int status, String contentType, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Headers out = ex.http.getResponseHeaders();
        out.set("Content-Type", contentType);
        out.set("Cache-Control", "no-cache, no-store");
        out.set("Pragma", "no-cache");
        headers.forEach(out::set);
        ex.status = status;
        record(ex);
        if (bytes.length == 0) {
            ex.http.sendResponseHeaders(status, -1);
        } else {
            ex.http.sendResponseHeaders(status, bytes.length);
            try (OutputStream os = ex.http.getResponseBody()) {
                os.write(bytes);
            }
        }
    }

    /**
     * AD FS parses the post body with a list of "secure keys" (the credential fields) and refuses a body that
     * repeats one of them; other repeated fields (e.g. the two AuthMethod inputs a naive client collects) pass,
     * and the first value wins. That is why 2012 R2 tolerated such clients and 2016+ (whose options form repeats
     * UserName) did not.
     */
    private static Optional<String> firstDuplicate(List<Map.Entry<String, String>> form) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Map.Entry<String, String> e : form) {
            if (SECURE_KEYS.contains(e.getKey()) && !seen.add(e.getKey())) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    private static List<Map.Entry<String, String>> parsePairs(String encoded) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) {
            return pairs;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            pairs.add(Map.entry(URLDecoder.decode(name, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8)));
        }
        return pairs;
    }

    private static Map<String, String> parseCookies(Headers headers) {
        Map<String, String> cookies = new LinkedHashMap<>();
        List<String> values = headers.get("Cookie");
        if (values == null) {
            return cookies;
        }
        for (String header : values) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    cookies.putIfAbsent(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
                }
            }
        }
        return cookies;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new IllegalArgumentException("request body larger than " + MAX_BODY + " bytes");
        }
        return body;
    }

    private static String randomToken(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
