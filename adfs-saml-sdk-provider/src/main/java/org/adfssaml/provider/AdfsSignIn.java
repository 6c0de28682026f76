package org.adfssaml.provider;

import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import org.adfssaml.core.FederationMetadata;
import org.adfssaml.core.SamlResponse;
import org.adfssaml.core.SamlValidationException;
import org.adfssaml.provider.internal.SamlTrust;
import org.adfssaml.provider.internal.signin.EntryUrl;
import org.adfssaml.provider.internal.signin.MetadataFetch;
import org.adfssaml.provider.internal.signin.RefusalMemory;
import org.adfssaml.provider.internal.signin.SignInFlow;
import org.adfssaml.provider.internal.signin.SharedTlsContext;
import org.adfssaml.provider.internal.signin.SignInSettings;
import org.adfssaml.provider.internal.signin.TrustMaterial;

/**
 * Signs in to AD FS (or another SAML 2.0 IdP) and returns the SAML response the IdP issues for
 * the AWS relying party.
 *
 * <pre>{@code
 * AdfsSignIn signIn = AdfsSignIn.builder()
 *         .idpUrl("https://adfs.example.com")
 *         .username("EXAMPLE\\alice")
 *         .passwordSource(() -> System.console().readPassword("Password: "))
 *         .build();
 * SamlResponse response = signIn.signIn();
 * }</pre>
 *
 * <p>Each {@link #signIn()} is a fresh exchange (new cookies, new connections; the TLS context, built from the trust
 * settings on first use, is shared by all sign-ins and metadata fetches of this instance) that follows the
 * IdP's pages: relying-party picker, forms sign-in (AD FS 2.0 ASP.NET, 3.0, 2016, 2019 incl.
 * paginated, 2022, generic SAML IdP forms), Windows integrated authentication (SPNEGO/Kerberos,
 * NTLM), MFA through the {@link MfaHandler}, until the auto-post page carrying the
 * {@code SAMLResponse}.
 *
 * <p>Guards: credentials and form posts go only to the origin of the IdP URL, over https (plain
 * http only to a loopback host); a form action or redirect that leaves the origin is refused
 * before anything is sent; TLS is verified with the JDK's default trust plus the optional
 * {@linkplain Builder#caBundle(Path) CA bundle} / {@linkplain Builder#trustStore(KeyStore) trust
 * store}; response bodies, redirects and time are limited.
 *
 * <p>Lockout safety: an authentication refusal is never retried. The instance remembers a salted
 * hash of the refused password (never the password) and later calls fail fast with the same
 * {@link AdfsAuthenticationException}, without contacting AD FS, until the password source yields
 * a different password.
 *
 * <p>Immutable configuration; thread-safe ({@code signIn()} calls are serialised).
 */
public final class AdfsSignIn {

    /** The relying party chosen when none is configured: AWS. */
    public static final String DEFAULT_RELYING_PARTY = "urn:amazon:webservices";

    /**
     * The User-Agent sent by default for {@link AuthMethod#KERBEROS} and {@link AuthMethod#NTLM}: Internet
     * Explorer 11 on Windows 10, which AD FS's default {@code WIASupportedUserAgents} list offers Windows
     * integrated authentication to.
     */
    public static final String IWA_USER_AGENT =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Trident/7.0; rv:11.0) like Gecko";

    /**
     * The User-Agent sent by default for {@link AuthMethod#FORMS}: a browser AD FS does not list as
     * integrated-authentication capable, so that it shows its forms sign-in page instead of a 401
     * challenge.
     */
    public static final String FORMS_USER_AGENT =
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    private final Builder builder;
    private final SignInSettings settings;
    private final RefusalMemory refusals = new RefusalMemory();

    private AdfsSignIn(Builder b, List<X509Certificate> caBundleCertificates) {
        this.builder = b.copy();
        this.settings = new SignInSettings(
                EntryUrl.resolve(b.idpUrl, b.relyingParty),
                b.authMethod,
                b.username,
                b.passwordSource,
                b.mfaHandler,
                b.relyingParty,
                b.keepMeSignedIn,
                b.caBundle,
                b.trustStore,
                b.connectTimeout,
                b.readTimeout,
                b.maxResponseBytes,
                b.maxRedirects,
                b.mfaPollInterval,
                b.mfaTimeout,
                b.userAgent != null ? b.userAgent : b.authMethod == AuthMethod.FORMS ? FORMS_USER_AGENT : IWA_USER_AGENT,
                b.proxy,
                b.kerberosPrincipal,
                b.kerberosKeytab,
                b.kerberosTicketCache,
                new SharedTlsContext(b.caBundle, caBundleCertificates, b.trustStore));
    }

    /**
     * @return a new builder with every default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a builder holding this instance's configuration
     */
    public Builder toBuilder() {
        return builder.copy();
    }

    /**
     * @return the URL the sign-in starts at (the configured IdP URL, or its default
     *         {@code /adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=...} form)
     */
    public URI entryUrl() {
        return settings.entryUrl();
    }

    /**
     * @return the configured authentication method
     */
    public AuthMethod authMethod() {
        return settings.authMethod();
    }

    /**
     * @return the IdP's federation metadata URL on the sign-in's origin:
     *         {@code scheme://host[:port]/FederationMetadata/2007-06/FederationMetadata.xml}
     */
    public URI federationMetadataUrl() {
        return SamlTrust.defaultMetadataUrl(settings.entryUrl());
    }

    /**
     * Fetches the IdP's {@link #federationMetadataUrl() federation metadata} with the sign-in's TLS trust (the JDK's
     * plus the {@linkplain Builder#caBundle(Path) CA bundle} / {@linkplain Builder#trustStore(KeyStore) trust store}),
     * timeouts, proxy and size limit, following redirects only within the origin. Its signing certificates are as
     * trustworthy as the TLS connection the sign-in itself relies on, which makes them the default trust of
     * {@link AdfsCredentialsProvider}. No credentials are sent.
     *
     * @return the metadata, e.g. for {@code SamlValidator.builder().trustedCertificates(metadata.signingCertificates())}
     * @throws AdfsSignInException     on a transport or TLS error, a refused redirect, or an answer other than HTTP 200
     * @throws SamlValidationException {@code invalid_trust} when the document is not metadata with a signing certificate
     */
    public FederationMetadata fetchFederationMetadata() {
        return FederationMetadata.parse(fetchMetadata(federationMetadataUrl()));
    }

    /** How many times this sign-in built its TLS context (the seam of the reuse test): 0 before first use, then 1. */
    int tlsContextBuilds() {
        return settings.tls().builds();
    }

    /** Fetches any metadata URL with this sign-in's TLS trust, timeouts, proxy and size limit. */
    byte[] fetchMetadata(URI url) {
        return MetadataFetch.fetch(settings, url);
    }

    /**
     * Signs in and returns the SAML response (not yet signature-validated: validate it with
     * {@code SamlValidator} against the IdP's trusted certificates, e.g. those of
     * {@link #fetchFederationMetadata()}; {@link AdfsCredentialsProvider} does that by default).
     *
     * @return the SAML response AD FS issued for the relying party
     * @throws AdfsAuthenticationException the IdP refused the credentials or the second factor,
     *                                     or an earlier refusal of the same password is remembered
     * @throws AdfsSignInException         a page the client cannot act on, a guard refused to send,
     *                                     or a transport / TLS error
     * @throws SamlValidationException     {@code malformed_response} / {@code oversized_input} when the
     *                                     {@code SAMLResponse} the IdP posted cannot be decoded as a SAML
     *                                     2.0 response (an invalid SAML response, like any other)
     */
    public synchronized SamlResponse signIn() {
        String base64 = new SignInFlow(settings, refusals).run();
        try {
            return SamlResponse.parse(base64);
        } catch (SamlValidationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AdfsSignInException("The IdP issued a SAMLResponse that could not be decoded as a SAML 2.0 response: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "AdfsSignIn[entryUrl=" + EntryUrl.withoutQuery(settings.entryUrl()) + ", authMethod=" + settings.authMethod()
                + ", username=" + settings.username() + "]";
    }

    /**
     * Builds an {@link AdfsSignIn}. Only {@link #idpUrl(URI)} is required (plus a user name and
     * password source for {@link AuthMethod#FORMS} and {@link AuthMethod#NTLM}).
     */
    public static final class Builder {
        private URI idpUrl;
        private AuthMethod authMethod = AuthMethod.FORMS;
        private String username;
        private Supplier<char[]> passwordSource;
        private MfaHandler mfaHandler = MfaHandler.decline();
        private String relyingParty = DEFAULT_RELYING_PARTY;
        private boolean keepMeSignedIn;
        private Path caBundle;
        private KeyStore trustStore;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private int maxResponseBytes = 2 * 1024 * 1024;
        private int maxRedirects = 10;
        private Duration mfaPollInterval = Duration.ofSeconds(2);
        private Duration mfaTimeout = Duration.ofMinutes(2);
        private String userAgent;
        private URI proxy;
        private String kerberosPrincipal;
        private Path kerberosKeytab;
        private Path kerberosTicketCache;

        private Builder() {
        }

        private Builder copy() {
            Builder c = new Builder();
            c.idpUrl = idpUrl;
            c.authMethod = authMethod;
            c.username = username;
            c.passwordSource = passwordSource;
            c.mfaHandler = mfaHandler;
            c.relyingParty = relyingParty;
            c.keepMeSignedIn = keepMeSignedIn;
            c.caBundle = caBundle;
            c.trustStore = trustStore;
            c.connectTimeout = connectTimeout;
            c.readTimeout = readTimeout;
            c.maxResponseBytes = maxResponseBytes;
            c.maxRedirects = maxRedirects;
            c.mfaPollInterval = mfaPollInterval;
            c.mfaTimeout = mfaTimeout;
            c.userAgent = userAgent;
            c.proxy = proxy;
            c.kerberosPrincipal = kerberosPrincipal;
            c.kerberosKeytab = kerberosKeytab;
            c.kerberosTicketCache = kerberosTicketCache;
            return c;
        }

        /**
         * The IdP entry URL. Either the full sign-on URL (kept as given, extra query parameters
         * included) or just {@code https://host[:port]} (or with path {@code /}), in which case
         * {@code /adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=<relyingParty>} is used. Must be https,
         * or http to a loopback host ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}).
         * Required; no default.
         *
         * @param idpUrl the IdP URL
         * @return this builder
         */
        public Builder idpUrl(URI idpUrl) {
            this.idpUrl = idpUrl;
            return this;
        }

        /**
         * Same as {@link #idpUrl(URI)} from a string.
         *
         * @param idpUrl the IdP URL
         * @return this builder
         */
        public Builder idpUrl(String idpUrl) {
            Objects.requireNonNull(idpUrl, "idpUrl");
            try {
                return idpUrl(URI.create(idpUrl.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("idpUrl must be an absolute https URL, found an unparsable value: " + e.getMessage(), e);
            }
        }

        /**
         * How to authenticate. Default {@link AuthMethod#FORMS}.
         *
         * @param authMethod the method
         * @return this builder
         */
        public Builder authMethod(AuthMethod authMethod) {
            this.authMethod = Objects.requireNonNull(authMethod, "authMethod");
            return this;
        }

        /**
         * The user name: as typed on the AD FS form ({@code alice@example.com} or
         * {@code EXAMPLE\alice}) for FORMS; DOMAIN&#92;user (or {@code user@domain}) for NTLM;
         * for KERBEROS only used when the ticket cache has no usable ticket and a password source is
         * set: then a ticket is requested for this name with that password. Default none.
         *
         * @param username the user name
         * @return this builder
         */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /**
         * Where the password comes from. Called once per sign-in, only when a password is about to
         * be used (or to compare with a remembered refusal); each call must return a fresh array,
         * which is wiped after use. Default none.
         *
         * @param passwordSource supplies the password
         * @return this builder
         */
        public Builder passwordSource(Supplier<char[]> passwordSource) {
            this.passwordSource = passwordSource;
            return this;
        }

        /**
         * Answers MFA challenges. Default {@link MfaHandler#decline()}: an MFA page fails the
         * sign-in with {@link AdfsAuthenticationException.Reason#MFA_DECLINED}.
         *
         * @param mfaHandler the handler
         * @return this builder
         */
        public Builder mfaHandler(MfaHandler mfaHandler) {
            this.mfaHandler = Objects.requireNonNull(mfaHandler, "mfaHandler");
            return this;
        }

        /**
         * The relying party to sign in to: its identifier or display name, used for the default
         * entry URL's {@code loginToRp} and on AD FS's relying-party picker page. Default
         * {@value AdfsSignIn#DEFAULT_RELYING_PARTY}.
         *
         * @param relyingParty identifier or display name
         * @return this builder
         */
        public Builder relyingParty(String relyingParty) {
            this.relyingParty = Objects.requireNonNull(relyingParty, "relyingParty");
            return this;
        }

        /**
         * Whether to tick AD FS's "Keep me signed in" ({@code Kmsi=true}). Default {@code false}.
         *
         * @param keepMeSignedIn tick the box
         * @return this builder
         */
        public Builder keepMeSignedIn(boolean keepMeSignedIn) {
            this.keepMeSignedIn = keepMeSignedIn;
            return this;
        }

        /**
         * A PEM file of CA certificates trusted for the IdP's TLS in addition to the JDK's
         * default trust (a corporate CA). Default none.
         *
         * @param caBundle PEM file with one or more certificates
         * @return this builder
         */
        public Builder caBundle(Path caBundle) {
            this.caBundle = caBundle;
            return this;
        }

        /**
         * A KeyStore whose certificates are trusted for the IdP's TLS in addition to the JDK's
         * default trust. Default none.
         *
         * @param trustStore loaded key store
         * @return this builder
         */
        public Builder trustStore(KeyStore trustStore) {
            this.trustStore = trustStore;
            return this;
        }

        /**
         * TCP connect timeout (also the TLS handshake). Default 10 seconds.
         *
         * @param connectTimeout positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * Socket read timeout for each response. Default 30 seconds.
         *
         * @param readTimeout positive duration
         * @return this builder
         */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
            return this;
        }

        /**
         * The largest response body read from the IdP. Default 2 MiB.
         *
         * @param maxResponseBytes positive byte count
         * @return this builder
         */
        public Builder maxResponseBytes(int maxResponseBytes) {
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        /**
         * How many redirects one request may follow. Default 10.
         *
         * @param maxRedirects zero or more
         * @return this builder
         */
        public Builder maxRedirects(int maxRedirects) {
            this.maxRedirects = maxRedirects;
            return this;
        }

        /**
         * How often to ask the IdP whether a push / number-match was approved. Default 2 seconds.
         *
         * @param mfaPollInterval positive duration
         * @return this builder
         */
        public Builder mfaPollInterval(Duration mfaPollInterval) {
            this.mfaPollInterval = Objects.requireNonNull(mfaPollInterval, "mfaPollInterval");
            return this;
        }

        /**
         * How long to wait for a push / number-match approval before failing with
         * {@link AdfsAuthenticationException.Reason#MFA_TIMEOUT}. Default 2 minutes.
         *
         * @param mfaTimeout positive duration
         * @return this builder
         */
        public Builder mfaTimeout(Duration mfaTimeout) {
            this.mfaTimeout = Objects.requireNonNull(mfaTimeout, "mfaTimeout");
            return this;
        }

        /**
         * The User-Agent header. Default {@link AdfsSignIn#IWA_USER_AGENT} (IE 11, which AD FS lists as
         * capable of Windows integrated authentication) for KERBEROS and NTLM, and
         * {@link AdfsSignIn#FORMS_USER_AGENT} (which AD FS shows its forms page to) for FORMS.
         *
         * @param userAgent header value
         * @return this builder
         */
        public Builder userAgent(String userAgent) {
            this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
            return this;
        }

        /**
         * An explicit HTTP proxy ({@code http://host:port}). Default: the JVM's proxy settings
         * ({@code https.proxyHost} / {@code http.nonProxyHosts} ...) when set, else the
         * {@code HTTPS_PROXY} / {@code NO_PROXY} environment variables, else direct.
         *
         * @param proxy proxy URL
         * @return this builder
         */
        public Builder proxy(URI proxy) {
            this.proxy = proxy;
            return this;
        }

        /**
         * The Kerberos principal ({@code alice@EXAMPLE.COM}) for {@link AuthMethod#KERBEROS}: with
         * {@link #kerberosKeytab(Path)} the keytab is used; else with a password source a ticket is
         * requested with the password; else it selects the ticket cache's principal. Default none:
         * the logged-in user's ticket cache, falling back to {@link #username(String)} and the
         * password source when there is no usable ticket.
         *
         * @param kerberosPrincipal principal name
         * @return this builder
         */
        public Builder kerberosPrincipal(String kerberosPrincipal) {
            this.kerberosPrincipal = kerberosPrincipal;
            return this;
        }

        /**
         * A keytab holding the key of {@link #kerberosPrincipal(String)}. Default none.
         *
         * @param kerberosKeytab keytab file
         * @return this builder
         */
        public Builder kerberosKeytab(Path kerberosKeytab) {
            this.kerberosKeytab = kerberosKeytab;
            return this;
        }

        /**
         * The ticket cache to read instead of the default one ({@code KRB5CCNAME}, or
         * {@code /tmp/krb5cc_<uid>}, or the Windows LSA). Default none.
         *
         * @param kerberosTicketCache ticket cache file
         * @return this builder
         */
        public Builder kerberosTicketCache(Path kerberosTicketCache) {
            this.kerberosTicketCache = kerberosTicketCache;
            return this;
        }

        /**
         * @return the configured sign-in
         * @throws IllegalArgumentException when the configuration is incomplete or unsafe
         *                                  (no IdP URL, plain http to a non-loopback host, a CA
         *                                  bundle without certificates, ...)
         */
        public AdfsSignIn build() {
            return new AdfsSignIn(this, validate());
        }

        /** @return the CA bundle's certificates, read now so that a bad bundle fails here, not at the first sign-in */
        private List<X509Certificate> validate() {
            if (idpUrl == null) {
                throw new IllegalArgumentException("idpUrl is required (e.g. https://adfs.example.com), found none");
            }
            positive(connectTimeout, "connectTimeout");
            positive(readTimeout, "readTimeout");
            positive(mfaPollInterval, "mfaPollInterval");
            positive(mfaTimeout, "mfaTimeout");
            if (maxResponseBytes <= 0) {
                throw new IllegalArgumentException("maxResponseBytes must be positive, found " + maxResponseBytes);
            }
            if (maxRedirects < 0) {
                throw new IllegalArgumentException("maxRedirects must be zero or more, found " + maxRedirects);
            }
            if ((authMethod == AuthMethod.FORMS || authMethod == AuthMethod.NTLM)
                    && (username == null || username.isBlank() || passwordSource == null)) {
                throw new IllegalArgumentException("authMethod " + authMethod
                        + " needs a username and a passwordSource, found username=" + (username == null ? "none" : username)
                        + ", passwordSource=" + (passwordSource == null ? "none" : "set"));
            }
            if (authMethod == AuthMethod.KERBEROS && kerberosKeytab != null && kerberosPrincipal == null) {
                throw new IllegalArgumentException("kerberosKeytab needs a kerberosPrincipal, found none");
            }
            return caBundle == null ? List.of() : TrustMaterial.readPem(caBundle);
        }

        private static void positive(Duration d, String name) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, found " + d);
            }
        }
    }
}
