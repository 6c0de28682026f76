package org.adfssaml.provider;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.adfssaml.core.RoleSelector;
import org.adfssaml.core.SamlResponse;
import org.adfssaml.core.SamlValidator;
import org.adfssaml.provider.internal.MetadataCache;
import org.adfssaml.provider.internal.SamlStsClient;
import org.adfssaml.provider.internal.SamlTrust;
import org.adfssaml.provider.internal.SignInRequestSupplier;
import org.adfssaml.provider.internal.WarmUp;
import org.adfssaml.provider.internal.signin.MetadataFetch;
import org.adfssaml.provider.internal.signin.PageClassifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleWithSamlCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Federated AWS credentials from an AD FS sign-in, renewed by signing in again before they expire.
 *
 * <pre>{@code
 * try (AdfsCredentialsProvider credentials = AdfsCredentialsProvider.builder()
 *         .signIn(AdfsSignIn.builder()
 *                 .idpUrl("https://adfs.example.com")
 *                 .username("EXAMPLE\\alice")
 *                 .passwordSource(() -> System.console().readPassword("Password: "))
 *                 .build())
 *         .roleSelector(RoleSelector.byArn("arn:aws:iam::123456789012:role/AWS-Dev"))
 *         .build();
 *      S3Client s3 = S3Client.builder().credentialsProvider(credentials).build()) {
 *     s3.listBuckets();
 * }
 * }</pre>
 *
 * <p>Each refresh signs in to AD FS, validates the SAML response (see below), picks the role with the
 * {@link RoleSelector} and calls STS {@code AssumeRoleWithSAML} (anonymously; region and endpoint follow the role's
 * partition). Caching and refresh are the SDK's own {@link StsAssumeRoleWithSamlCredentialsProvider}: credentials are
 * refreshed once they are within
 * {@link Builder#prefetchTime(Duration) prefetch time} of expiry (by one caller, or in the background with
 * {@link Builder#asyncCredentialUpdateEnabled(Boolean) async refresh}), while every other caller keeps getting the
 * cached credentials without waiting; while a refresh fails, the cached credentials
 * are still served until they are within {@link Builder#staleTime(Duration) stale time} of expiry, and only then does
 * {@link #resolveCredentials()} throw the refresh's error.
 *
 * <p>SAML validation is on by default: before the response goes to STS, its signature is checked against trusted
 * token-signing certificates, and its audience, destination / recipient and time (with the
 * {@link Builder#clock(Clock) clock} and {@link Builder#clockSkew(Duration) clock skew}) are checked too. The trust
 * is, in this order of preference: a {@link Builder#samlValidator(SamlValidator) validator of your own}; the
 * certificates and federation metadata configured with {@link Builder#trustMetadata(Path)},
 * {@link Builder#trustMetadataUrl(URI)} and {@link Builder#trustCertificates(Path)} (they add up); else the IdP's own
 * {@link AdfsSignIn#federationMetadataUrl() FederationMetadata.xml}, fetched over verified TLS from the origin the
 * sign-in uses, which trusts the token-signing certificate as far as a browser trusts AD FS. Metadata is fetched on
 * the first sign-in and kept for the provider's lifetime; when a response is signed by a certificate it does not list,
 * it is fetched once more (AD FS publishes the next certificate before it rolls over) before the response is
 * rejected. Only {@link Builder#skipSamlValidation()} turns validation off.
 *
 * <p>Errors thrown by {@link #resolveCredentials()}: the sign-in's exceptions as they are (an authentication refusal
 * is never retried by this provider), {@link AdfsSignInException} when the federation metadata cannot be fetched,
 * {@link org.adfssaml.core.SamlValidationException} when the SAML response is invalid (nothing is sent to STS then),
 * {@link org.adfssaml.core.NoMatchingRoleException} when no offered role matches, and
 * {@link StsRefusedException} when STS refuses. When STS refuses the session duration because it exceeds the role's
 * {@code MaxSessionDuration}, the call is retried once with 3600 seconds and a warning is logged.
 *
 * <p>Immutable and thread-safe. {@link #close()} it when done: it stops the background refresh and closes the STS
 * clients it created.
 */
public final class AdfsCredentialsProvider implements AwsCredentialsProvider, SdkAutoCloseable {

    /** The name in {@link AwsSessionCredentials#providerName()} (followed by the SDK provider's own name). */
    public static final String PROVIDER_NAME = "AdfsCredentialsProvider";

    private static final Logger LOG = LoggerFactory.getLogger(AdfsCredentialsProvider.class);

    private final Supplier<SamlResponse> samlSource;
    private final String signInDescription;
    private final AdfsSignIn signIn;
    private final RoleSelector roleSelector;
    private final SamlValidator samlValidator;
    private final Path trustMetadata;
    private final URI trustMetadataUrl;
    private final Path metadataCache;
    private final Path trustCertificatesPem;
    private final List<X509Certificate> trustedCertificates;
    private final boolean skipSamlValidation;
    private final Clock clock;
    private final Duration clockSkew;
    private final SamlTrust samlTrust;
    private final Region region;
    private final URI stsEndpoint;
    private final StsClient suppliedStsClient;
    private final Duration duration;
    private final String policy;
    private final List<String> policyArns;
    private final Duration staleTime;
    private final Duration prefetchTime;
    private final boolean asyncCredentialUpdateEnabled;
    private final Function<String, String> environment;

    private final SamlStsClient stsClient;
    private final StsAssumeRoleWithSamlCredentialsProvider delegate;

    private AdfsCredentialsProvider(Builder builder) {
        if (builder.samlSource == null) {
            throw new IllegalArgumentException("No sign-in configured: expected signIn(AdfsSignIn)");
        }
        this.samlSource = builder.samlSource;
        this.signInDescription = builder.signInDescription;
        this.roleSelector = Objects.requireNonNull(builder.roleSelector, "roleSelector");
        this.signIn = builder.signIn;
        this.samlValidator = builder.samlValidator;
        this.trustMetadata = builder.trustMetadata;
        this.trustMetadataUrl = builder.trustMetadataUrl;
        this.metadataCache = builder.metadataCache;
        this.trustCertificatesPem = builder.trustCertificatesPem;
        this.trustedCertificates = List.copyOf(builder.trustedCertificates);
        this.skipSamlValidation = builder.skipSamlValidation;
        this.clock = Objects.requireNonNull(builder.clock, "clock");
        this.clockSkew = Objects.requireNonNull(builder.clockSkew, "clockSkew");
        this.region = builder.region;
        this.environment = builder.environment;
        this.stsEndpoint = builder.stsEndpoint != null ? builder.stsEndpoint : endpointFromEnvironment(environment);
        this.suppliedStsClient = builder.stsClient;
        this.duration = builder.duration;
        if (duration != null && (duration.compareTo(SignInRequestSupplier.MIN_DURATION) < 0
                                 || duration.compareTo(SignInRequestSupplier.MAX_DURATION) > 0)) {
            throw new IllegalArgumentException("Invalid duration " + duration.getSeconds()
                                               + " s: expected between 900 s (15 minutes) and 43200 s (12 hours)");
        }
        this.policy = builder.policy;
        this.policyArns = List.copyOf(builder.policyArns);
        this.staleTime = builder.staleTime != null ? builder.staleTime : Duration.ofMinutes(1);
        this.prefetchTime = builder.prefetchTime != null ? builder.prefetchTime : Duration.ofMinutes(5);
        if (staleTime.isNegative() || prefetchTime.compareTo(staleTime) < 0) {
            throw new IllegalArgumentException("Invalid refresh times: expected 0 <= staleTime <= prefetchTime, found staleTime "
                                               + staleTime + " and prefetchTime " + prefetchTime);
        }
        if (duration != null && prefetchTime.compareTo(duration) >= 0) {
            throw new IllegalArgumentException("Invalid prefetchTime " + prefetchTime + ": expected less than the duration "
                                               + duration + ", or every call would sign in again");
        }
        this.asyncCredentialUpdateEnabled = builder.asyncCredentialUpdateEnabled;
        this.samlTrust = samlTrust();

        this.stsClient = suppliedStsClient != null ? SamlStsClient.wrapping(suppliedStsClient)
                                                   : SamlStsClient.create(region, stsEndpoint);
        SamlTrust trust = samlTrust;
        SamlStsClient sts = stsClient;
        boolean scrapes = signIn != null;
        SignInRequestSupplier requests = new SignInRequestSupplier(WarmUp.before(samlSource, () -> {
            if (scrapes) { // the first page arrives after the first request's TLS handshake: time enough
                PageClassifier.prepare();
            }
            trust.prepare();
            sts.prepare();
        }), roleSelector, samlTrust, duration, policy, policyArns);
        this.delegate = StsAssumeRoleWithSamlCredentialsProvider.builder()
                                                                 .stsClient(stsClient)
                                                                 .refreshRequest(requests)
                                                                 .staleTime(staleTime)
                                                                 .prefetchTime(prefetchTime)
                                                                 .asyncCredentialUpdateEnabled(asyncCredentialUpdateEnabled)
                                                                 .sourceChain(PROVIDER_NAME)
                                                                 .build();
    }

    private SamlTrust samlTrust() {
        boolean explicitTrust = trustMetadata != null || trustMetadataUrl != null || trustCertificatesPem != null
                                || !trustedCertificates.isEmpty();
        if (skipSamlValidation) {
            if (explicitTrust || samlValidator != null) {
                throw new IllegalArgumentException("Conflicting SAML validation settings: expected either trust "
                                                   + "(trustMetadata, trustMetadataUrl, trustCertificates, samlValidator) or "
                                                   + "skipSamlValidation(), found both");
            }
            LOG.warn("SAML response validation is turned off for {} (skipSamlValidation / adfs_verify_saml = false): "
                     + "responses go to STS without a signature, audience or time check here", signInDescription);
            return SamlTrust.skipping();
        }
        if (samlValidator != null) {
            if (explicitTrust) {
                throw new IllegalArgumentException("Conflicting SAML validation settings: expected either samlValidator or "
                                                   + "trustMetadata / trustMetadataUrl / trustCertificates, found both");
            }
            return SamlTrust.using(samlValidator);
        }
        List<X509Certificate> pinned = new ArrayList<>(trustedCertificates);
        if (trustMetadata != null) {
            pinned.addAll(SamlTrust.metadataFile(trustMetadata));
        }
        if (trustCertificatesPem != null) {
            pinned.addAll(SamlTrust.pemFile(trustCertificatesPem));
        }
        List<URI> urls = new ArrayList<>();
        if (trustMetadataUrl != null) {
            urls.add(trustMetadataUrl);
        } else if (!explicitTrust && signIn != null) {
            urls.add(signIn.federationMetadataUrl());
        }
        // without an AdfsSignIn (the test seam) metadata is fetched with the JDK's trust and default limits
        Function<URI, byte[]> fetcher = signIn != null ? signIn::fetchMetadata : url -> MetadataFetch.fetch(null, url);
        return SamlTrust.resolving(pinned, urls, fetcher, clock, clockSkew,
                                   metadataCache == null ? null : MetadataCache.in(metadataCache, clock));
    }

    private static URI endpointFromEnvironment(Function<String, String> environment) {
        for (String name : List.of("AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL")) {
            String value = environment.apply(name);
            if (value != null && !value.isBlank()) {
                try {
                    return URI.create(value.strip());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("Invalid " + name + ": expected a URL such as https://sts.example.com, "
                                                       + "found '" + value + "'", e);
                }
            }
        }
        return null;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A provider for a profile of the AWS config file ({@code AWS_CONFIG_FILE}, else {@code ~/.aws/config}), whose
     * {@code adfs_*} keys configure the sign-in (see {@link AdfsProfile}); the password comes from the
     * {@code ADFS_PASSWORD} environment variable, else a console prompt.
     *
     * @param profileName profile name ({@code [profile name]} section, or {@code [default]})
     * @return the provider
     * @throws IllegalArgumentException when the profile is missing or a key is malformed; the message names the file,
     *                                  profile and key
     */
    public static AdfsCredentialsProvider create(String profileName) {
        return builder().profile(AdfsProfile.load(profileName)).build();
    }

    /**
     * Like {@link #create(String)}, with the password from the given source.
     *
     * @param profileName    profile name
     * @param passwordSource supplies the password; each call returns a fresh array, which the sign-in wipes after use
     * @return the provider
     * @throws IllegalArgumentException when the profile is missing or a key is malformed
     */
    public static AdfsCredentialsProvider create(String profileName, Supplier<char[]> passwordSource) {
        AdfsProfile profile = AdfsProfile.load(profileName);
        return builder().profile(profile)
                        .signIn(profile.signInBuilder().passwordSource(passwordSource).build())
                        .build();
    }

    /** @return a builder with this provider's settings */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Returns the current credentials, signing in and calling STS when there are none yet or they are about to expire.
     *
     * @return session credentials with their expiration time and provider name
     */
    @Override
    public AwsSessionCredentials resolveCredentials() {
        AwsCredentials credentials = delegate.resolveCredentials();
        return (AwsSessionCredentials) credentials;
    }

    /** @return how long before expiry cached credentials stop being served */
    public Duration staleTime() {
        return staleTime;
    }

    /** @return how long before expiry a refresh starts */
    public Duration prefetchTime() {
        return prefetchTime;
    }

    /** @return whether refreshes run in a background thread */
    public boolean asyncCredentialUpdateEnabled() {
        return asyncCredentialUpdateEnabled;
    }

    /** Where calls for roles of a partition go (for tests). */
    org.adfssaml.provider.internal.StsTarget stsTarget(String partition) {
        return stsClient.target(partition);
    }

    @Override
    public void close() {
        delegate.close();
        stsClient.close();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("AdfsCredentialsProvider(signIn=").append(signInDescription)
                                                                                 .append(", roleSelector=").append(describe(roleSelector));
        if (region != null) {
            out.append(", region=").append(region.id());
        }
        if (stsEndpoint != null) {
            out.append(", stsEndpoint=").append(stsEndpoint);
        }
        if (duration != null) {
            out.append(", duration=").append(duration);
        }
        out.append(", samlValidation=").append(samlTrust);
        if (policy != null) {
            out.append(", policy=inline");
        }
        if (!policyArns.isEmpty()) {
            out.append(", policyArns=").append(policyArns);
        }
        return out.append(", staleTime=").append(staleTime)
                  .append(", prefetchTime=").append(prefetchTime)
                  .append(", async=").append(asyncCredentialUpdateEnabled)
                  .append(')')
                  .toString();
    }

    private static String describe(RoleSelector selector) {
        // the core factories are lambdas whose default toString is noise
        String text = selector.toString();
        return text.contains("$$Lambda") || text.contains("$Lambda$") ? "custom" : text;
    }

    /** Builds an {@link AdfsCredentialsProvider}. Not thread-safe. */
    public static final class Builder {
        private Supplier<SamlResponse> samlSource;
        private String signInDescription = "none";
        private AdfsSignIn signIn;
        private RoleSelector roleSelector = RoleSelector.onlyOne();
        private SamlValidator samlValidator;
        private Path trustMetadata;
        private URI trustMetadataUrl;
        private Path metadataCache;
        private Path trustCertificatesPem;
        private List<X509Certificate> trustedCertificates = new ArrayList<>();
        private boolean skipSamlValidation;
        private Clock clock = Clock.systemUTC();
        private Duration clockSkew = SamlValidator.DEFAULT_CLOCK_SKEW;
        private Region region;
        private URI stsEndpoint;
        private StsClient stsClient;
        private Duration duration;
        private String policy;
        private List<String> policyArns = new ArrayList<>();
        private Duration staleTime;
        private Duration prefetchTime;
        private boolean asyncCredentialUpdateEnabled;
        private Function<String, String> environment = System::getenv;

        private Builder() {
        }

        private Builder(AdfsCredentialsProvider provider) {
            this.samlSource = provider.samlSource;
            this.signInDescription = provider.signInDescription;
            this.signIn = provider.signIn;
            this.roleSelector = provider.roleSelector;
            this.samlValidator = provider.samlValidator;
            this.trustMetadata = provider.trustMetadata;
            this.trustMetadataUrl = provider.trustMetadataUrl;
            this.metadataCache = provider.metadataCache;
            this.trustCertificatesPem = provider.trustCertificatesPem;
            this.trustedCertificates = new ArrayList<>(provider.trustedCertificates);
            this.skipSamlValidation = provider.skipSamlValidation;
            this.clock = provider.clock;
            this.clockSkew = provider.clockSkew;
            this.region = provider.region;
            this.stsEndpoint = provider.stsEndpoint;
            this.stsClient = provider.suppliedStsClient;
            this.duration = provider.duration;
            this.policy = provider.policy;
            this.policyArns = new ArrayList<>(provider.policyArns);
            this.staleTime = provider.staleTime;
            this.prefetchTime = provider.prefetchTime;
            this.asyncCredentialUpdateEnabled = provider.asyncCredentialUpdateEnabled;
            this.environment = provider.environment;
        }

        /**
         * Sources the SAML response from anything that produces one (the package-private seam {@code signIn} uses,
         * and tests).
         */
        Builder samlSource(Supplier<SamlResponse> samlSource, String description) {
            this.samlSource = samlSource;
            this.signInDescription = description;
            this.signIn = null;
            return this;
        }

        /**
         * The AD FS sign-in that produces a SAML response at every refresh. An authentication refusal it throws goes
         * to the caller and is not retried by this provider; the sign-in itself fails fast on later calls until the
         * password changes.
         *
         * <p>Its origin is also where the default SAML trust comes from: the IdP's
         * {@link AdfsSignIn#federationMetadataUrl() FederationMetadata.xml}, fetched with the sign-in's TLS trust.
         *
         * <p>Required; no default.
         *
         * @param signIn the sign-in
         * @return this builder
         */
        public Builder signIn(AdfsSignIn signIn) {
            Objects.requireNonNull(signIn, "signIn");
            samlSource(signIn::signIn, signIn.toString());
            this.signIn = signIn;
            return this;
        }

        /**
         * Applies the settings of an {@link AdfsProfile}: its sign-in (with the default password source), role
         * ({@code adfs_role_arn}), duration, STS endpoint, region, and SAML trust: {@code adfs_trust_metadata} (a file
         * for {@link #trustMetadata(Path)}, a URL for {@link #trustMetadataUrl(URI)}), {@code adfs_trust_cert}
         * ({@link #trustCertificates(Path)}), {@code adfs_verify_saml = false} ({@link #skipSamlValidation()}).
         *
         * <p>Default: none (configure the builder directly).
         *
         * @param profile the profile
         * @return this builder
         */
        public Builder profile(AdfsProfile profile) {
            return profile.applyTo(this);
        }

        /**
         * Picks the role among those the SAML response offers.
         *
         * <p>Default: {@link RoleSelector#onlyOne()}, which fails with the list of offered roles when there is more
         * than one.
         *
         * @param roleSelector the selector
         * @return this builder
         */
        public Builder roleSelector(RoleSelector roleSelector) {
            this.roleSelector = roleSelector;
            return this;
        }

        /**
         * Validates each SAML response with this validator, as it is, instead of the provider's own trust resolution
         * (its clock and trust are the validator's; no metadata is fetched). Cannot be combined with the other trust
         * settings or {@link #skipSamlValidation()}.
         *
         * <p>Default: none; the provider validates with the trust described in {@link AdfsCredentialsProvider}.
         *
         * @param samlValidator the validator, or {@code null} for the default
         * @return this builder
         */
        public Builder samlValidator(SamlValidator samlValidator) {
            this.samlValidator = samlValidator;
            return this;
        }

        /**
         * Trusts the token-signing certificates of an AD FS {@code FederationMetadata.xml} file (read when the provider
         * is built). Adds to {@link #trustMetadataUrl(URI)} and {@link #trustCertificates(Path)}; any of them replaces
         * the default trust.
         *
         * <p>Default: none; the IdP's own metadata is fetched (see {@link AdfsCredentialsProvider}).
         *
         * @param metadataFile the file, or {@code null} for none
         * @return this builder
         */
        public Builder trustMetadata(Path metadataFile) {
            this.trustMetadata = metadataFile;
            return this;
        }

        /**
         * Trusts the token-signing certificates of federation metadata fetched from this URL on the first sign-in, with
         * the sign-in's TLS trust (the JDK's plus its CA bundle / trust store), timeouts and size limit; redirects are
         * followed only within the URL's origin. Fetched once more when a response is signed by a certificate it does not
         * list. Adds to {@link #trustMetadata(Path)} and {@link #trustCertificates(Path)}.
         *
         * <p>Default: none; the IdP's own {@link AdfsSignIn#federationMetadataUrl()} is used when no other trust is set.
         *
         * @param metadataUrl an https URL (plain http only to a loopback host), or {@code null} for none
         * @return this builder
         * @throws IllegalArgumentException when the URL is not https (or http to loopback) or carries user info
         */
        public Builder trustMetadataUrl(URI metadataUrl) {
            this.trustMetadataUrl = metadataUrl == null ? null : SamlTrust.requireMetadataUrl(metadataUrl);
            return this;
        }

        /**
         * Keeps the token-signing certificates of fetched federation metadata (the IdP's own, or
         * {@link #trustMetadataUrl(URI)}) in this directory for 24 hours, so that a provider in a new process signs in
         * without fetching the metadata again: one round trip to AD FS less, which is what short-lived processes such as
         * a {@code credential_process} gain from it. A response signed by a certificate the cache does not list fetches
         * the metadata again and replaces the entry (an AD FS certificate rollover). Files are owner-only (they hold
         * trust anchors); an unreadable entry is ignored with a warning; a failed write is logged and does not fail the
         * sign-in.
         *
         * <p>Default: none; metadata is fetched on the first sign-in and kept in memory for the provider's lifetime.
         *
         * @param directory the cache directory (created owner-only when needed), or {@code null} for none
         * @return this builder
         */
        public Builder metadataCache(Path directory) {
            this.metadataCache = directory;
            return this;
        }

        /**
         * Trusts the certificates of a PEM file (the IdP's token-signing certificates; read when the provider is built).
         * Adds to {@link #trustMetadata(Path)} and {@link #trustMetadataUrl(URI)}.
         *
         * <p>Default: none.
         *
         * @param pemFile a file of {@code BEGIN CERTIFICATE} blocks, or {@code null} for none
         * @return this builder
         */
        public Builder trustCertificates(Path pemFile) {
            this.trustCertificatesPem = pemFile;
            return this;
        }

        /**
         * Trusts these token-signing certificates. Adds to the other trust settings.
         *
         * <p>Default: none.
         *
         * @param certificates the certificates (replacing any given before)
         * @return this builder
         */
        public Builder trustedCertificates(Collection<X509Certificate> certificates) {
            this.trustedCertificates = new ArrayList<>(Objects.requireNonNull(certificates, "certificates"));
            return this;
        }

        /**
         * Turns SAML validation off: responses are only parsed (roles, session duration) and go to STS unchecked;
         * STS still verifies the signature against the IAM SAML provider. Logged at WARN when the provider is built.
         * Cannot be combined with trust settings.
         *
         * <p>Default: validation on.
         *
         * @return this builder
         */
        public Builder skipSamlValidation() {
            this.skipSamlValidation = true;
            return this;
        }

        /**
         * The clock of the SAML time checks (NotBefore, NotOnOrAfter, IssueInstant).
         *
         * <p>Default: {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How far the IdP's clock may differ from the {@link #clock(Clock) clock} in the SAML time checks.
         *
         * <p>Default: 5 minutes.
         *
         * @param clockSkew a non-negative duration
         * @return this builder
         */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
            return this;
        }

        /**
         * The STS region, used when it belongs to the role's partition.
         *
         * <p>Default: the partition's default region: {@code us-east-1} for {@code aws}, {@code cn-north-1} for
         * {@code aws-cn}, {@code us-gov-west-1} for {@code aws-us-gov}; the SDK then uses that region's regional
         * STS endpoint.
         *
         * @param region the region, or {@code null} for the default
         * @return this builder
         */
        public Builder region(Region region) {
            this.region = region;
            return this;
        }

        /**
         * The STS endpoint, e.g. a VPC endpoint or a test emulator.
         *
         * <p>Default: the {@code AWS_ENDPOINT_URL_STS} environment variable, else {@code AWS_ENDPOINT_URL}, else the
         * regional endpoint of the region.
         *
         * @param stsEndpoint the endpoint URI, or {@code null} for the default
         * @return this builder
         */
        public Builder stsEndpoint(URI stsEndpoint) {
            this.stsEndpoint = stsEndpoint;
            return this;
        }

        /**
         * An STS client to use instead of the ones this provider builds (e.g. with a proxy or a custom HTTP client).
         * It must not sign requests with other credentials, is used for every partition (so {@link #region} and
         * {@link #stsEndpoint} do not apply), and is not closed by this provider.
         *
         * <p>Default: none; the provider builds an anonymous client per partition, with the URL connection HTTP
         * client, and closes it on {@link AdfsCredentialsProvider#close()}.
         *
         * @param stsClient the client, or {@code null} for the default
         * @return this builder
         */
        public Builder stsClient(StsClient stsClient) {
            this.stsClient = stsClient;
            return this;
        }

        /**
         * The session duration requested from STS, between 15 minutes and 12 hours. When it exceeds the role's
         * {@code MaxSessionDuration}, the provider retries once with one hour, logs a warning, and asks for one hour
         * for that role at later refreshes.
         *
         * <p>Default: the assertion's {@code SessionDuration} attribute, brought into 900..43200 seconds; without
         * one, STS's default of one hour.
         *
         * @param duration the duration, or {@code null} for the default
         * @return this builder
         */
        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        /**
         * An inline session policy (JSON) that further restricts the role's permissions.
         *
         * <p>Default: none.
         *
         * @param policy the policy document, or {@code null} for none
         * @return this builder
         */
        public Builder policy(String policy) {
            this.policy = policy;
            return this;
        }

        /**
         * Managed policies (ARNs) that further restrict the role's permissions.
         *
         * <p>Default: none.
         *
         * @param policyArns the policy ARNs
         * @return this builder
         */
        public Builder policyArns(Collection<String> policyArns) {
            this.policyArns = new ArrayList<>(Objects.requireNonNull(policyArns, "policyArns"));
            return this;
        }

        /**
         * How long before expiry cached credentials stop being served; from then on every call blocks on a refresh,
         * and a failing refresh is thrown to the caller.
         *
         * <p>This is the SDK cache's blocking path: once the stale time is reached, every caller waits for the
         * sign-in (each for up to 5 s on the cache's lock, then on this provider's single-flight sign-in, so AD FS
         * still sees one sign-in). Keep {@link #prefetchTime(Duration) prefetchTime} far enough ahead that a refresh
         * normally completes before it: a forms sign-in takes about a second, an MFA approval can take minutes.
         *
         * <p>Default: 1 minute (the SDK's default).
         *
         * @param staleTime the stale time, or {@code null} for the default
         * @return this builder
         */
        public Builder staleTime(Duration staleTime) {
            this.staleTime = staleTime;
            return this;
        }

        /**
         * How long before expiry a refresh (a new sign-in) starts; until the stale time, a failing refresh is logged
         * and the cached credentials are still served.
         *
         * <p>Between prefetch and stale time no caller waits for the network except the one refreshing: with the
         * default strategy the first caller past the prefetch time signs in while every other caller gets the cached
         * credentials at once (with {@link #asyncCredentialUpdateEnabled(Boolean) async refresh} a background thread
         * signs in and no caller waits). The SDK spreads the start of a refresh at random between the prefetch time
         * and one minute before the stale time when there is room, so with the defaults a refresh starts between
         * 5 and 2 minutes before expiry, at least a minute before any caller could block. Measured: 1,000 threads
         * across 3 refreshes from an AD FS answering each request after 1 s: the refreshing call took about 4 s, no
         * other call waited for it (BENCHMARKS.md section 6).
         *
         * <p>Default: 5 minutes (the SDK's default).
         *
         * @param prefetchTime the prefetch time, or {@code null} for the default
         * @return this builder
         */
        public Builder prefetchTime(Duration prefetchTime) {
            this.prefetchTime = prefetchTime;
            return this;
        }

        /**
         * Whether refreshes run in a background thread, so callers rarely block on a sign-in.
         *
         * <p>Default: {@code false} (one caller refreshes, the others keep getting the cached credentials). Leave it
         * off for interactive password or MFA sign-ins, which should happen when the application asks.
         *
         * @param asyncCredentialUpdateEnabled whether to refresh in the background; {@code null} means {@code false}
         * @return this builder
         */
        public Builder asyncCredentialUpdateEnabled(Boolean asyncCredentialUpdateEnabled) {
            this.asyncCredentialUpdateEnabled = Boolean.TRUE.equals(asyncCredentialUpdateEnabled);
            return this;
        }

        /** Replaces the process environment, for tests of {@code AWS_ENDPOINT_URL*}. */
        Builder environment(Function<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /**
         * Builds the provider. Nothing is signed in until credentials are first resolved.
         *
         * @return the provider
         * @throws IllegalArgumentException when no sign-in is configured, the duration or refresh times are out of
         *                                  range, a trust file cannot be read, or SAML settings conflict
         */
        public AdfsCredentialsProvider build() {
            return new AdfsCredentialsProvider(this);
        }
    }
}
