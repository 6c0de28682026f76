package org.adfssaml.provider.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.adfssaml.provider.StsRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The {@link StsClient} handed to the SDK's {@code StsAssumeRoleWithSamlCredentialsProvider}: it routes each
 * {@code AssumeRoleWithSAML} call to a client for the role's partition, retries once with 3600 seconds when STS says
 * the requested duration exceeds the role's {@code MaxSessionDuration} (and remembers that for the role), and turns
 * STS's refusals into {@link StsRefusedException}. Doing this inside the client keeps it within the SDK's refresh
 * machinery: the credentials cache sees one call that either succeeds or fails.
 *
 * <p>Thread-safe. Closes the clients it built; a caller-supplied client is left open.
 */
public final class SamlStsClient implements StsClient {

    /** The duration STS allows for every role (the default MaxSessionDuration). */
    public static final int FALLBACK_DURATION_SECONDS = 3600;

    private static final Logger LOG = LoggerFactory.getLogger(SamlStsClient.class);

    /** Marks the dry run's request. */
    static final ExecutionAttribute<Boolean> DRY_RUN = new ExecutionAttribute<>("adfs-saml.DryRun");
    private static final String DRY_RUN_ROLE = "arn:aws:iam::000000000000:role/adfs-saml-dry-run";
    private static final String DRY_RUN_PRINCIPAL = "arn:aws:iam::000000000000:saml-provider/adfs-saml-dry-run";

    private final Function<String, StsClient> clientFactory;
    private final boolean ownsClients;
    private final Map<String, StsClient> clients = new ConcurrentHashMap<>();
    private final Map<String, StsTarget> targets = new ConcurrentHashMap<>();
    private final Set<String> cappedRoles = ConcurrentHashMap.newKeySet();
    private final Region configuredRegion;
    private final URI configuredEndpoint;
    private volatile boolean closed;

    private SamlStsClient(Region configuredRegion, URI configuredEndpoint, StsClient supplied) {
        this.configuredRegion = configuredRegion;
        this.configuredEndpoint = configuredEndpoint;
        if (supplied != null) {
            this.clientFactory = partition -> supplied;
            this.ownsClients = false;
        } else {
            this.clientFactory = partition -> build(target(partition));
            this.ownsClients = true;
        }
    }

    /**
     * A client that builds one anonymous SDK {@code StsClient} (URL connection HTTP client) per partition on first use.
     *
     * @param region   the configured region, or {@code null} for the partition's default
     * @param endpoint the endpoint override, or {@code null}
     * @return the client
     */
    public static SamlStsClient create(Region region, URI endpoint) {
        return new SamlStsClient(region, endpoint, null);
    }

    /**
     * A client that sends every call to the given client (which the caller keeps and closes).
     *
     * @param supplied the client
     * @return the client
     */
    public static SamlStsClient wrapping(StsClient supplied) {
        return new SamlStsClient(null, null, supplied);
    }

    /**
     * Builds the client of the configured region's partition ({@code aws} when none is configured) ahead of the
     * first call, which then finds it; nothing for a supplied client.
     */
    public void prepare() {
        if (!ownsClients || closed) {
            return;
        }
        StsClient client = clients.computeIfAbsent(configuredRegion == null ? "aws" : StsTarget.partitionOf(configuredRegion),
                                                   clientFactory);
        dryRun(client);
        if (closed) { // closed while building: close what was built after close() looked
            close();
        }
    }

    /*
     * The SDK's first call in a JVM loads and links several hundred classes (marshalling, endpoint and auth-scheme
     * resolution, the execution pipeline) on the caller's thread: about 0.1 s of a cold CLI login. A dry run makes
     * that first call here, in the warm-up thread, with a request that DryRunStop ends before anything is sent: no
     * byte reaches STS. The request carries no assertion and no credentials.
     */
    private static void dryRun(StsClient client) {
        try {
            client.assumeRoleWithSAML(r -> r.roleArn(DRY_RUN_ROLE).principalArn(DRY_RUN_PRINCIPAL).samlAssertion("dry-run")
                                            .overrideConfiguration(o -> o.putExecutionAttribute(DRY_RUN, Boolean.TRUE)));
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof DryRunStopped) {
                    return; // the SDK may wrap what an interceptor throws
                }
            }
            LOG.debug("STS client dry run ended otherwise; the first call does that work itself: {}", e.toString());
        }
    }

    /** Thrown by {@link DryRunStop}: the dry run went through the whole pipeline up to the HTTP client. */
    static final class DryRunStopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DryRunStopped() {
            super("dry run stopped before transmission", null, false, false);
        }
    }

    /** Ends a marked request just before it would be sent; every other request passes untouched. */
    static final class DryRunStop implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
            if (Boolean.TRUE.equals(executionAttributes.getAttribute(DRY_RUN))) {
                throw new DryRunStopped();
            }
        }
    }

    /**
     * Where calls for a partition go.
     *
     * @param partition the role's partition
     * @return the target
     */
    public StsTarget target(String partition) {
        return targets.computeIfAbsent(partition, p -> StsTarget.forPartition(p, configuredRegion, configuredEndpoint));
    }

    private static StsClient build(StsTarget target) {
        StsClientBuilder builder = StsClient.builder()
                                            .region(target.region())
                                            .credentialsProvider(AnonymousCredentialsProvider.create())
                                            .httpClientBuilder(UrlConnectionHttpClient.builder())
                                            .overrideConfiguration(o -> o.addExecutionInterceptor(new DryRunStop()));
        target.override().ifPresent(builder::endpointOverride);
        LOG.debug("Created an STS client for partition {}: region {}, endpoint {}", target.partition(), target.region(),
                  target.endpoint());
        return builder.build();
    }

    @Override
    public AssumeRoleWithSamlResponse assumeRoleWithSAML(AssumeRoleWithSamlRequest request) {
        String roleArn = request.roleArn();
        String partition = StsTarget.partitionOfArn(roleArn);
        StsClient client = clients.computeIfAbsent(partition, clientFactory);
        AssumeRoleWithSamlRequest effective = request;
        if (cappedRoles.contains(roleArn) && exceedsFallback(request)) {
            LOG.debug("Requesting {} s for role {}: it refused longer sessions earlier", FALLBACK_DURATION_SECONDS, roleArn);
            effective = request.toBuilder().durationSeconds(FALLBACK_DURATION_SECONDS).build();
        }
        try {
            return client.assumeRoleWithSAML(effective);
        } catch (StsException e) {
            if (!exceedsFallback(effective) || !isDurationAboveRoleMaximum(e)) {
                throw refused(e, roleArn);
            }
            LOG.warn("STS refused DurationSeconds={} for role {} because it exceeds the role's MaxSessionDuration; "
                     + "retrying once with {} seconds (set a duration the role allows, or raise its MaxSessionDuration)",
                     effective.durationSeconds(), roleArn, FALLBACK_DURATION_SECONDS);
            cappedRoles.add(roleArn);
            try {
                return client.assumeRoleWithSAML(effective.toBuilder().durationSeconds(FALLBACK_DURATION_SECONDS).build());
            } catch (StsException retryFailure) {
                throw refused(retryFailure, roleArn);
            }
        }
    }

    private static boolean exceedsFallback(AssumeRoleWithSamlRequest request) {
        return request.durationSeconds() != null && request.durationSeconds() > FALLBACK_DURATION_SECONDS;
    }

    private static boolean isDurationAboveRoleMaximum(StsException e) {
        AwsErrorDetails details = e.awsErrorDetails();
        if (details == null || !"ValidationError".equals(details.errorCode()) || details.errorMessage() == null) {
            return false;
        }
        return details.errorMessage().toLowerCase(Locale.ROOT).contains("maxsessionduration");
    }

    /**
     * Maps an STS error response to {@link StsRefusedException}.
     *
     * @param e       the SDK exception
     * @param roleArn the role asked for
     * @return the exception to throw
     */
    public static StsRefusedException refused(StsException e, String roleArn) {
        AwsErrorDetails details = e.awsErrorDetails();
        String code = details != null && details.errorCode() != null ? details.errorCode() : "Unknown";
        String message = details != null ? details.errorMessage() : null;
        return new StsRefusedException(code, message, e.statusCode(), e.requestId(), roleArn, hint(code), e);
    }

    static String hint(String code) {
        return switch (code) {
            case "ExpiredTokenException", "ExpiredToken" ->
                "The SAML assertion was already expired when STS received it: check that this machine's clock is "
                + "correct (NTP) and sign in again";
            case "IDPRejectedClaim", "IDPRejectedClaimException" ->
                "AWS rejected the assertion's claims: check that the role's trust policy names this SAML provider "
                + "and that the Role attribute pairs this role with the right provider ARN";
            case "InvalidIdentityToken", "InvalidIdentityTokenException" ->
                "AWS could not verify the assertion: check that the IAM SAML provider holds the IdP's current "
                + "signing certificate (update its metadata after an AD FS certificate rollover)";
            case "MalformedPolicyDocument", "MalformedPolicyDocumentException" ->
                "The inline session policy is not a valid IAM policy document";
            case "PackedPolicyTooLarge", "PackedPolicyTooLargeException" ->
                "The session policies and tags are too large: shorten the inline policy, policy ARNs or "
                + "session tags";
            case "RegionDisabledException" ->
                "STS is not activated in this region for the account: activate it in IAM account settings or "
                + "configure another region";
            case "AccessDenied", "AccessDeniedException" ->
                "The role's trust policy does not allow this assertion to assume it";
            default -> null;
        };
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        closed = true;
        if (ownsClients) {
            clients.values().forEach(StsClient::close);
        }
        clients.clear();
    }
}
