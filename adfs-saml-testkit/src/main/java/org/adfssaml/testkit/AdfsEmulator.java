package org.adfssaml.testkit;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.adfssaml.testkit.internal.LoopbackServers;
import org.adfssaml.testkit.internal.adfs.AdfsHandler;
import org.adfssaml.testkit.internal.adfs.KerberosAcceptor;
import org.adfssaml.testkit.internal.adfs.Pages;
import org.adfssaml.testkit.internal.adfs.TlsMaterial;

/**
 * An embeddable AD FS stand-in that behaves like AD FS page for page, for tests and demos.
 *
 * <p>It serves, over HTTPS with its own generated CA (or plain HTTP on loopback):
 * <ul>
 *   <li>{@code GET /adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:amazon:webservices} ({@link #signOnUrl()}):
 *       the forms sign-in page of the configured {@link PageStyle}; without {@code loginToRp} the relying-party
 *       picker page ({@code #idp_SignInThisSiteStatus}, {@code #idp_OtherRpRadioButton},
 *       {@code select#idp_RelyingPartyDropDownList name=RelyingParty}), whose POST leads to the sign-in page;</li>
 *   <li>a POST of the sign-in form: on success a 302 to the same URL with the {@code MSISAuth},
 *       {@code MSISAuthenticated} and {@code MSISLoopDetectionCookie} cookies (path {@code /adfs}), then the GET
 *       with those cookies answers the auto-post page ({@code form[name=hiddenform]} posting
 *       {@code SAMLResponse} to {@code https://signin.aws.amazon.com/saml}); on failure the sign-in page again
 *       with the text of {@link AdfsErrorTexts} in {@code #errorText}; a post carrying a field twice (e.g. the
 *       options form's hidden {@code UserName} along with the login form's) gets AD FS's error page with
 *       "Duplicate post parameter";</li>
 *   <li>MFA pages for users configured with {@link AdfsUser.Builder#mfa(MfaKind, String...)} (see
 *       {@link MfaKind} for each page and the push polling contract);</li>
 *   <li>Windows integrated authentication: user agents of AD FS's WIASupportedUserAgents list get
 *       {@code 401} with {@code WWW-Authenticate: Negotiate} and {@code WWW-Authenticate: NTLM}; SPNEGO /
 *       Kerberos tokens are verified with JDK GSS against {@link Builder#kerberos(Path, String) a keytab}, NTLM
 *       type 3 messages by checking the NTLMv2 response against the user's password;</li>
 *   <li>{@code GET /FederationMetadata/2007-06/FederationMetadata.xml}: the metadata of the {@link TestIdp}.</li>
 * </ul>
 *
 * <pre>{@code
 * try (AdfsEmulator adfs = AdfsEmulator.builder()
 *         .user(AdfsUser.builder("alice@example.test").password("Passw0rd!")
 *                 .adAttributeValues("AWS-123456789012-Dev").build())
 *         .pageStyle(PageStyle.ADFS_2019)
 *         .build().start()) {
 *     KeyStore trust = adfs.trustStore();      // give it to the HTTP client
 *     URI entry = adfs.signOnUrl();             // where the client starts
 *     ...
 *     assertThat(adfs.requestLog().signInCount("alice@example.test")).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Every emulator is independent (its own users, clock, cookies and faults) and thread-safe.
 */
public final class AdfsEmulator implements AutoCloseable {

    /** The AWS relying-party identifier. */
    public static final String AWS_RELYING_PARTY = "urn:amazon:webservices";
    /** AD FS's default WIASupportedUserAgents list ({@code =~} marks a regular expression). */
    public static final List<String> DEFAULT_IWA_USER_AGENTS = List.of("MSAuthHost/1.0/In-Domain", "MSIE 6.0",
            "MSIE 7.0", "MSIE 8.0", "MSIE 9.0", "MSIE 10.0", "Trident/7.0", "MSIPC",
            "Windows Rights Management Client", "MS_WorkFoldersClient", "=~Windows\\s*NT.*Edg");

    private final Builder config;
    private final TestIdp idp;
    private final RequestLog requestLog = new RequestLog();
    private final TlsMaterial tls;
    private final AdfsHandler handler;
    private HttpServer server;
    private ExecutorService executor;
    private URI baseUri;

    private AdfsEmulator(Builder b) {
        if (b.users.isEmpty()) {
            throw new IllegalArgumentException("an AD FS emulator needs at least one user, found none");
        }
        if (b.extranetLockoutThreshold < 0) {
            throw new IllegalArgumentException(
                    "extranetLockoutThreshold must be 0 (off) or more, found " + b.extranetLockoutThreshold);
        }
        if (b.port < 0 || b.port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, found " + b.port);
        }
        this.config = b.copy();
        this.idp = b.idp != null ? b.idp : TestIdp.generate();
        // TLS is checked on the client's real clock, not on the emulator clock (which tests often set far away)
        this.tls = b.plainHttp ? null : TlsMaterial.generate(java.time.Instant.now(), List.of(b.host));
        KerberosAcceptor kerberos = b.keytab == null ? null : KerberosAcceptor.login(b.keytab, b.servicePrincipal);
        List<Pages.RelyingParty> parties = new ArrayList<>();
        parties.add(new Pages.RelyingParty(AWS_RELYING_PARTY, "Amazon Web Services"));
        parties.addAll(b.otherRelyingParties);
        AdfsHandler.Settings settings = new AdfsHandler.Settings(b.pageStyle, List.copyOf(b.users),
                List.copyOf(parties), b.acsUrl, b.organization, this::mint, idp::federationMetadataXml,
                b.windowsAuth, List.copyOf(b.iwaUserAgents), kerberos, b.ntlmDomain, b.dnsDomain,
                b.extranetLockoutThreshold, !b.plainHttp);
        this.handler = new AdfsHandler(settings, requestLog, b.clock);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    private String mint(AdfsUser user, Clock clock) {
        List<String> roles = new ArrayList<>(user.roles());
        roles.addAll(RoleClaims.fromAdAttributeValues(config.samlProviderName, user.adAttributeValues()));
        SamlResponseBuilder response = idp.response()
                .nameId(config.ntlmDomain + "\\" + user.accountName())
                .roleSessionName(user.email())
                .roles(roles.toArray(new String[0]))
                .clock(clock);
        if (config.sessionDuration != null) {
            response.sessionDuration(config.sessionDuration);
        }
        config.responseCustomizer.accept(response);
        return response.base64();
    }

    /**
     * Binds the server on the loopback interface and starts serving.
     *
     * @return this emulator
     * @throws UncheckedIOException when the port cannot be bound
     * @throws IllegalStateException when already started
     */
    public synchronized AdfsEmulator start() {
        if (server != null) {
            throw new IllegalStateException("the AD FS emulator is already running at " + baseUri);
        }
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port);
            LoopbackServers.preferNoDelay();
            if (tls == null) {
                server = HttpServer.create(address, 64);
            } else {
                HttpsServer https = HttpsServer.create(address, 64);
                https.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()));
                server = https;
            }
            AtomicInteger threads = new AtomicInteger();
            executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "adfs-emulator-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.createContext("/", handler);
            server.start();
            baseUri = URI.create((tls == null ? "http" : "https") + "://" + hostForUri(config.host) + ":"
                    + server.getAddress().getPort());
            handler.baseUri(baseUri);
            return this;
        } catch (IOException e) {
            server = null;
            throw new UncheckedIOException("could not bind the AD FS emulator on loopback port " + config.port
                    + ": " + e.getMessage(), e);
        }
    }

    private static String hostForUri(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Stops the server (idempotent). */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    private URI requireStarted() {
        if (baseUri == null) {
            throw new IllegalStateException("the AD FS emulator is not started: call start() first");
        }
        return baseUri;
    }

    /** {@code https://localhost:<port>} (or {@code http://} with {@link Builder#plainHttp(boolean)}). */
    public URI baseUri() {
        return requireStarted();
    }

    /** The IdP-initiated sign-on URL with {@code loginToRp=urn:amazon:webservices}. */
    public URI signOnUrl() {
        return requireStarted().resolve("/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp="
                + URLEncoder.encode(AWS_RELYING_PARTY, StandardCharsets.UTF_8));
    }

    /** The IdP-initiated sign-on URL without {@code loginToRp}: the relying-party picker page. */
    public URI pickerUrl() {
        return requireStarted().resolve("/adfs/ls/IdpInitiatedSignOn.aspx");
    }

    /** The URL of FederationMetadata.xml. */
    public URI federationMetadataUrl() {
        return requireStarted().resolve("/FederationMetadata/2007-06/FederationMetadata.xml");
    }

    /**
     * The CA certificate that issued the server certificate.
     *
     * @throws IllegalStateException in plain HTTP mode
     */
    public X509Certificate caCertificate() {
        if (tls == null) {
            throw new IllegalStateException("the AD FS emulator runs plain HTTP: there is no CA certificate");
        }
        return tls.caCertificate();
    }

    /** The CA certificate in PEM, for {@code --ca-bundle} style options. */
    public String caCertificatePem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(caCertificate().getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("could not encode the CA certificate: " + e.getMessage(), e);
        }
    }

    /** A fresh trust store (PKCS12, no password) holding only {@link #caCertificate()}. */
    public KeyStore trustStore() {
        if (tls == null) {
            throw new IllegalStateException("the AD FS emulator runs plain HTTP: there is no trust store");
        }
        return tls.trustStore();
    }

    /** The identity provider that signs the responses (its certificate is what validators must trust). */
    public TestIdp idp() {
        return idp;
    }

    /** The request log. */
    public RequestLog requestLog() {
        return requestLog;
    }

    /** The configured users. */
    public List<AdfsUser> users() {
        return List.copyOf(config.users);
    }

    /** The page style. */
    public PageStyle pageStyle() {
        return config.pageStyle;
    }

    /** The clock the emulator issues responses and logs requests on. */
    public Clock clock() {
        return handler.clock();
    }

    /** Replaces the clock (e.g. to move time forward between two sign-ins). */
    public void setClock(Clock clock) {
        handler.clock(Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Answers the next request with this status and a short HTML body instead of handling it. Calls queue: two
     * calls fail the next two requests.
     */
    public void failNext(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100..599, found " + status);
        }
        handler.failNext(status);
    }

    /** Delays the next request by this duration before handling it (combinable with the other faults). */
    public void delayNext(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("delay must be zero or positive, found " + delay);
        }
        handler.delayNext(delay);
    }

    /**
     * Delays every request from now on by this duration before handling it, like a slow AD FS farm, until set back to
     * {@link Duration#ZERO} (the default). Adds to a delay queued with {@link #delayNext(Duration)}. Requests are
     * handled concurrently, so one slow request does not hold up another.
     *
     * @param delay zero or positive
     */
    public void setResponseDelay(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("delay must be zero or positive, found " + delay);
        }
        handler.responseDelay(delay);
    }

    /** Closes the connection of the next request without answering anything. */
    public void dropNext() {
        handler.dropNext();
    }

    /** The user's current extranet-lockout bad-password count. */
    public int badPasswordCount(String username) {
        return handler.badPasswordCount(username);
    }

    /** Clears a user's extranet lockout. */
    public void resetLockout(String username) {
        handler.resetLockout(username);
    }

    @Override
    public String toString() {
        return "AdfsEmulator[" + (baseUri == null ? "not started" : baseUri) + ", style=" + config.pageStyle
                + ", users=" + config.users.size() + "]";
    }

    /** Builder of {@link AdfsEmulator}. */
    public static final class Builder {
        private TestIdp idp;
        private final List<AdfsUser> users = new ArrayList<>();
        private PageStyle pageStyle = PageStyle.ADFS_2019;
        private Clock clock = Clock.systemUTC();
        private boolean plainHttp;
        private String host = "localhost";
        private int port;
        private String organization = "Example Corp";
        private final List<Pages.RelyingParty> otherRelyingParties = new ArrayList<>();
        private String samlProviderName = "ADFS";
        private String acsUrl = "https://signin.aws.amazon.com/saml";
        private Duration sessionDuration;
        private Consumer<SamlResponseBuilder> responseCustomizer = r -> { };
        private boolean windowsAuth = true;
        private List<String> iwaUserAgents = DEFAULT_IWA_USER_AGENTS;
        private Path keytab;
        private String servicePrincipal;
        private String ntlmDomain = "EXAMPLE";
        private String dnsDomain = "example.test";
        private int extranetLockoutThreshold;

        private Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.idp = idp;
            b.users.addAll(users);
            b.pageStyle = pageStyle;
            b.clock = clock;
            b.plainHttp = plainHttp;
            b.host = host;
            b.port = port;
            b.organization = organization;
            b.otherRelyingParties.addAll(otherRelyingParties);
            b.samlProviderName = samlProviderName;
            b.acsUrl = acsUrl;
            b.sessionDuration = sessionDuration;
            b.responseCustomizer = responseCustomizer;
            b.windowsAuth = windowsAuth;
            b.iwaUserAgents = iwaUserAgents;
            b.keytab = keytab;
            b.servicePrincipal = servicePrincipal;
            b.ntlmDomain = ntlmDomain;
            b.dnsDomain = dnsDomain;
            b.extranetLockoutThreshold = extranetLockoutThreshold;
            return b;
        }

        /** The identity provider that signs responses. Default: {@link TestIdp#generate()}. */
        public Builder idp(TestIdp value) {
            this.idp = Objects.requireNonNull(value, "idp");
            return this;
        }

        /** Adds users. At least one is required. */
        public Builder user(AdfsUser... values) {
            for (AdfsUser u : values) {
                users.add(Objects.requireNonNull(u, "user"));
            }
            return this;
        }

        /** Adds users. */
        public Builder users(List<AdfsUser> values) {
            values.forEach(this::user);
            return this;
        }

        /** The sign-in page style. Default: {@link PageStyle#ADFS_2019}. */
        public Builder pageStyle(PageStyle value) {
            this.pageStyle = Objects.requireNonNull(value, "pageStyle");
            return this;
        }

        /** The clock of responses and the request log. Default: {@link Clock#systemUTC()}. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Serve plain HTTP instead of HTTPS (still loopback only). Default: false (HTTPS). */
        public Builder plainHttp(boolean value) {
            this.plainHttp = value;
            return this;
        }

        /**
         * The host name used in {@link #baseUri()} and the server certificate; the server always binds the
         * loopback address, so the name must resolve to it. Default: {@code localhost}.
         */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** The TCP port. Default: 0 (a free port). */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** The organization name in the page header. Default: {@code Example Corp}. */
        public Builder organization(String value) {
            this.organization = Objects.requireNonNull(value, "organization");
            return this;
        }

        /**
         * Adds a relying party to the picker page (after "Amazon Web Services", which is always first). Signing
         * in to it ends on an AD FS error page: only AWS gets a SAMLResponse. Default: none.
         */
        public Builder relyingParty(String identifier, String displayName) {
            otherRelyingParties.add(new Pages.RelyingParty(Objects.requireNonNull(identifier, "identifier"),
                    Objects.requireNonNull(displayName, "displayName")));
            return this;
        }

        /** The SAML provider name used for {@link AdfsUser#adAttributeValues()}. Default: {@code ADFS}. */
        public Builder samlProviderName(String value) {
            this.samlProviderName = Objects.requireNonNull(value, "samlProviderName");
            return this;
        }

        /** Where the auto-post page sends the response. Default: {@code https://signin.aws.amazon.com/saml}. */
        public Builder acsUrl(String value) {
            this.acsUrl = Objects.requireNonNull(value, "acsUrl");
            return this;
        }

        /** The SessionDuration attribute of issued responses. Default: none (attribute absent). */
        public Builder sessionDuration(Duration value) {
            this.sessionDuration = Objects.requireNonNull(value, "sessionDuration");
            return this;
        }

        /**
         * Changes every issued response after the emulator filled it in (e.g. {@code r -> r.audience("x")} to
         * test a client's validation). Default: no change.
         */
        public Builder responseCustomizer(Consumer<SamlResponseBuilder> value) {
            this.responseCustomizer = Objects.requireNonNull(value, "responseCustomizer");
            return this;
        }

        /**
         * Whether IWA-capable user agents get the 401 Negotiate / NTLM challenge. A request that already carries
         * an {@code Authorization: Negotiate|NTLM} header is always processed. Default: true.
         */
        public Builder windowsAuth(boolean value) {
            this.windowsAuth = value;
            return this;
        }

        /** The WIASupportedUserAgents list. Default: {@link #DEFAULT_IWA_USER_AGENTS}. */
        public Builder iwaUserAgents(List<String> values) {
            this.iwaUserAgents = List.copyOf(values);
            return this;
        }

        /**
         * Enables Kerberos: the service key of {@code servicePrincipal} (e.g. {@code HTTP/localhost@EXAMPLE.TEST})
         * is read from the keytab. The realm's krb5.conf must be reachable through
         * {@code java.security.krb5.conf} (see {@link EmbeddedKdc}). Default: no Kerberos (NTLM only).
         */
        public Builder kerberos(Path keytab, String servicePrincipal) {
            this.keytab = Objects.requireNonNull(keytab, "keytab");
            this.servicePrincipal = Objects.requireNonNull(servicePrincipal, "servicePrincipal");
            return this;
        }

        /** The NetBIOS domain of NTLM (also the NameID prefix). Default: {@code EXAMPLE}. */
        public Builder ntlmDomain(String value) {
            this.ntlmDomain = Objects.requireNonNull(value, "ntlmDomain");
            return this;
        }

        /** The DNS domain named in NTLM target info. Default: {@code example.test}. */
        public Builder dnsDomain(String value) {
            this.dnsDomain = Objects.requireNonNull(value, "dnsDomain");
            return this;
        }

        /**
         * Extranet lockout: after this many bad passwords a user is refused with
         * {@link AdfsErrorTexts#ACCOUNT_LOCKED} even with the right password, until
         * {@link AdfsEmulator#resetLockout(String)}. A correct password before the threshold resets the count.
         * Default: 0 (off).
         */
        public Builder extranetLockoutThreshold(int value) {
            this.extranetLockoutThreshold = value;
            return this;
        }

        /** Builds the emulator (not started). */
        public AdfsEmulator build() {
            return new AdfsEmulator(this);
        }
    }
}
