package org.adfssaml.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.adfssaml.core.internal.Certificates;
import org.adfssaml.core.internal.SecureXml;
import org.adfssaml.core.internal.SignatureVerifier;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import static org.adfssaml.core.internal.SecureXml.SAML;
import static org.adfssaml.core.internal.SecureXml.SAMLP;

/**
 * Validates SAML responses the way AWS sign-in does, and a little stricter. Immutable and
 * thread-safe once built; build one and reuse it.
 *
 * <pre>{@code
 * SamlValidator validator = SamlValidator.builder()
 *     .trustedMetadata(Path.of("FederationMetadata.xml"))   // or trustedCertificatesPem(...)
 *     .build();
 * SamlResponse response = validator.validate(samlResponseFormValue);  // throws with every error
 * AwsRole role = RoleSelector.byAccountAndName("123456789012", "AWS-Dev").select(response.roles());
 * }</pre>
 *
 * <p>What is checked, every failure collected as a {@link SamlError}:
 * <ul>
 * <li>structure: exactly one {@code saml:Assertion} element anywhere in the document, directly
 *     inside the one {@code samlp:Response}; no {@code EncryptedAssertion}; IDs unique;</li>
 * <li>signature: the Response, the assertion, or both are signed; every signature follows the
 *     SAML signature profile (one enveloped Reference to its own parent), uses RSA-SHA256 or
 *     stronger (RSA-SHA1 only with {@link Builder#allowRsaSha1(boolean)}), has intact digests
 *     and is verified by one of the configured certificates, never by a certificate in the
 *     response's own {@code KeyInfo}. Together with the structure checks this defeats XML
 *     Signature Wrapping: the roles reported are those of the signed assertion;</li>
 * <li>status {@code Success};</li>
 * <li>Destination (when present) and every bearer {@code SubjectConfirmationData/@Recipient}
 *     are an AWS sign-in endpoint of the roles' partition (or one configured);</li>
 * <li>every {@code AudienceRestriction} names {@code urn:amazon:webservices} (or its
 *     {@code cn-north-1} / {@code govcloud} variants, or one configured);</li>
 * <li>time, against the configured {@link Clock} with the clock skew: Conditions
 *     {@code NotBefore}/{@code NotOnOrAfter}, {@code SubjectConfirmationData NotBefore/NotOnOrAfter},
 *     and the Response's and assertion's {@code IssueInstant} not in the future; at least one
 *     {@code NotOnOrAfter} must be present.</li>
 * </ul>
 * Malformed Role values do not make a response invalid; they are in {@link SamlResponse#roleErrors()}.
 */
public final class SamlValidator {

    /** The audience AWS commercial regions expect. */
    public static final String AWS_AUDIENCE = "urn:amazon:webservices";
    /** The audiences accepted by default. */
    public static final List<String> DEFAULT_AUDIENCES = List.of(AWS_AUDIENCE,
            "urn:amazon:webservices:cn-north-1", "urn:amazon:webservices:govcloud");
    /** The default clock skew: 5 minutes. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);

    private static final String REGION = "[a-z]{2}(?:-gov)?-[a-z]+-\\d{1,2}";
    private static final Map<String, Pattern> SIGN_IN_ENDPOINTS = Map.of(
            "aws", Pattern.compile("https://(?:" + REGION + "\\.)?signin\\.aws\\.amazon\\.com/saml/?"),
            "aws-cn", Pattern.compile("https://(?:" + REGION + "\\.)?signin\\.amazonaws\\.cn/saml/?"),
            "aws-us-gov", Pattern.compile("https://(?:" + REGION + "\\.)?signin\\.amazonaws-us-gov\\.com/saml/?"));
    private static final Map<String, String> GLOBAL_SIGN_IN_ENDPOINTS = Map.of(
            "https://signin.aws.amazon.com/saml", "aws",
            "https://signin.amazonaws.cn/saml", "aws-cn",
            "https://signin.amazonaws-us-gov.com/saml", "aws-us-gov");
    private static final Set<String> ID_ATTRIBUTES = Set.of("ID", "Id", "AssertionID");

    private final List<X509Certificate> trustedCertificates;
    private final boolean skipSignatureVerification;
    private final boolean allowRsaSha1;
    private final boolean checkCertificateValidity;
    private final Clock clock;
    private final Duration clockSkew;
    private final List<String> audiences;
    private final List<String> destinations;
    private final SamlResponseParser parser;
    private final SignatureVerifier signatureVerifier;

    private SamlValidator(Builder b) {
        this.trustedCertificates = List.copyOf(b.trustedCertificates);
        this.skipSignatureVerification = b.skipSignatureVerification;
        this.allowRsaSha1 = b.allowRsaSha1;
        this.checkCertificateValidity = b.checkCertificateValidity;
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.clockSkew = Objects.requireNonNull(b.clockSkew, "clockSkew");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative, found " + clockSkew);
        }
        this.audiences = List.copyOf(b.audiences);
        this.destinations = List.copyOf(b.destinations);
        this.parser = Objects.requireNonNull(b.parser, "responseParser");
        if (skipSignatureVerification) {
            if (!trustedCertificates.isEmpty()) {
                throw new IllegalStateException("expected either trust or skipSignatureVerification(), found both");
            }
            this.signatureVerifier = null;
        } else {
            if (trustedCertificates.isEmpty()) {
                throw new IllegalStateException("expected trusted certificates (trustedCertificates, trustedCertificatesPem, "
                        + "trustedKeyStore or trustedMetadata), found none; call skipSignatureVerification() only if the "
                        + "response's authenticity is established some other way");
            }
            this.signatureVerifier = new SignatureVerifier(trustedCertificates, allowRsaSha1, checkCertificateValidity, clock);
        }
    }

    /**
     * A builder with the defaults: no trust (one must be configured, or signature verification
     * skipped explicitly), RSA-SHA1 refused, certificate validity not checked, the system UTC
     * clock, 5 minutes of clock skew, the AWS audiences and sign-in endpoints.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder initialised with this validator's settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.trustedCertificates.addAll(trustedCertificates);
        b.skipSignatureVerification = skipSignatureVerification;
        b.allowRsaSha1 = allowRsaSha1;
        b.checkCertificateValidity = checkCertificateValidity;
        b.clock = clock;
        b.clockSkew = clockSkew;
        b.audiences = audiences;
        b.destinations = destinations;
        b.parser = parser;
        return b;
    }

    /**
     * Decodes, parses and validates a response.
     *
     * @param base64OrXml the {@code SAMLResponse} form value or the XML
     * @return the validated response
     * @throws SamlValidationException with every error found
     */
    public SamlResponse validate(String base64OrXml) {
        // one parse: the values handed back are read from the very tree that is checked and verified
        SamlResponseParser.Parsed parsed = parser.parseKeepingDocument(base64OrXml);
        List<SamlError> errors = check(parsed.document(), parsed.data());
        if (!errors.isEmpty()) {
            throw new SamlValidationException(errors);
        }
        return parsed.response();
    }

    /**
     * Validates a parsed response.
     *
     * @param response the response
     * @return the same response, now known to be valid
     * @throws SamlValidationException with every error found
     */
    public SamlResponse validate(SamlResponse response) {
        List<SamlError> errors = check(response);
        if (!errors.isEmpty()) {
            throw new SamlValidationException(errors);
        }
        return response;
    }

    /**
     * Validates a parsed response and returns every error found.
     *
     * @param response the response
     * @return the errors, empty when the response is valid, immutable
     */
    public List<SamlError> check(SamlResponse response) {
        Objects.requireNonNull(response, "response");
        // Re-parse the exact bytes: the DOM that is verified is the DOM the values are read from,
        // and SamlResponse stays immutable (DOM trees are neither).
        Document document;
        ResponseReader.Data data;
        try {
            document = SamlResponseParser.parseDocument(response.xml());
            data = ResponseReader.extract(document);
        } catch (SamlValidationException e) {
            return e.errors();
        }
        return check(document, data);
    }

    private List<SamlError> check(Document document, ResponseReader.Data data) {
        Element root = document.getDocumentElement();
        List<SamlError> errors = new ArrayList<>();
        boolean success = SamlResponse.STATUS_SUCCESS.equals(data.statusCode);
        Element assertion = checkStructure(root, success, errors);
        if (errors.isEmpty() && assertion != null && signatureVerifier != null) {
            errors.addAll(signatureVerifier.verify(root, assertion));
        }
        if (!success) {
            errors.add(new SamlError(SamlErrorCodes.STATUS_NOT_SUCCESS, "expected status " + SamlResponse.STATUS_SUCCESS
                    + ", found " + (data.statusCode.isEmpty() ? "no samlp:Status" : data.statusCode)
                    + (data.subStatusCode == null ? "" : " (second-level " + data.subStatusCode + ")")
                    + (data.statusMessage == null ? "" : " with message '" + data.statusMessage + "'")));
        }
        Set<String> partitions = new LinkedHashSet<>(2);
        for (AwsRole role : data.roles) {
            partitions.add(role.partition());
        }
        if (data.destination != null && !acceptedEndpoint(data.destination, partitions)) {
            errors.add(new SamlError(SamlErrorCodes.WRONG_DESTINATION, "expected Destination " + describeEndpoints(partitions)
                    + ", found " + data.destination));
        }
        if (assertion != null) {
            checkAudiences(data, errors);
            checkRecipients(data, partitions, errors);
            checkTimes(data, errors);
        }
        return List.copyOf(errors);
    }

    private Element checkStructure(Element root, boolean success, List<SamlError> errors) {
        Structure structure = Structure.of(root);
        List<Element> encrypted = structure.encryptedAssertions;
        if (!encrypted.isEmpty()) {
            errors.add(new SamlError(SamlErrorCodes.ENCRYPTED_ASSERTION, "expected a plain saml:Assertion, found "
                    + encrypted.size() + " saml:EncryptedAssertion: AWS sign-in does not accept encrypted assertions and neither "
                    + "does this library; remove the encryption certificate from the AD FS relying-party trust "
                    + "(Set-AdfsRelyingPartyTrust -EncryptClaims $false)"));
        }
        List<Element> responses = structure.responses;
        if (responses.size() > 1) {
            errors.add(new SamlError(SamlErrorCodes.MALFORMED_RESPONSE, "expected exactly one samlp:Response element, found "
                    + responses.size() + " (" + paths(responses) + ")"));
        }
        structure.idCounts.forEach((id, count) -> {
            if (count > 1) {
                errors.add(new SamlError(SamlErrorCodes.MALFORMED_RESPONSE, "expected unique ID attributes, found ID '" + id
                        + "' on " + count + " elements"));
            }
        });
        List<Element> assertions = structure.assertions;
        if (assertions.size() > 1) {
            errors.add(new SamlError(SamlErrorCodes.MULTIPLE_ASSERTIONS, "expected exactly one saml:Assertion element, found "
                    + assertions.size() + " (" + paths(assertions) + ")"));
            return null;
        }
        if (assertions.isEmpty()) {
            if (success && encrypted.isEmpty()) {
                errors.add(new SamlError(SamlErrorCodes.MISSING_ASSERTION, "expected one saml:Assertion in the Response, found none"));
            }
            return null;
        }
        Element assertion = assertions.get(0);
        if (assertion.getParentNode() != root) {
            errors.add(new SamlError(SamlErrorCodes.MISSING_ASSERTION, "expected the saml:Assertion directly inside the Response, "
                    + "found it at " + SecureXml.path(assertion)));
            return null;
        }
        return assertion;
    }

    /**
     * What the structure checks need from the whole tree, gathered in one walk of it (it used to be four: one per
     * element name and one for the IDs): every EncryptedAssertion, Response and Assertion in document order, and
     * how many elements carry each ID value.
     */
    private static final class Structure {
        final List<Element> encryptedAssertions = new ArrayList<>(0);
        final List<Element> responses = new ArrayList<>(1);
        final List<Element> assertions = new ArrayList<>(1);
        final Map<String, Integer> idCounts = new HashMap<>();

        static Structure of(Element root) {
            Structure s = new Structure();
            SecureXml.forEachElement(root, s::visit);
            return s;
        }

        private void visit(Element e) {
            String namespace = e.getNamespaceURI();
            if (SAML.equals(namespace)) {
                String name = e.getLocalName();
                if ("Assertion".equals(name)) {
                    assertions.add(e);
                } else if ("EncryptedAssertion".equals(name)) {
                    encryptedAssertions.add(e);
                }
            } else if (SAMLP.equals(namespace) && "Response".equals(e.getLocalName())) {
                responses.add(e);
            }
            NamedNodeMap attributes = e.getAttributes();
            for (int i = 0, count = attributes.getLength(); i < count; i++) {
                Node a = attributes.item(i);
                String name = a.getLocalName() == null ? a.getNodeName() : a.getLocalName();
                if (ID_ATTRIBUTES.contains(name)) {
                    idCounts.merge(a.getNodeValue(), 1, Integer::sum);
                }
            }
        }
    }

    private static String paths(List<Element> elements) {
        return elements.stream().map(SecureXml::path).collect(Collectors.joining(", "));
    }

    private void checkAudiences(ResponseReader.Data data, List<SamlError> errors) {
        if (data.audiences.isEmpty()) {
            errors.add(new SamlError(SamlErrorCodes.WRONG_AUDIENCE, "expected an AudienceRestriction naming one of " + audiences
                    + ", found none"));
        }
        for (List<String> restriction : data.audiences) {
            if (!containsAny(audiences, restriction)) {
                errors.add(new SamlError(SamlErrorCodes.WRONG_AUDIENCE, "expected an Audience among " + audiences + ", found "
                        + restriction));
            }
        }
    }

    private static boolean containsAny(List<String> accepted, List<String> found) {
        for (String value : found) {
            if (accepted.contains(value)) {
                return true;
            }
        }
        return false;
    }

    private void checkRecipients(ResponseReader.Data data, Set<String> partitions, List<SamlError> errors) {
        if (data.confirmations.isEmpty()) {
            errors.add(new SamlError(SamlErrorCodes.WRONG_RECIPIENT, "expected a bearer SubjectConfirmation with Recipient "
                    + describeEndpoints(partitions) + ", found none"));
        }
        for (ResponseReader.Confirmation c : data.confirmations) {
            if (c.recipient() == null || !acceptedEndpoint(c.recipient(), partitions)) {
                errors.add(new SamlError(SamlErrorCodes.WRONG_RECIPIENT, "expected SubjectConfirmationData Recipient "
                        + describeEndpoints(partitions) + ", found " + (c.recipient() == null ? "none" : c.recipient())));
            }
        }
    }

    private boolean acceptedEndpoint(String url, Set<String> partitions) {
        if (!destinations.isEmpty()) {
            return destinations.contains(url);
        }
        String partition = endpointPartition(url);
        // An endpoint of another partition than the roles' would make STS refuse the response.
        return partition != null && (partitions.isEmpty() || partitions.contains(partition));
    }

    /** The partition whose sign-in endpoint this is, or null. */
    private static String endpointPartition(String url) {
        // The global endpoints, which AD FS relying-party trusts normally name, without the regular expressions
        // (each matches its own pattern, so the answer is the same); Destination and Recipient are both checked.
        String partition = GLOBAL_SIGN_IN_ENDPOINTS.get(url);
        if (partition != null) {
            return partition;
        }
        for (Map.Entry<String, Pattern> e : SIGN_IN_ENDPOINTS.entrySet()) {
            if (e.getValue().matcher(url).matches()) {
                return e.getKey(); // the patterns are disjoint (different domains): at most one matches
            }
        }
        return null;
    }

    private String describeEndpoints(Set<String> partitions) {
        if (!destinations.isEmpty()) {
            return "one of " + destinations;
        }
        Set<String> wanted = partitions.isEmpty() ? SIGN_IN_ENDPOINTS.keySet() : partitions;
        return "an AWS sign-in endpoint" + (partitions.isEmpty() ? "" : " of partition " + String.join("/", partitions))
                + " (" + wanted.stream().sorted().map(SamlValidator::exampleEndpoint).collect(Collectors.joining(", ")) + ")";
    }

    private static String exampleEndpoint(String partition) {
        return switch (partition) {
            case "aws-cn" -> "https://signin.amazonaws.cn/saml";
            case "aws-us-gov" -> "https://signin.amazonaws-us-gov.com/saml";
            default -> "https://signin.aws.amazon.com/saml or https://<region>.signin.aws.amazon.com/saml";
        };
    }

    private void checkTimes(ResponseReader.Data data, List<SamlError> errors) {
        Instant now = clock.instant();
        Instant latestAcceptedStart = now.plus(clockSkew);
        Instant earliestAcceptedEnd = now.minus(clockSkew);
        notInFuture("Response IssueInstant", data.issueInstant, latestAcceptedStart, now, errors);
        notInFuture("Assertion IssueInstant", data.assertionIssueInstant, latestAcceptedStart, now, errors);
        notInFuture("Conditions NotBefore", data.notBefore, latestAcceptedStart, now, errors);
        notPassed("Conditions NotOnOrAfter", data.notOnOrAfter, earliestAcceptedEnd, now, errors);
        if (data.notOnOrAfter == null && data.confirmations.stream().allMatch(c -> c.notOnOrAfter() == null)) {
            // Without any end of validity a captured response could be replayed forever (AWS requires one too).
            errors.add(new SamlError(SamlErrorCodes.MALFORMED_RESPONSE, "expected a NotOnOrAfter on Conditions or on the bearer "
                    + "SubjectConfirmationData, found none"));
        }
        for (ResponseReader.Confirmation c : data.confirmations) {
            notInFuture("SubjectConfirmationData NotBefore", c.notBefore(), latestAcceptedStart, now, errors);
            notPassed("SubjectConfirmationData NotOnOrAfter", c.notOnOrAfter(), earliestAcceptedEnd, now, errors);
        }
    }

    private void notInFuture(String what, Instant value, Instant latest, Instant now, List<SamlError> errors) {
        if (value != null && value.isAfter(latest)) {
            errors.add(new SamlError(SamlErrorCodes.NOT_YET_VALID, "expected " + what + " at or before " + latest + at(now)
                    + ", found " + value));
        }
    }

    private void notPassed(String what, Instant value, Instant earliest, Instant now, List<SamlError> errors) {
        if (value != null && !value.isAfter(earliest)) {
            errors.add(new SamlError(SamlErrorCodes.EXPIRED, "expected " + what + " after " + earliest + at(now)
                    + ", found " + value));
        }
    }

    /** The clock reading a time error quotes; built only for an error (it formats an Instant and a Duration). */
    private String at(Instant now) {
        return " (clock " + now + ", skew " + clockSkew + ")";
    }

    /** Builds a {@link SamlValidator}. Not thread-safe; trust sources add up. */
    public static final class Builder {
        private final List<X509Certificate> trustedCertificates = new ArrayList<>();
        private boolean skipSignatureVerification;
        private boolean allowRsaSha1;
        private boolean checkCertificateValidity;
        private Clock clock = Clock.systemUTC();
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private List<String> audiences = DEFAULT_AUDIENCES;
        private List<String> destinations = List.of();
        private SamlResponseParser parser = SamlResponseParser.defaults();

        private Builder() {
        }

        /**
         * Trusts these certificates' keys (explicit-key trust: no chain building, no
         * revocation; validity only with {@link #checkCertificateValidity(boolean)}). Adds to
         * any trust configured before. Default: none.
         *
         * @param certificates the IdP's token-signing certificates
         * @return this builder
         */
        public Builder trustedCertificates(Collection<X509Certificate> certificates) {
            certificates.forEach(c -> trustedCertificates.add(Objects.requireNonNull(c, "certificate")));
            return this;
        }

        /**
         * Trusts every certificate of a PEM file (read now). Adds to any trust configured before.
         *
         * @param pemFile a file with one or more {@code BEGIN CERTIFICATE} blocks
         * @return this builder
         * @throws UncheckedIOException    when the file cannot be read
         * @throws SamlValidationException {@code invalid_trust} when it holds no valid certificate
         */
        public Builder trustedCertificatesPem(Path pemFile) {
            try {
                return trustedCertificates(Certificates.fromPem(Files.readString(pemFile, StandardCharsets.US_ASCII), pemFile.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read PEM certificates " + pemFile, e);
            }
        }

        /**
         * Trusts every certificate of a loaded key store (trusted-certificate entries and the
         * certificates of key entries). Adds to any trust configured before.
         *
         * @param keyStore a loaded key store
         * @return this builder
         */
        public Builder trustedKeyStore(KeyStore keyStore) {
            return trustedCertificates(Certificates.fromKeyStore(keyStore));
        }

        /**
         * Trusts the signing certificates of an AD FS {@code FederationMetadata.xml} (read now).
         * Adds to any trust configured before. See {@link FederationMetadata}.
         *
         * @param metadataFile the metadata file
         * @return this builder
         */
        public Builder trustedMetadata(Path metadataFile) {
            return trustedCertificates(FederationMetadata.parse(metadataFile).signingCertificates());
        }

        /**
         * Trusts the signing certificates of AD FS federation metadata. Adds to any trust configured before.
         *
         * @param metadataXml the metadata XML
         * @return this builder
         */
        public Builder trustedMetadata(byte[] metadataXml) {
            return trustedCertificates(FederationMetadata.parse(metadataXml).signingCertificates());
        }

        /**
         * Does not verify signatures at all. Only for responses whose authenticity is established
         * otherwise (e.g. just received from the IdP over verified TLS, and AWS verifies it
         * again). Cannot be combined with trust. Default: signatures are verified.
         *
         * @return this builder
         */
        public Builder skipSignatureVerification() {
            this.skipSignatureVerification = true;
            return this;
        }

        /**
         * Accepts RSA-SHA1 signatures and SHA-1 digests, which older AD FS relying-party trusts
         * still use. Default {@code false}: they fail with {@code unsupported_algorithm}, and the
         * message names the AD FS setting to change.
         *
         * @param allow whether to accept SHA-1
         * @return this builder
         */
        public Builder allowRsaSha1(boolean allow) {
            this.allowRsaSha1 = allow;
            return this;
        }

        /**
         * Requires the certificate that verifies the signature to be within its validity period
         * at the {@link #clock(Clock) clock}'s time. Default {@code false}: pinned certificates are
         * trusted for their key, as AD FS rolls certificates and metadata carries old and new.
         *
         * @param check whether to check validity
         * @return this builder
         */
        public Builder checkCertificateValidity(boolean check) {
            this.checkCertificateValidity = check;
            return this;
        }

        /**
         * The clock every time check uses. Default {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How far the IdP's clock may differ from ours. Default 5 minutes.
         *
         * @param skew a non-negative duration
         * @return this builder
         */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = Objects.requireNonNull(skew, "skew");
            return this;
        }

        /**
         * The accepted audiences, replacing the defaults {@link #DEFAULT_AUDIENCES}.
         *
         * @param audiences one or more audience URIs
         * @return this builder
         */
        public Builder audiences(String... audiences) {
            this.audiences = nonEmpty("audiences", audiences);
            return this;
        }

        /**
         * The accepted Destination and Recipient URLs, replacing the default: the AWS sign-in
         * endpoints of the roles' partition ({@code https://signin.aws.amazon.com/saml}, its
         * regional variants such as {@code https://us-east-1.signin.aws.amazon.com/saml},
         * {@code https://signin.amazonaws.cn/saml}, {@code https://signin.amazonaws-us-gov.com/saml}).
         *
         * @param destinations one or more exact URLs
         * @return this builder
         */
        public Builder destinations(String... destinations) {
            this.destinations = nonEmpty("destinations", destinations);
            return this;
        }

        /**
         * The parser {@link #validate(String)} uses (size limit). Default {@link SamlResponseParser#defaults()}.
         *
         * @param parser the parser
         * @return this builder
         */
        public Builder responseParser(SamlResponseParser parser) {
            this.parser = Objects.requireNonNull(parser, "parser");
            return this;
        }

        private static List<String> nonEmpty(String what, String... values) {
            if (values.length == 0) {
                throw new IllegalArgumentException("expected at least one of " + what + ", found none");
            }
            return List.copyOf(Arrays.asList(values));
        }

        /**
         * Builds the validator.
         *
         * @return the validator
         * @throws IllegalStateException when no trust is configured and signature verification
         *                               was not skipped explicitly, or both
         */
        public SamlValidator build() {
            return new SamlValidator(this);
        }
    }
}
