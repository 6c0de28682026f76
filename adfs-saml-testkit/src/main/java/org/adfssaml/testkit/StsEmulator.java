package org.adfssaml.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.adfssaml.testkit.internal.LoopbackServers;
import org.adfssaml.testkit.internal.sts.StsFault;
import org.adfssaml.testkit.internal.sts.StsHandler;

import com.sun.net.httpserver.HttpServer;

/**
 * An embeddable AWS STS emulator: an HTTP server on the loopback interface that speaks the STS
 * Query protocol as the AWS SDK's {@code StsClient} sends it (form-encoded POST, API version
 * {@code 2011-06-15}).
 *
 * <ul>
 * <li>{@code AssumeRoleWithSAML} validates the assertion with core's {@code SamlValidator}
 * (signature against the trusted IdP certificates only, time conditions on the emulator clock,
 * audience {@code urn:amazon:webservices}), requires the RoleSessionName STS requires, checks
 * that the requested RoleArn/PrincipalArn pair is one of the Role values, checks DurationSeconds
 * (900 to the role's maximum, default 3600) and answers STS's XML with fresh session credentials
 * that expire on the emulator clock, or STS's {@code ErrorResponse} ({@code InvalidIdentityToken},
 * {@code ExpiredTokenException}, {@code ValidationError}, {@code AccessDenied}, ...).</li>
 * <li>{@code GetCallerIdentity} verifies the request's SigV4 signature with the secret issued for
 * its access key and session token and answers the assumed-role ARN; expired credentials get
 * {@code ExpiredToken}, a wrong signature {@code SignatureDoesNotMatch}. The request's
 * {@code X-Amz-Date} is not compared with the emulator clock: the SDK signs with the real time
 * while tests move the emulator clock to expire credentials.</li>
 * </ul>
 *
 * <p>Simplifications: the assertion's Issuer is not matched against an IAM provider's metadata
 * (trust is by certificate), PrincipalArn is not checked to exist beyond being offered in a Role
 * value, and {@code PackedPolicySize} is estimated from the plain size of the session policy,
 * policy ARNs and session tags.
 *
 * <p>Nothing secret (assertions, secret keys, session tokens) is logged or kept in {@link #calls()}.
 * Thread-safe. Use with try-with-resources:
 *
 * <pre>{@code
 * try (StsEmulator sts = StsEmulator.builder().trust(idp).build().start()) {
 *     StsClient client = StsClient.builder()
 *             .endpointOverride(sts.endpoint())
 *             .region(Region.US_EAST_1)
 *             .credentialsProvider(AnonymousCredentialsProvider.create())
 *             .httpClient(UrlConnectionHttpClient.create())
 *             .build();
 *     ...
 * }
 * }</pre>
 */
public final class StsEmulator implements AutoCloseable {

    private final StsHandler handler;
    private final InetSocketAddress bindAddress;
    private volatile Clock clock;
    private HttpServer server;
    private ExecutorService executor;

    private StsEmulator(Builder builder) {
        if (builder.trusted.isEmpty()) {
            throw new IllegalArgumentException("trust: expected at least one trusted IdP certificate, found none "
                    + "(call trust(TestIdp) or trustedCertificate(X509Certificate))");
        }
        this.clock = builder.clock;
        this.bindAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), builder.port);
        this.handler = new StsHandler(builder.trusted, builder.maxSessionDurations, builder.defaultMaxSessionDuration,
                () -> this.clock, builder.credentialLifetime);
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts listening (idempotent).
     *
     * @return this emulator
     * @throws UncheckedIOException when the port cannot be bound
     */
    public synchronized StsEmulator start() {
        if (server != null) {
            return this;
        }
        try {
            LoopbackServers.preferNoDelay();
            HttpServer created = HttpServer.create(bindAddress, 0);
            AtomicInteger threads = new AtomicInteger();
            executor = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "sts-emulator-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            created.setExecutor(executor);
            created.createContext("/", handler);
            created.start();
            server = created;
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("STS emulator could not listen on " + bindAddress + ": " + e.getMessage(), e);
        }
    }

    /**
     * The endpoint to give the SDK ({@code endpointOverride}), e.g. {@code http://127.0.0.1:41234/}.
     *
     * @return the endpoint
     * @throws IllegalStateException when not started
     */
    public synchronized URI endpoint() {
        if (server == null) {
            throw new IllegalStateException("STS emulator: expected start() before endpoint(), found it not started");
        }
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/");
    }

    /**
     * Replaces the emulator clock (assertion time checks, credential expiry), e.g. to expire issued credentials.
     *
     * @param newClock the clock
     */
    public void setClock(Clock newClock) {
        this.clock = Objects.requireNonNull(newClock, "clock");
    }

    /**
     * The emulator clock.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * How many {@code AssumeRoleWithSAML} requests arrived (successful or not, faults included).
     *
     * @return the count
     */
    public int assumeRoleCalls() {
        return handler.calls("AssumeRoleWithSAML");
    }

    /**
     * How many {@code GetCallerIdentity} requests arrived.
     *
     * @return the count
     */
    public int getCallerIdentityCalls() {
        return handler.calls("GetCallerIdentity");
    }

    /**
     * How many requests of an action arrived.
     *
     * @param action the {@code Action} parameter value
     * @return the count
     */
    public int calls(String action) {
        return handler.calls(action);
    }

    /**
     * Every request answered so far, oldest first, with secrets redacted.
     *
     * @return the calls
     */
    public List<StsCall> calls() {
        return handler.callLog();
    }

    /**
     * Answers the next {@code count} requests with HTTP 400 {@code Throttling} "Rate exceeded".
     * The SDK retries throttling (three attempts in its standard retry mode).
     *
     * @param count how many requests
     */
    public void throttleNext(int count) {
        for (int i = 0; i < count; i++) {
            handler.enqueue(StsFault.throttling());
        }
    }

    /**
     * Answers the next request with an HTTP error status ({@code InternalFailure} for 500,
     * {@code ServiceUnavailable} for 503). The SDK retries 5xx answers.
     *
     * @param status the HTTP status
     */
    public void failNext(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status: expected 400..599, found " + status);
        }
        handler.enqueue(StsFault.serverError(status));
    }

    /**
     * Answers the next request with an arbitrary STS error.
     *
     * @param status the HTTP status
     * @param code the error code, e.g. {@code RegionDisabledException}
     * @param message the error message
     */
    public void errorNext(int status, String code, String message) {
        handler.enqueue(new StsFault(status, Objects.requireNonNull(code, "code"), Objects.requireNonNull(message, "message")));
    }

    /** Stops the server; issued credentials are forgotten with the emulator. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    @Override
    public String toString() {
        HttpServer s = server;
        return "StsEmulator[" + (s == null ? "stopped" : endpoint().toString()) + "]";
    }

    /** Builds a {@link StsEmulator}; not thread-safe. */
    public static final class Builder {
        private final List<X509Certificate> trusted = new ArrayList<>();
        private final Map<String, Duration> maxSessionDurations = new LinkedHashMap<>();
        private Duration defaultMaxSessionDuration = StsHandler.DEFAULT_MAX_SESSION;
        private Clock clock = Clock.systemUTC();
        private Duration credentialLifetime;
        private int port;

        private Builder() {
        }

        /**
         * Trusts a test IdP's signing certificate (like an IAM SAML provider created from its metadata).
         * Default: nothing trusted; at least one certificate is required.
         *
         * @param idp the IdP
         * @return this builder
         */
        public Builder trust(TestIdp idp) {
            return trustedCertificate(idp.certificate());
        }

        /**
         * Trusts a signing certificate.
         *
         * @param certificate the certificate
         * @return this builder
         */
        public Builder trustedCertificate(X509Certificate certificate) {
            trusted.add(Objects.requireNonNull(certificate, "certificate"));
            return this;
        }

        /**
         * The emulator clock. Default: the system UTC clock. Changeable later with {@link StsEmulator#setClock(Clock)}.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * A role's MaxSessionDuration. Default: {@link #defaultMaxSessionDuration(Duration)}.
         *
         * @param roleArn the role ARN
         * @param max 15 minutes to 12 hours
         * @return this builder
         */
        public Builder maxSessionDuration(String roleArn, Duration max) {
            maxSessionDurations.put(Objects.requireNonNull(roleArn, "roleArn"), checkMax(max));
            return this;
        }

        /**
         * MaxSessionDuration of roles without their own. Default one hour, IAM's default.
         *
         * @param max 15 minutes to 12 hours
         * @return this builder
         */
        public Builder defaultMaxSessionDuration(Duration max) {
            this.defaultMaxSessionDuration = checkMax(max);
            return this;
        }

        /**
         * Makes {@code AssumeRoleWithSAML} issue credentials that expire this long after issue (on the emulator
         * clock, to the millisecond, where STS answers whole seconds), whatever session duration it grants. Real STS never issues credentials shorter than 15 minutes;
         * this knob lets a test watch a credentials provider refresh in real time (the SDK's credential cache runs on
         * the system clock, which {@link #clock(Clock)} cannot move). DurationSeconds is still validated (900 to the
         * role's maximum) as usual. Default: none (credentials expire after the granted duration, as STS's do).
         *
         * @param lifetime a positive duration, or {@code null} for the default
         * @return this builder
         */
        public Builder credentialLifetime(Duration lifetime) {
            if (lifetime != null && (lifetime.isZero() || lifetime.isNegative())) {
                throw new IllegalArgumentException("credentialLifetime: expected a positive duration, found " + lifetime);
            }
            this.credentialLifetime = lifetime;
            return this;
        }

        /**
         * The loopback port. Default 0 (a free port).
         *
         * @param value the port
         * @return this builder
         */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port: expected 0..65535, found " + value);
            }
            this.port = value;
            return this;
        }

        /**
         * Builds the emulator (not started).
         *
         * @return the emulator
         * @throws IllegalArgumentException when no certificate is trusted
         */
        public StsEmulator build() {
            return new StsEmulator(this);
        }

        private static Duration checkMax(Duration max) {
            Objects.requireNonNull(max, "max");
            if (max.compareTo(Duration.ofMinutes(15)) < 0 || max.compareTo(Duration.ofHours(12)) > 0) {
                throw new IllegalArgumentException("MaxSessionDuration: expected 15 minutes to 12 hours, found " + max);
            }
            return max;
        }
    }
}
