package org.adfssaml.testkit.internal.sts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.adfssaml.core.AwsRole;
import org.adfssaml.core.SamlError;
import org.adfssaml.core.SamlErrorCodes;
import org.adfssaml.core.SamlResponse;
import org.adfssaml.core.SamlValidationException;
import org.adfssaml.core.SamlValidator;
import org.adfssaml.testkit.StsCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Answers STS Query-protocol requests ({@code AssumeRoleWithSAML}, {@code GetCallerIdentity}) the
 * way STS does, with STS's XML, error codes and messages. Holds the emulator's mutable state
 * (issued credentials, counters, call log, scripted faults); thread-safe.
 */
public final class StsHandler implements HttpHandler {

    /** STS's audience for SAML federation. */
    public static final String AWS_AUDIENCE = "urn:amazon:webservices";
    /** The Query API version the SDK sends. */
    public static final String API_VERSION = "2011-06-15";
    /** The default (and IAM's default) role maximum session duration. */
    public static final Duration DEFAULT_MAX_SESSION = Duration.ofHours(1);

    static final String ASSUME_ROLE_WITH_SAML = "AssumeRoleWithSAML";
    static final String GET_CALLER_IDENTITY = "GetCallerIdentity";

    private static final Logger LOG = LoggerFactory.getLogger(StsHandler.class);
    private static final int MAX_BODY = 1024 * 1024;
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[\\w-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");
    private static final Pattern PROVIDER_ARN = Pattern.compile("arn:aws[\\w-]*:iam::\\d{12}:saml-provider/[\\w.-]+");
    private static final int MAX_DURATION_SECONDS = 43_200;
    private static final int MIN_DURATION_SECONDS = 900;
    private static final int PACKED_POLICY_BYTES = 2048;

    private final List<X509Certificate> trusted;
    private final Map<String, Duration> maxSessionDurations;
    private final Duration defaultMaxSessionDuration;
    private final Supplier<Clock> clock;
    private final Duration credentialLifetime;
    private final Map<String, IssuedCredentials> issued = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();
    private final List<StsCall> calls = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<StsFault> faults = new ConcurrentLinkedDeque<>();

    /**
     * Creates a handler.
     *
     * @param trusted the IdP signing certificates trusted for assertions
     * @param maxSessionDurations per role ARN maximum session durations
     * @param defaultMaxSessionDuration the maximum for other roles
     * @param clock the emulator clock (read on every request)
     * @param credentialLifetime how long issued credentials live instead of the granted duration, or null
     */
    public StsHandler(List<X509Certificate> trusted, Map<String, Duration> maxSessionDurations,
            Duration defaultMaxSessionDuration, Supplier<Clock> clock, Duration credentialLifetime) {
        this.trusted = List.copyOf(trusted);
        this.maxSessionDurations = Map.copyOf(maxSessionDurations);
        this.defaultMaxSessionDuration = defaultMaxSessionDuration;
        this.clock = clock;
        this.credentialLifetime = credentialLifetime;
    }

    /**
     * Queues a scripted failure for the next request.
     *
     * @param fault the fault
     */
    public void enqueue(StsFault fault) {
        faults.add(fault);
    }

    /**
     * How many requests of an action were received (answered with success or error).
     *
     * @param action the action
     * @return the count
     */
    public int calls(String action) {
        AtomicInteger n = counters.get(action);
        return n == null ? 0 : n.get();
    }

    /**
     * The call log, oldest first.
     *
     * @return an unmodifiable snapshot
     */
    public List<StsCall> callLog() {
        return List.copyOf(calls);
    }

    /**
     * Credentials issued so far.
     *
     * @param accessKeyId the access key ID
     * @return the issued credentials, if any
     */
    public Optional<IssuedCredentials> issued(String accessKeyId) {
        return Optional.ofNullable(issued.get(accessKeyId));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestId = UUID.randomUUID().toString();
            byte[] body = readBody(exchange);
            Map<String, List<String>> params = new LinkedHashMap<>(FormData.decode(exchange.getRequestURI().getRawQuery()));
            if (body != null && "POST".equalsIgnoreCase(exchange.getRequestMethod())) {
                FormData.decode(new String(body, StandardCharsets.UTF_8)).forEach(params::putIfAbsent);
            }
            String action = first(params, "Action").orElse("");
            counters.computeIfAbsent(action, k -> new AtomicInteger()).incrementAndGet();
            Answer answer;
            StsFault fault = faults.poll();
            if (body == null) {
                answer = Answer.error(new StsFault(413, "RequestEntityTooLarge", "Request body exceeds " + MAX_BODY + " bytes"));
            } else if (fault != null) {
                answer = Answer.error(fault);
            } else if (!first(params, "Version").map(API_VERSION::equals).orElse(false)
                    && !action.isEmpty()) {
                answer = Answer.error(new StsFault(400, "InvalidAction",
                        "Could not find operation " + action + " for version "
                                + first(params, "Version").orElse("NO_VERSION_SPECIFIED")));
            } else if (ASSUME_ROLE_WITH_SAML.equals(action)) {
                answer = assumeRoleWithSaml(params, requestId);
            } else if (GET_CALLER_IDENTITY.equals(action)) {
                answer = getCallerIdentity(exchange, params, body, requestId);
            } else {
                answer = Answer.error(new StsFault(400, "InvalidAction", "Could not find operation "
                        + (action.isEmpty() ? "NO_ACTION_SPECIFIED" : action) + " for version " + API_VERSION));
            }
            record(action, params, answer);
            String xml = answer.fault == null ? answer.xml
                    : StsXml.error(answer.fault.type(), answer.fault.code(), answer.fault.message(), requestId);
            byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            int status = answer.fault == null ? 200 : answer.fault.httpStatus();
            LOG.debug("STS {} -> {} {}", action, status, answer.fault == null ? "" : answer.fault.code());
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Answer assumeRoleWithSaml(Map<String, List<String>> params, String requestId) {
        Optional<String> roleArn = first(params, "RoleArn");
        Optional<String> principalArn = first(params, "PrincipalArn");
        Optional<String> assertion = first(params, "SAMLAssertion");
        List<String> violations = new ArrayList<>();
        if (roleArn.isEmpty()) {
            violations.add("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
        } else if (roleArn.get().length() < 20) {
            violations.add("Value '" + roleArn.get()
                    + "' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20");
        }
        if (principalArn.isEmpty()) {
            violations.add("Value null at 'principalArn' failed to satisfy constraint: Member must not be null");
        } else if (principalArn.get().length() < 20) {
            violations.add("Value '" + principalArn.get()
                    + "' at 'principalArn' failed to satisfy constraint: Member must have length greater than or equal to 20");
        }
        if (assertion.isEmpty()) {
            violations.add("Value null at 'sAMLAssertion' failed to satisfy constraint: Member must not be null");
        } else if (assertion.get().length() < 4) {
            violations.add("Value at 'sAMLAssertion' failed to satisfy constraint: Member must have length greater than or equal to 4");
        }
        Integer durationSeconds = null;
        Optional<String> duration = first(params, "DurationSeconds");
        if (duration.isPresent()) {
            try {
                durationSeconds = Integer.valueOf(duration.get());
                if (durationSeconds < MIN_DURATION_SECONDS) {
                    violations.add("Value '" + durationSeconds + "' at 'durationSeconds' failed to satisfy constraint: "
                            + "Member must have value greater than or equal to " + MIN_DURATION_SECONDS);
                } else if (durationSeconds > MAX_DURATION_SECONDS) {
                    violations.add("Value '" + durationSeconds + "' at 'durationSeconds' failed to satisfy constraint: "
                            + "Member must have value less than or equal to " + MAX_DURATION_SECONDS);
                }
            } catch (NumberFormatException e) {
                return Answer.error(new StsFault(400, "MalformedInput",
                        "Invalid value for parameter DurationSeconds: expected an integer"));
            }
        }
        if (!violations.isEmpty()) {
            return Answer.error(validation(violations.size() + " validation error" + (violations.size() > 1 ? "s" : "")
                    + " detected: " + String.join("; ", violations)));
        }
        if (!ROLE_ARN.matcher(roleArn.get()).matches()) {
            return Answer.error(validation("Invalid RoleArn: expected arn:aws:iam::<account>:role/<name>, found '"
                    + roleArn.get() + "'"));
        }
        if (!PROVIDER_ARN.matcher(principalArn.get()).matches()) {
            return Answer.error(validation("Invalid PrincipalArn: expected arn:aws:iam::<account>:saml-provider/<name>, found '"
                    + principalArn.get() + "'"));
        }

        Instant now = clock.get().instant();
        SamlResponse response;
        try {
            response = SamlResponse.parse(assertion.get());
        } catch (SamlValidationException e) {
            return Answer.error(invalidToken("Invalid SAML response: the SAMLAssertion could not be decoded or parsed"));
        }
        List<SamlError> errors = SamlValidator.builder()
                .trustedCertificates(trusted)
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .audiences(AWS_AUDIENCE)
                .build()
                .check(response);
        Optional<StsFault> refusal = refusal(errors);
        if (refusal.isPresent()) {
            return Answer.error(refusal.get());
        }
        Optional<String> sessionName = response.roleSessionName();
        if (sessionName.isEmpty()) {
            return Answer.error(invalidToken("RoleSessionName is required in AuthnResponse"));
        }
        if (!SESSION_NAME.matcher(sessionName.get()).matches()) {
            return Answer.error(invalidToken("RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}"));
        }
        Optional<String> sourceIdentity = response.sourceIdentity();
        if (sourceIdentity.isPresent() && (!SESSION_NAME.matcher(sourceIdentity.get()).matches()
                || sourceIdentity.get().toLowerCase(Locale.ROOT).startsWith("aws:"))) {
            return Answer.error(invalidToken("Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with \"aws:\""));
        }
        boolean offered = response.roles().stream().anyMatch(
                r -> r.roleArn().equals(roleArn.get()) && r.principalArn().equals(principalArn.get()));
        if (!offered || response.nameId().isEmpty()) {
            return Answer.error(new StsFault(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML"));
        }
        Duration max = maxSessionDurations.getOrDefault(roleArn.get(), defaultMaxSessionDuration);
        Duration requested = durationSeconds != null ? Duration.ofSeconds(durationSeconds) : DEFAULT_MAX_SESSION;
        if (requested.compareTo(max) > 0) {
            return Answer.error(validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));
        }
        // A SessionDuration attribute may shorten, never lengthen, API sessions.
        Duration granted = response.sessionDuration().filter(d -> d.compareTo(requested) < 0).orElse(requested);

        int packedPolicySize = packedPolicySize(params, response.principalTags());
        if (packedPolicySize > 100) {
            return Answer.error(new StsFault(400, "PackedPolicyTooLarge", "Packed policy consumes " + packedPolicySize
                    + "% of allotted space, please use smaller policy for this request."));
        }

        AwsRole role = AwsRole.of(roleArn.get(), principalArn.get());
        String roleNameWithoutPath = role.roleName().substring(role.roleName().lastIndexOf('/') + 1);
        String assumedRoleArn = "arn:" + role.partition() + ":sts::" + role.accountId() + ":assumed-role/"
                + roleNameWithoutPath + "/" + sessionName.get();
        String assumedRoleId = Ids.roleId(role.roleArn()) + ":" + sessionName.get();
        // STS answers whole seconds; a configured lifetime keeps milliseconds so that refresh times stay predictable
        Instant expiration = credentialLifetime != null ? now.plus(credentialLifetime).truncatedTo(ChronoUnit.MILLIS)
                : now.plus(granted).truncatedTo(ChronoUnit.SECONDS);
        IssuedCredentials credentials = new IssuedCredentials(Ids.accessKeyId(), Ids.secretAccessKey(),
                Ids.sessionToken(), expiration, assumedRoleArn, assumedRoleId, role.accountId());
        issued.put(credentials.accessKeyId(), credentials);

        String issuer = response.assertionIssuer().or(response::issuer).orElse("");
        String providerName = principalArn.get().substring(principalArn.get().lastIndexOf('/') + 1);
        String xml = StsXml.document("AssumeRoleWithSAMLResponse")
                .open("AssumeRoleWithSAMLResult")
                .element("Issuer", issuer)
                .open("AssumedRoleUser")
                .element("Arn", assumedRoleArn)
                .element("AssumedRoleId", assumedRoleId)
                .close("AssumedRoleUser")
                .open("Credentials")
                .element("AccessKeyId", credentials.accessKeyId())
                .element("SecretAccessKey", credentials.secretAccessKey())
                .element("SessionToken", credentials.sessionToken())
                .element("Expiration", DateTimeFormatter.ISO_INSTANT.format(expiration))
                .close("Credentials")
                .element("Audience", response.recipient().orElse(null))
                .element("SubjectType", subjectType(response.nameIdFormat()))
                .element("PackedPolicySize", packedPolicySize > 0 ? packedPolicySize : null)
                .element("NameQualifier", Ids.nameQualifier(issuer, role.accountId(), providerName))
                .element("SourceIdentity", sourceIdentity.orElse(null))
                .element("Subject", response.nameId().get())
                .close("AssumeRoleWithSAMLResult")
                .open("ResponseMetadata").element("RequestId", requestId).close("ResponseMetadata")
                .end("AssumeRoleWithSAMLResponse");
        return Answer.ok(xml, null);
    }

    private Answer getCallerIdentity(HttpExchange exchange, Map<String, List<String>> params, byte[] body,
            String requestId) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            return Answer.error(new StsFault(403, "MissingAuthenticationToken", "Request is missing Authentication Token"));
        }
        Optional<SigV4Verifier.Authorization> parsed = SigV4Verifier.parse(header);
        if (parsed.isEmpty()) {
            return Answer.error(new StsFault(403, "IncompleteSignature",
                    "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters "
                            + "with algorithm " + SigV4Verifier.ALGORITHM));
        }
        SigV4Verifier.Authorization auth = parsed.get();
        IssuedCredentials credentials = issued.get(auth.accessKeyId());
        String token = exchange.getRequestHeaders().getFirst("X-Amz-Security-Token");
        if (credentials == null || token == null || !SigV4Verifier.matches(credentials.sessionToken(), token)) {
            return Answer.error(new StsFault(403, "InvalidClientTokenId", "The security token included in the request is invalid."),
                    auth.accessKeyId());
        }
        if (!clock.get().instant().isBefore(credentials.expiration())) {
            return Answer.error(new StsFault(403, "ExpiredToken", "The security token included in the request is expired"),
                    auth.accessKeyId());
        }
        String amzDate = exchange.getRequestHeaders().getFirst("X-Amz-Date");
        List<String> signed = auth.signedHeaders();
        if (amzDate == null || !amzDate.startsWith(auth.date()) || !signed.contains("host")
                || !signed.contains("x-amz-date")) {
            return Answer.error(new StsFault(403, "IncompleteSignature",
                    "Signature must cover the host and x-amz-date headers, and the credential scope date must be "
                            + "the date of X-Amz-Date"), auth.accessKeyId());
        }
        String expected = SigV4Verifier.expectedSignature(auth, credentials.secretAccessKey(),
                exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                name -> exchange.getRequestHeaders().get(name), amzDate, body);
        if (!SigV4Verifier.matches(expected, auth.signature())) {
            return Answer.error(new StsFault(403, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided. Check your AWS "
                            + "Secret Access Key and signing method. Consult the service documentation for details."),
                    auth.accessKeyId());
        }
        String xml = StsXml.document("GetCallerIdentityResponse")
                .open("GetCallerIdentityResult")
                .element("Arn", credentials.assumedRoleArn())
                .element("UserId", credentials.assumedRoleId())
                .element("Account", credentials.account())
                .close("GetCallerIdentityResult")
                .open("ResponseMetadata").element("RequestId", requestId).close("ResponseMetadata")
                .end("GetCallerIdentityResponse");
        return Answer.ok(xml, auth.accessKeyId());
    }

    /** Maps core's validation errors to what STS answers, most fundamental problem first. */
    private static Optional<StsFault> refusal(List<SamlError> errors) {
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        List<String> codes = errors.stream().map(SamlError::code).toList();
        for (String code : List.of(SamlErrorCodes.MALFORMED_RESPONSE, SamlErrorCodes.OVERSIZED_INPUT,
                SamlErrorCodes.ENCRYPTED_ASSERTION, SamlErrorCodes.MISSING_ASSERTION, SamlErrorCodes.MULTIPLE_ASSERTIONS,
                SamlErrorCodes.STATUS_NOT_SUCCESS)) {
            if (codes.contains(code)) {
                return Optional.of(invalidToken("Invalid SAML response: " + code.replace('_', ' ')));
            }
        }
        for (String code : List.of(SamlErrorCodes.MISSING_SIGNATURE, SamlErrorCodes.INVALID_SIGNATURE,
                SamlErrorCodes.UNTRUSTED_SIGNER, SamlErrorCodes.UNSUPPORTED_ALGORITHM)) {
            if (codes.contains(code)) {
                return Optional.of(invalidToken("Response signature invalid"));
            }
        }
        if (codes.contains(SamlErrorCodes.EXPIRED)) {
            return Optional.of(new StsFault(400, "ExpiredTokenException",
                    "Token must be redeemed within 5 minutes of issuance"));
        }
        if (codes.contains(SamlErrorCodes.NOT_YET_VALID)) {
            return Optional.of(invalidToken("Response is not yet valid (NotBefore is in the future)"));
        }
        if (codes.contains(SamlErrorCodes.WRONG_AUDIENCE)) {
            return Optional.of(invalidToken("Response does not contain the required audience"));
        }
        if (codes.contains(SamlErrorCodes.WRONG_DESTINATION) || codes.contains(SamlErrorCodes.WRONG_RECIPIENT)) {
            return Optional.of(invalidToken("Response Destination/Recipient is not the AWS sign-in endpoint"));
        }
        // Malformed Role values alone do not make the response invalid; the requested pair decides.
        List<SamlError> other = errors.stream()
                .filter(e -> !SamlErrorCodes.MALFORMED_ROLE.equals(e.code()))
                .sorted(Comparator.comparing(SamlError::code))
                .toList();
        return other.isEmpty() ? Optional.empty()
                : Optional.of(invalidToken("Invalid SAML response: " + other.get(0).code().replace('_', ' ')));
    }

    private static String subjectType(Optional<String> format) {
        if (format.isEmpty()) {
            return "unspecified";
        }
        return switch (format.get()) {
            case "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent" -> "persistent";
            case "urn:oasis:names:tc:SAML:2.0:nameid-format:transient" -> "transient";
            case "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified" -> "unspecified";
            default -> format.get();
        };
    }

    /** STS reports session policy + tags size as a percentage of the packed limit; approximated from the plain sizes. */
    private static int packedPolicySize(Map<String, List<String>> params, Map<String, String> tags) {
        int bytes = first(params, "Policy").map(String::length).orElse(0);
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (e.getKey().startsWith("PolicyArns.member.") && e.getKey().endsWith(".arn")) {
                bytes += e.getValue().get(0).length();
            }
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            bytes += tag.getKey().length() + tag.getValue().length();
        }
        return bytes == 0 ? 0 : (int) Math.ceil(bytes * 100.0 / PACKED_POLICY_BYTES);
    }

    private static StsFault invalidToken(String message) {
        return new StsFault(400, "InvalidIdentityToken", message);
    }

    private static StsFault validation(String message) {
        return new StsFault(400, "ValidationError", message);
    }

    private void record(String action, Map<String, List<String>> params, Answer answer) {
        Map<String, String> safe = new LinkedHashMap<>();
        params.forEach((name, values) -> safe.put(name,
                "SAMLAssertion".equals(name) || "Policy".equals(name) ? StsCall.REDACTED : values.get(0)));
        int status = answer.fault == null ? 200 : answer.fault.httpStatus();
        calls.add(new StsCall(action, status, Optional.ofNullable(answer.fault).map(StsFault::code),
                Collections.unmodifiableMap(safe), Optional.ofNullable(answer.accessKeyId)));
    }

    private static Optional<String> first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Reads the body, or returns {@code null} when it exceeds the limit. */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            return bytes.length > MAX_BODY ? null : bytes;
        }
    }

    /** What to answer: a success document or a fault, and the access key that signed the request. */
    private record Answer(String xml, StsFault fault, String accessKeyId) {

        static Answer ok(String xml, String accessKeyId) {
            return new Answer(xml, null, accessKeyId);
        }

        static Answer error(StsFault fault) {
            return new Answer(null, fault, null);
        }

        static Answer error(StsFault fault, String accessKeyId) {
            return new Answer(null, fault, accessKeyId);
        }
    }
}
