package org.adfssaml.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, parsed view of a SAML 2.0 Response, such as AD FS posts to
 * {@code https://signin.aws.amazon.com/saml}.
 *
 * <p>Parsing does <em>not</em> verify anything: use {@link SamlValidator} before trusting what
 * this view reports. Values are read from the Response and from its assertion (the
 * {@code saml:Assertion} directly inside the Response); a value the response does not carry is
 * an empty {@link Optional} or an empty collection, never a default.
 *
 * <pre>{@code
 * SamlResponse response = SamlResponse.parse(samlResponseFormValue);
 * for (AwsRole role : response.roles()) {
 *     System.out.println(role.accountId() + " " + role.roleName());
 * }
 * response.roleSessionName().ifPresent(name -> System.out.println("session " + name));
 * }</pre>
 *
 * <p>{@link #toString()} names the response (ID, issuer, status, role count, expiry) but never
 * prints the assertion or its attribute values.
 */
public final class SamlResponse {

    /** The AWS Role attribute: role ARN and SAML provider ARN pairs. */
    public static final String ROLE_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/Role";
    /** The AWS RoleSessionName attribute. */
    public static final String ROLE_SESSION_NAME_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
    /** The AWS SessionDuration attribute (seconds). */
    public static final String SESSION_DURATION_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/SessionDuration";
    /** Prefix of the AWS session tag attributes; the tag key follows the colon. */
    public static final String PRINCIPAL_TAG_ATTRIBUTE_PREFIX = "https://aws.amazon.com/SAML/Attributes/PrincipalTag:";
    /** The AWS TransitiveTagKeys attribute. */
    public static final String TRANSITIVE_TAG_KEYS_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys";
    /** The AWS SourceIdentity attribute. */
    public static final String SOURCE_IDENTITY_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/SourceIdentity";
    /** The SAML status code of success. */
    public static final String STATUS_SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";

    private final byte[] xml;
    private final ResponseReader.Data data;

    SamlResponse(byte[] xml, ResponseReader.Data data) {
        this.xml = xml;
        this.data = data;
    }

    /**
     * Decodes and parses a response with the default limits (see {@link SamlResponseParser}).
     *
     * @param base64OrXml the {@code SAMLResponse} form value (base64, line breaks allowed) or the XML
     * @return the parsed view, not validated
     * @throws SamlValidationException {@code malformed_response} or {@code oversized_input}
     */
    public static SamlResponse parse(String base64OrXml) {
        return SamlResponseParser.defaults().parse(base64OrXml);
    }

    /**
     * Decodes and parses a response with the default limits (see {@link SamlResponseParser}).
     *
     * @param base64OrXml base64 or XML bytes
     * @return the parsed view, not validated
     * @throws SamlValidationException {@code malformed_response} or {@code oversized_input}
     */
    public static SamlResponse parse(byte[] base64OrXml) {
        return SamlResponseParser.defaults().parse(base64OrXml);
    }

    /** @return the Response's {@code ID} attribute */
    public String responseId() {
        return data.responseId;
    }

    /** @return the Response's {@code saml:Issuer} */
    public Optional<String> issuer() {
        return Optional.ofNullable(data.issuer);
    }

    /** @return the Response's {@code IssueInstant} */
    public Optional<Instant> issueInstant() {
        return Optional.ofNullable(data.issueInstant);
    }

    /** @return the Response's {@code Destination} */
    public Optional<String> destination() {
        return Optional.ofNullable(data.destination);
    }

    /** @return the top-level {@code StatusCode} value, e.g. {@value #STATUS_SUCCESS}; empty when the response has no Status */
    public String statusCode() {
        return data.statusCode;
    }

    /** @return the second-level {@code StatusCode} value, when the IdP gave one (e.g. {@code ...:status:AuthnFailed}) */
    public Optional<String> subStatusCode() {
        return Optional.ofNullable(data.subStatusCode);
    }

    /** @return the {@code StatusMessage} */
    public Optional<String> statusMessage() {
        return Optional.ofNullable(data.statusMessage);
    }

    /** @return the assertion's {@code saml:Issuer} */
    public Optional<String> assertionIssuer() {
        return Optional.ofNullable(data.assertionIssuer);
    }

    /** @return the assertion's subject {@code NameID} */
    public Optional<String> nameId() {
        return Optional.ofNullable(data.nameId);
    }

    /** @return the {@code Format} of the subject's {@code NameID} */
    public Optional<String> nameIdFormat() {
        return Optional.ofNullable(data.nameIdFormat);
    }

    /** @return {@code Conditions/@NotBefore} */
    public Optional<Instant> notBefore() {
        return Optional.ofNullable(data.notBefore);
    }

    /** @return {@code Conditions/@NotOnOrAfter} */
    public Optional<Instant> notOnOrAfter() {
        return Optional.ofNullable(data.notOnOrAfter);
    }

    /** @return the earliest {@code NotOnOrAfter} of the bearer {@code SubjectConfirmationData} */
    public Optional<Instant> subjectConfirmationNotOnOrAfter() {
        return data.confirmations.stream().map(ResponseReader.Confirmation::notOnOrAfter)
                .filter(i -> i != null).min(Instant::compareTo);
    }

    /** @return the {@code Recipient} of the first bearer {@code SubjectConfirmationData} */
    public Optional<String> recipient() {
        return data.confirmations.stream().map(ResponseReader.Confirmation::recipient)
                .filter(r -> r != null).findFirst();
    }

    /** @return every {@code Audience} of every {@code AudienceRestriction}, in document order */
    public List<String> audiences() {
        return data.audiences.stream().flatMap(List::stream).toList();
    }

    /**
     * Every attribute of the assertion's attribute statements, by {@code Name}, in document
     * order; values are the full text of each {@code AttributeValue}.
     *
     * @return the attributes, immutable
     */
    public Map<String, List<String>> attributes() {
        return data.attributes;
    }

    /**
     * The roles of the {@value #ROLE_ATTRIBUTE} attribute: each value parsed with
     * {@link AwsRole#parse(String)}, duplicates removed, in the order of first appearance.
     * Malformed values are not here but in {@link #roleErrors()}.
     *
     * @return the roles, immutable
     */
    public List<AwsRole> roles() {
        return data.roles;
    }

    /**
     * One {@link SamlErrorCodes#MALFORMED_ROLE} error per Role value that is not a valid pair,
     * quoting the value.
     *
     * @return the errors, empty when every value parsed, immutable
     */
    public List<SamlError> roleErrors() {
        return data.roleErrors;
    }

    /** @return the first value of {@value #ROLE_SESSION_NAME_ATTRIBUTE}, trimmed */
    public Optional<String> roleSessionName() {
        return firstValue(ROLE_SESSION_NAME_ATTRIBUTE);
    }

    /**
     * The {@value #SESSION_DURATION_ATTRIBUTE} attribute.
     *
     * @return the duration; empty when absent or not a positive whole number of seconds
     */
    public Optional<Duration> sessionDuration() {
        return firstValue(SESSION_DURATION_ATTRIBUTE).flatMap(v -> {
            try {
                long seconds = Long.parseLong(v);
                return seconds > 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * The session tags: for every attribute named {@value #PRINCIPAL_TAG_ATTRIBUTE_PREFIX}{@code Key},
     * the key and its first value.
     *
     * @return tag key to value, in document order, immutable
     */
    public Map<String, String> principalTags() {
        return data.principalTags;
    }

    /** @return the values of {@value #TRANSITIVE_TAG_KEYS_ATTRIBUTE}, trimmed, immutable */
    public List<String> transitiveTagKeys() {
        return data.attributes.getOrDefault(TRANSITIVE_TAG_KEYS_ATTRIBUTE, List.of()).stream()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** @return the first value of {@value #SOURCE_IDENTITY_ATTRIBUTE}, trimmed */
    public Optional<String> sourceIdentity() {
        return firstValue(SOURCE_IDENTITY_ATTRIBUTE);
    }

    /**
     * When the response stops being usable: the earliest of {@code Conditions/@NotOnOrAfter}
     * and the bearer {@code SubjectConfirmationData/@NotOnOrAfter}.
     *
     * @return the expiry
     */
    public Optional<Instant> expiry() {
        Optional<Instant> scd = subjectConfirmationNotOnOrAfter();
        if (data.notOnOrAfter == null) {
            return scd;
        }
        return Optional.of(scd.filter(i -> i.isBefore(data.notOnOrAfter)).orElse(data.notOnOrAfter));
    }

    /**
     * The response as STS {@code AssumeRoleWithSAML} must receive it: the exact XML bytes, base64.
     *
     * @return standard base64 without line breaks
     */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(xml);
    }

    /** The decoded XML; package-private so only the validator sees it. */
    byte[] xml() {
        return xml;
    }

    private Optional<String> firstValue(String attribute) {
        return data.attributes.getOrDefault(attribute, List.of()).stream()
                .map(String::strip).filter(s -> !s.isEmpty()).findFirst();
    }

    /** Names the response without revealing the assertion. */
    @Override
    public String toString() {
        return "SamlResponse[id=" + data.responseId
                + ", issuer=" + data.issuer
                + ", status=" + data.statusCode
                + ", roles=" + data.roles.size()
                + ", expiry=" + expiry().map(Instant::toString).orElse(null) + "]";
    }
}
