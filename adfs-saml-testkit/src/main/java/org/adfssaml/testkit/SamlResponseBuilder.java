package org.adfssaml.testkit;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import javax.xml.namespace.QName;

import org.adfssaml.testkit.internal.XmlObjects;
import org.opensaml.core.xml.schema.XSAny;
import org.opensaml.core.xml.schema.impl.XSAnyBuilder;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.AttributeValue;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnContext;
import org.opensaml.saml.saml2.core.AuthnContextClassRef;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.StatusMessage;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;

/**
 * Mints a SAML 2.0 Response the way AD FS issues it for the AWS relying party
 * ({@code urn:amazon:webservices}), signed with a {@link TestIdp}'s key.
 *
 * <p>The defaults reproduce a genuine AD FS 3.0+ response: a {@code samlp:Response} with
 * Destination {@value #AWS_SIGNIN_URL} and {@code Consent="...:unspecified"}, the IdP's Issuer,
 * status Success, and exactly one default-namespace {@code Assertion} carrying an enveloped
 * RSA-SHA256 / SHA-256 / exclusive-c14n signature whose KeyInfo holds the signing certificate; a
 * persistent NameID; a bearer SubjectConfirmation whose data has the Recipient
 * {@value #AWS_SIGNIN_URL} and expires five minutes after issuance; Conditions valid for one hour
 * with the audience {@value #AWS_AUDIENCE}; an AttributeStatement (Role, RoleSessionName, and the
 * optional SessionDuration, {@code PrincipalTag:*}, TransitiveTagKeys, SourceIdentity, extra
 * attributes, in that order) followed by an AuthnStatement.
 *
 * <p>Every field can be overridden, so tests can mint responses that a validator must reject
 * (expired, not yet valid, wrong audience, unsigned, signed by another key, SHA-1, failed status,
 * ...). A builder is not thread-safe; {@link #base64()} and {@link #xml()} may be called any
 * number of times and each call mints a fresh response (new IDs, signature, and {@code now} from
 * the clock unless {@link #issueInstant(Instant)} is fixed).
 *
 * <pre>{@code
 * String samlResponse = idp.response()
 *         .role("123456789012", "AWS-Dev", "ADFS")
 *         .roleSessionName("alice@example.test")
 *         .sessionDuration(Duration.ofHours(2))
 *         .base64();
 * }</pre>
 */
public final class SamlResponseBuilder {

    /** The AWS sign-in endpoint, AD FS's Destination and Recipient for AWS. */
    public static final String AWS_SIGNIN_URL = "https://signin.aws.amazon.com/saml";
    /** The AWS relying-party identifier, the Audience. */
    public static final String AWS_AUDIENCE = "urn:amazon:webservices";
    /** Name of the Role attribute. */
    public static final String ROLE_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/Role";
    /** Name of the RoleSessionName attribute. */
    public static final String ROLE_SESSION_NAME_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
    /** Name of the SessionDuration attribute. */
    public static final String SESSION_DURATION_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/SessionDuration";
    /** Prefix of the session-tag attributes. */
    public static final String PRINCIPAL_TAG_ATTRIBUTE_PREFIX = "https://aws.amazon.com/SAML/Attributes/PrincipalTag:";
    /** Name of the TransitiveTagKeys attribute. */
    public static final String TRANSITIVE_TAG_KEYS_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys";
    /** Name of the SourceIdentity attribute. */
    public static final String SOURCE_IDENTITY_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/SourceIdentity";
    /** The NameID format AD FS's AWS claim rules issue. */
    public static final String NAME_ID_FORMAT_PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
    /** The AuthnContext class AD FS reports after forms sign-in. */
    public static final String AUTHN_CONTEXT_PASSWORD_PROTECTED =
            "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";
    /** The status code of a successful response. */
    public static final String STATUS_SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";

    /** AD FS limits the bearer confirmation to five minutes after issuance. */
    private static final Duration SUBJECT_CONFIRMATION_VALIDITY = Duration.ofMinutes(5);
    private static final String CONSENT_UNSPECIFIED = "urn:oasis:names:tc:SAML:2.0:consent:unspecified";
    private static final String SAMLP = "samlp";

    private PrivateKey signingKey;
    private X509Certificate signingCertificate;
    private boolean includeKeyInfo = true;
    private boolean signAssertion = true;
    private boolean signResponse;
    private int assertionCount = 1;
    private String signatureAlgorithm = SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256;
    private String digestAlgorithm = SignatureConstants.ALGO_ID_DIGEST_SHA256;

    private String responseIssuer;
    private String assertionIssuer;
    private String destination = AWS_SIGNIN_URL;
    private String recipient = AWS_SIGNIN_URL;
    private final List<String> audiences = new ArrayList<>(List.of(AWS_AUDIENCE));
    private String nameId = "EXAMPLE\\alice";
    private String nameIdFormat = NAME_ID_FORMAT_PERSISTENT;
    private String statusCode = STATUS_SUCCESS;
    private String statusMessage;
    private String responseId;
    private String assertionId;
    private String authnContextClassRef = AUTHN_CONTEXT_PASSWORD_PROTECTED;

    private Clock clock = Clock.systemUTC();
    private Instant issueInstant;
    private Instant notBefore;
    private Instant notOnOrAfter;
    private Instant subjectConfirmationNotOnOrAfter;
    private Duration validFor = Duration.ofHours(1);

    private final List<String> roles = new ArrayList<>();
    private String roleSessionName = "alice@example.test";
    private Duration sessionDuration;
    private final Map<String, String> principalTags = new LinkedHashMap<>();
    private final List<String> transitiveTagKeys = new ArrayList<>();
    private String sourceIdentity;
    private final Map<String, List<String>> extraAttributes = new LinkedHashMap<>();

    SamlResponseBuilder(TestIdp idp) {
        Objects.requireNonNull(idp, "idp");
        this.signingKey = idp.privateKey();
        this.signingCertificate = idp.certificate();
        this.responseIssuer = idp.issuer();
        this.assertionIssuer = idp.issuer();
    }

    /**
     * Adds Role attribute values verbatim (so tests may pass either order, any partition, or
     * malformed values). Default: no Role values.
     *
     * @param roleAttributeValues values such as {@code arn:aws:iam::123456789012:saml-provider/ADFS,arn:aws:iam::123456789012:role/Dev}
     * @return this builder
     */
    public SamlResponseBuilder roles(String... roleAttributeValues) {
        for (String value : roleAttributeValues) {
            roles.add(Objects.requireNonNull(value, "role attribute value"));
        }
        return this;
    }

    /**
     * Adds Role attribute values verbatim, e.g. the output of
     * {@link RoleClaims#fromAdAttributeValues(String, java.util.Collection)}. Default: no Role values.
     *
     * @param roleAttributeValues the values
     * @return this builder
     */
    public SamlResponseBuilder roles(Collection<String> roleAttributeValues) {
        return roles(roleAttributeValues.toArray(String[]::new));
    }

    /**
     * Adds one Role value in AD FS's order ({@code provider ARN,role ARN}) in the {@code aws} partition.
     *
     * @param accountId the 12-digit account
     * @param roleName the role name, path allowed (e.g. {@code team/AWS-Dev})
     * @param providerName the IAM SAML provider name (e.g. {@code ADFS})
     * @return this builder
     */
    public SamlResponseBuilder role(String accountId, String roleName, String providerName) {
        roles.add(RoleClaims.roleValue(accountId, roleName, providerName));
        return this;
    }

    /**
     * Removes every Role value added so far.
     *
     * @return this builder
     */
    public SamlResponseBuilder clearRoles() {
        roles.clear();
        return this;
    }

    /**
     * Sets the RoleSessionName attribute. Default {@code alice@example.test}; {@code null} omits it.
     *
     * @param value the session name
     * @return this builder
     */
    public SamlResponseBuilder roleSessionName(String value) {
        this.roleSessionName = value;
        return this;
    }

    /**
     * Sets the SessionDuration attribute (whole seconds). Default: omitted; {@code null} omits it.
     *
     * @param value the duration
     * @return this builder
     */
    public SamlResponseBuilder sessionDuration(Duration value) {
        this.sessionDuration = value;
        return this;
    }

    /**
     * Adds a {@code PrincipalTag:KEY} attribute (a session tag). Default: none.
     *
     * @param key the tag key
     * @param value the tag value
     * @return this builder
     */
    public SamlResponseBuilder principalTag(String key, String value) {
        principalTags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Sets the TransitiveTagKeys attribute values. Default: omitted.
     *
     * @param keys the tag keys
     * @return this builder
     */
    public SamlResponseBuilder transitiveTagKeys(String... keys) {
        transitiveTagKeys.clear();
        transitiveTagKeys.addAll(List.of(keys));
        return this;
    }

    /**
     * Sets the SourceIdentity attribute. Default: omitted; {@code null} omits it.
     *
     * @param value the source identity
     * @return this builder
     */
    public SamlResponseBuilder sourceIdentity(String value) {
        this.sourceIdentity = value;
        return this;
    }

    /**
     * Adds an arbitrary attribute after the AWS ones (values in order). Default: none.
     *
     * @param name the attribute Name
     * @param values its values
     * @return this builder
     */
    public SamlResponseBuilder attribute(String name, String... values) {
        extraAttributes.computeIfAbsent(Objects.requireNonNull(name, "name"), k -> new ArrayList<>())
                .addAll(List.of(values));
        return this;
    }

    /**
     * Sets the Subject's NameID. Default {@code EXAMPLE\alice}; {@code null} omits the NameID.
     *
     * @param value the name identifier
     * @return this builder
     */
    public SamlResponseBuilder nameId(String value) {
        this.nameId = value;
        return this;
    }

    /**
     * Sets the NameID Format. Default {@value #NAME_ID_FORMAT_PERSISTENT}; {@code null} omits it.
     *
     * @param value the format URI
     * @return this builder
     */
    public SamlResponseBuilder nameIdFormat(String value) {
        this.nameIdFormat = value;
        return this;
    }

    /**
     * Replaces the audiences with one value. Default {@value #AWS_AUDIENCE}.
     *
     * @param value the audience
     * @return this builder
     */
    public SamlResponseBuilder audience(String value) {
        return audiences(value);
    }

    /**
     * Replaces the audiences; no value omits the AudienceRestriction. Default {@value #AWS_AUDIENCE}.
     *
     * @param values the audiences
     * @return this builder
     */
    public SamlResponseBuilder audiences(String... values) {
        audiences.clear();
        audiences.addAll(List.of(values));
        return this;
    }

    /**
     * Sets the Response's Destination. Default {@value #AWS_SIGNIN_URL}; {@code null} omits it.
     *
     * @param value the destination
     * @return this builder
     */
    public SamlResponseBuilder destination(String value) {
        this.destination = value;
        return this;
    }

    /**
     * Sets the SubjectConfirmationData's Recipient. Default {@value #AWS_SIGNIN_URL}; {@code null} omits it.
     *
     * @param value the recipient
     * @return this builder
     */
    public SamlResponseBuilder recipient(String value) {
        this.recipient = value;
        return this;
    }

    /**
     * Sets both the Response's and the Assertion's Issuer. Default {@link TestIdp#issuer()}.
     *
     * @param value the issuer
     * @return this builder
     */
    public SamlResponseBuilder issuer(String value) {
        this.responseIssuer = value;
        this.assertionIssuer = value;
        return this;
    }

    /**
     * Sets only the Assertion's Issuer. Default {@link TestIdp#issuer()}; {@code null} omits it
     * (which makes the assertion schema-invalid, for negative tests).
     *
     * @param value the issuer
     * @return this builder
     */
    public SamlResponseBuilder assertionIssuer(String value) {
        this.assertionIssuer = value;
        return this;
    }

    /**
     * Sets the clock that gives "now" when no {@link #issueInstant(Instant)} is set. Default: the system UTC clock.
     *
     * @param value the clock
     * @return this builder
     */
    public SamlResponseBuilder clock(Clock value) {
        this.clock = Objects.requireNonNull(value, "clock");
        return this;
    }

    /**
     * Sets how long the Conditions are valid after IssueInstant. Default one hour, as AD FS's
     * default token lifetime. The bearer SubjectConfirmationData expires after the shorter of this
     * and five minutes.
     *
     * @param value a positive or zero duration (negative durations mint already expired responses)
     * @return this builder
     */
    public SamlResponseBuilder validFor(Duration value) {
        this.validFor = Objects.requireNonNull(value, "validFor");
        return this;
    }

    /**
     * Fixes IssueInstant (Response, Assertion, AuthnInstant); the validity windows are computed from it.
     * Default: the clock's now, at millisecond precision.
     *
     * @param value the instant
     * @return this builder
     */
    public SamlResponseBuilder issueInstant(Instant value) {
        this.issueInstant = value;
        return this;
    }

    /**
     * Sets the Conditions' NotBefore. Default: IssueInstant.
     *
     * @param value the instant
     * @return this builder
     */
    public SamlResponseBuilder notBefore(Instant value) {
        this.notBefore = value;
        return this;
    }

    /**
     * Sets the Conditions' NotOnOrAfter. Default: IssueInstant + {@link #validFor(Duration)}.
     *
     * @param value the instant
     * @return this builder
     */
    public SamlResponseBuilder notOnOrAfter(Instant value) {
        this.notOnOrAfter = value;
        return this;
    }

    /**
     * Sets the bearer SubjectConfirmationData's NotOnOrAfter. Default: IssueInstant + min(5 minutes, validFor).
     *
     * @param value the instant
     * @return this builder
     */
    public SamlResponseBuilder subjectConfirmationNotOnOrAfter(Instant value) {
        this.subjectConfirmationNotOnOrAfter = value;
        return this;
    }

    /**
     * Signs neither the Assertion nor the Response.
     *
     * @return this builder
     */
    public SamlResponseBuilder unsigned() {
        this.signAssertion = false;
        this.signResponse = false;
        return this;
    }

    /**
     * Whether the Response element is signed (after the assertion, so both signatures verify).
     * Default {@code false}, as AD FS for AWS.
     *
     * @param value whether to sign the Response
     * @return this builder
     */
    public SamlResponseBuilder signResponse(boolean value) {
        this.signResponse = value;
        return this;
    }

    /**
     * Whether the Assertion is signed. Default {@code true}, as AD FS for AWS.
     *
     * @param value whether to sign the Assertion
     * @return this builder
     */
    public SamlResponseBuilder signAssertion(boolean value) {
        this.signAssertion = value;
        return this;
    }

    /**
     * Signs with RSA-SHA1 and a SHA-1 digest, as old AD FS relying-party trusts did. Default: RSA-SHA256 / SHA-256.
     *
     * @return this builder
     */
    public SamlResponseBuilder sha1() {
        return signatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1)
                .digestAlgorithm(SignatureConstants.ALGO_ID_DIGEST_SHA1);
    }

    /**
     * Sets the signature algorithm URI. Default {@value SignatureConstants#ALGO_ID_SIGNATURE_RSA_SHA256}.
     *
     * @param uri the algorithm URI
     * @return this builder
     */
    public SamlResponseBuilder signatureAlgorithm(String uri) {
        this.signatureAlgorithm = Objects.requireNonNull(uri, "signatureAlgorithm");
        return this;
    }

    /**
     * Sets the reference digest algorithm URI. Default {@value SignatureConstants#ALGO_ID_DIGEST_SHA256}.
     *
     * @param uri the algorithm URI
     * @return this builder
     */
    public SamlResponseBuilder digestAlgorithm(String uri) {
        this.digestAlgorithm = Objects.requireNonNull(uri, "digestAlgorithm");
        return this;
    }

    /**
     * Signs with another key (e.g. an attacker's) and puts its certificate in KeyInfo (see
     * {@link #includeKeyInfo(boolean)}). Default: the {@link TestIdp}'s key and certificate.
     *
     * @param key the signing key
     * @param certificate the certificate of that key
     * @return this builder
     */
    public SamlResponseBuilder signWith(PrivateKey key, X509Certificate certificate) {
        this.signingKey = Objects.requireNonNull(key, "key");
        this.signingCertificate = Objects.requireNonNull(certificate, "certificate");
        return this;
    }

    /**
     * Signs with another test IdP's key and certificate (an untrusted signer). Default: this builder's IdP.
     *
     * @param other the other IdP
     * @return this builder
     */
    public SamlResponseBuilder signWith(TestIdp other) {
        return signWith(other.privateKey(), other.certificate());
    }

    /**
     * Whether signatures carry KeyInfo with the X.509 certificate. Default {@code true}, as AD FS.
     *
     * @param value whether to include KeyInfo
     * @return this builder
     */
    public SamlResponseBuilder includeKeyInfo(boolean value) {
        this.includeKeyInfo = value;
        return this;
    }

    /**
     * Sets the top-level status code. Default {@value #STATUS_SUCCESS}. Combine with
     * {@link #withoutAssertion()} to mint an IdP error response as AD FS sends it.
     *
     * @param value the status code URI, e.g. {@code urn:oasis:names:tc:SAML:2.0:status:Responder}
     * @return this builder
     */
    public SamlResponseBuilder statusCode(String value) {
        this.statusCode = Objects.requireNonNull(value, "statusCode");
        return this;
    }

    /**
     * Leaves the Assertion out (an error response, or a {@code missing_assertion} case). Default: one assertion.
     *
     * @return this builder
     */
    public SamlResponseBuilder withoutAssertion() {
        return assertionCount(0);
    }

    /**
     * Mints this many identical assertions (each with its own ID and, when signed, signature), for
     * {@code multiple_assertions} cases. Default 1, as AD FS.
     *
     * @param count 0 or more
     * @return this builder
     */
    public SamlResponseBuilder assertionCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("assertionCount: expected 0 or more, found " + count);
        }
        this.assertionCount = count;
        return this;
    }

    /**
     * Sets the StatusMessage. Default: omitted.
     *
     * @param value the message
     * @return this builder
     */
    public SamlResponseBuilder statusMessage(String value) {
        this.statusMessage = value;
        return this;
    }

    /**
     * Fixes the Response ID. Default: {@code _} + a random UUID, as AD FS.
     *
     * @param value the ID
     * @return this builder
     */
    public SamlResponseBuilder responseId(String value) {
        this.responseId = value;
        return this;
    }

    /**
     * Fixes the Assertion ID (also the AuthnStatement's SessionIndex). Default: {@code _} + a random UUID.
     *
     * @param value the ID
     * @return this builder
     */
    public SamlResponseBuilder assertionId(String value) {
        this.assertionId = value;
        return this;
    }

    /**
     * Sets the AuthnContextClassRef. Default {@value #AUTHN_CONTEXT_PASSWORD_PROTECTED}
     * (AD FS reports {@code urn:federation:authentication:windows} after integrated authentication).
     *
     * @param value the class reference
     * @return this builder
     */
    public SamlResponseBuilder authnContextClassRef(String value) {
        this.authnContextClassRef = Objects.requireNonNull(value, "authnContextClassRef");
        return this;
    }

    /**
     * Mints the response and returns it base64-encoded (no line breaks), as AD FS posts it in
     * {@code input[name=SAMLResponse]} and STS expects it in {@code SAMLAssertion}.
     *
     * @return the base64 response
     */
    public String base64() {
        return Base64.getEncoder().encodeToString(xml().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Mints the response and returns its XML (no XML declaration, no reformatting).
     *
     * @return the XML text
     */
    public String xml() {
        Instant issued = issueInstant != null ? issueInstant : clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant conditionsStart = notBefore != null ? notBefore : issued;
        Instant conditionsEnd = notOnOrAfter != null ? notOnOrAfter : issued.plus(validFor);
        Instant confirmationEnd = subjectConfirmationNotOnOrAfter != null ? subjectConfirmationNotOnOrAfter
                : issued.plus(validFor.compareTo(SUBJECT_CONFIRMATION_VALIDITY) < 0 ? validFor
                        : SUBJECT_CONFIRMATION_VALIDITY);
        Response response = XmlObjects.build(new QName(SAMLConstants.SAML20P_NS, Response.DEFAULT_ELEMENT_LOCAL_NAME, SAMLP));
        response.setID(responseId != null ? responseId : newId());
        response.setVersion(SAMLVersion.VERSION_20);
        response.setIssueInstant(issued);
        response.setDestination(destination);
        response.setConsent(CONSENT_UNSPECIFIED);
        if (responseIssuer != null) {
            response.setIssuer(issuerElement(responseIssuer));
        }
        response.setStatus(status());

        List<Signature> assertionSignatures = new ArrayList<>();
        for (int i = 0; i < assertionCount; i++) {
            String id = i == 0 && assertionId != null ? assertionId : newId();
            Assertion assertion = assertion(id, issued, conditionsStart, conditionsEnd, confirmationEnd);
            response.getAssertions().add(assertion);
            if (signAssertion) {
                assertionSignatures.add(XmlObjects.prepareSignature(assertion, signingKey, signingCertificate,
                        includeKeyInfo, signatureAlgorithm, digestAlgorithm));
            }
        }
        Signature responseSignature = signResponse ? XmlObjects.prepareSignature(response, signingKey,
                signingCertificate, includeKeyInfo, signatureAlgorithm, digestAlgorithm) : null;
        var element = XmlObjects.marshall(response);
        // The assertion first: the Response signature digests the assertion including its signature.
        assertionSignatures.forEach(XmlObjects::sign);
        if (responseSignature != null) {
            XmlObjects.sign(responseSignature);
        }
        return XmlObjects.serialize(element);
    }

    private Assertion assertion(String id, Instant issued, Instant conditionsStart, Instant conditionsEnd,
            Instant confirmationEnd) {
        Assertion assertion = XmlObjects.build(assertionName(Assertion.DEFAULT_ELEMENT_LOCAL_NAME));
        assertion.setID(id);
        assertion.setIssueInstant(issued);
        assertion.setVersion(SAMLVersion.VERSION_20);
        if (assertionIssuer != null) {
            assertion.setIssuer(issuerElement(assertionIssuer));
        }
        assertion.setSubject(subject(confirmationEnd));
        assertion.setConditions(conditions(conditionsStart, conditionsEnd));
        AttributeStatement attributes = attributeStatement();
        if (!attributes.getAttributes().isEmpty()) {
            assertion.getAttributeStatements().add(attributes);
        }
        assertion.getAuthnStatements().add(authnStatement(issued, id));
        return assertion;
    }

    private static String newId() {
        return "_" + UUID.randomUUID();
    }

    private static QName assertionName(String localName) {
        // AD FS writes its assertion in the default namespace, without a prefix.
        return new QName(SAMLConstants.SAML20_NS, localName, "");
    }

    private static Issuer issuerElement(String value) {
        Issuer issuer = XmlObjects.build(assertionName(Issuer.DEFAULT_ELEMENT_LOCAL_NAME));
        issuer.setValue(value);
        return issuer;
    }

    private Status status() {
        Status status = XmlObjects.build(new QName(SAMLConstants.SAML20P_NS, Status.DEFAULT_ELEMENT_LOCAL_NAME, SAMLP));
        StatusCode code = XmlObjects.build(new QName(SAMLConstants.SAML20P_NS, StatusCode.DEFAULT_ELEMENT_LOCAL_NAME, SAMLP));
        code.setValue(statusCode);
        status.setStatusCode(code);
        if (statusMessage != null) {
            StatusMessage message = XmlObjects.build(
                    new QName(SAMLConstants.SAML20P_NS, StatusMessage.DEFAULT_ELEMENT_LOCAL_NAME, SAMLP));
            message.setValue(statusMessage);
            status.setStatusMessage(message);
        }
        return status;
    }

    private Subject subject(Instant confirmationEnd) {
        Subject subject = XmlObjects.build(assertionName(Subject.DEFAULT_ELEMENT_LOCAL_NAME));
        if (nameId != null) {
            NameID id = XmlObjects.build(assertionName(NameID.DEFAULT_ELEMENT_LOCAL_NAME));
            id.setValue(nameId);
            id.setFormat(nameIdFormat);
            subject.setNameID(id);
        }
        SubjectConfirmation confirmation = XmlObjects.build(assertionName(SubjectConfirmation.DEFAULT_ELEMENT_LOCAL_NAME));
        confirmation.setMethod(SubjectConfirmation.METHOD_BEARER);
        SubjectConfirmationData data = XmlObjects.build(assertionName(SubjectConfirmationData.DEFAULT_ELEMENT_LOCAL_NAME));
        data.setNotOnOrAfter(confirmationEnd);
        data.setRecipient(recipient);
        confirmation.setSubjectConfirmationData(data);
        subject.getSubjectConfirmations().add(confirmation);
        return subject;
    }

    private Conditions conditions(Instant start, Instant end) {
        Conditions conditions = XmlObjects.build(assertionName(Conditions.DEFAULT_ELEMENT_LOCAL_NAME));
        conditions.setNotBefore(start);
        conditions.setNotOnOrAfter(end);
        if (!audiences.isEmpty()) {
            AudienceRestriction restriction = XmlObjects.build(assertionName(AudienceRestriction.DEFAULT_ELEMENT_LOCAL_NAME));
            for (String value : audiences) {
                Audience audience = XmlObjects.build(assertionName(Audience.DEFAULT_ELEMENT_LOCAL_NAME));
                audience.setURI(value);
                restriction.getAudiences().add(audience);
            }
            conditions.getAudienceRestrictions().add(restriction);
        }
        return conditions;
    }

    private AttributeStatement attributeStatement() {
        AttributeStatement statement = XmlObjects.build(assertionName(AttributeStatement.DEFAULT_ELEMENT_LOCAL_NAME));
        List<Attribute> list = statement.getAttributes();
        if (!roles.isEmpty()) {
            list.add(attribute(ROLE_ATTRIBUTE, roles));
        }
        if (roleSessionName != null) {
            list.add(attribute(ROLE_SESSION_NAME_ATTRIBUTE, List.of(roleSessionName)));
        }
        if (sessionDuration != null) {
            list.add(attribute(SESSION_DURATION_ATTRIBUTE, List.of(Long.toString(sessionDuration.toSeconds()))));
        }
        principalTags.forEach((key, value) -> list.add(attribute(PRINCIPAL_TAG_ATTRIBUTE_PREFIX + key, List.of(value))));
        if (!transitiveTagKeys.isEmpty()) {
            list.add(attribute(TRANSITIVE_TAG_KEYS_ATTRIBUTE, transitiveTagKeys));
        }
        if (sourceIdentity != null) {
            list.add(attribute(SOURCE_IDENTITY_ATTRIBUTE, List.of(sourceIdentity)));
        }
        extraAttributes.forEach((name, values) -> list.add(attribute(name, values)));
        return statement;
    }

    private static Attribute attribute(String name, List<String> values) {
        Attribute attribute = XmlObjects.build(assertionName(Attribute.DEFAULT_ELEMENT_LOCAL_NAME));
        attribute.setName(name);
        for (String value : values) {
            // XSAny, not XSString: AD FS writes plain AttributeValue text without xsi:type.
            QName valueName = assertionName(AttributeValue.DEFAULT_ELEMENT_LOCAL_NAME);
            XSAny element = new XSAnyBuilder().buildObject(valueName.getNamespaceURI(), valueName.getLocalPart(),
                    valueName.getPrefix());
            element.setTextContent(value);
            attribute.getAttributeValues().add(element);
        }
        return attribute;
    }

    private AuthnStatement authnStatement(Instant issued, String sessionIndex) {
        AuthnStatement statement = XmlObjects.build(assertionName(AuthnStatement.DEFAULT_ELEMENT_LOCAL_NAME));
        statement.setAuthnInstant(issued);
        statement.setSessionIndex(sessionIndex);
        AuthnContext context = XmlObjects.build(assertionName(AuthnContext.DEFAULT_ELEMENT_LOCAL_NAME));
        AuthnContextClassRef classRef = XmlObjects.build(assertionName(AuthnContextClassRef.DEFAULT_ELEMENT_LOCAL_NAME));
        classRef.setURI(authnContextClassRef);
        context.setAuthnContextClassRef(classRef);
        statement.setAuthnContext(context);
        return statement;
    }
}
