package org.adfssaml.core;

/**
 * The error codes of {@link SamlError#code()}. They are part of the public API: scripts and the
 * CLI's {@code --json} output rely on them, so a code is never renamed.
 */
public final class SamlErrorCodes {

    /** The input is not a SAML 2.0 Response: not base64, not well-formed XML, a DOCTYPE, the wrong root element, duplicate IDs. */
    public static final String MALFORMED_RESPONSE = "malformed_response";
    /** The input exceeds the configured size limit; it was rejected before being decoded or parsed. */
    public static final String OVERSIZED_INPUT = "oversized_input";
    /** A signature is present but does not verify: content modified after signing, bad reference, XML Signature Wrapping. */
    public static final String INVALID_SIGNATURE = "invalid_signature";
    /** The signature is intact but was made by a key that none of the configured trusted certificates holds. */
    public static final String UNTRUSTED_SIGNER = "untrusted_signer";
    /** Neither the Response nor its assertion is signed. */
    public static final String MISSING_SIGNATURE = "missing_signature";
    /** A signature or digest algorithm that is refused (RSA-SHA1 unless allowed, MD5, unknown). */
    public static final String UNSUPPORTED_ALGORITHM = "unsupported_algorithm";
    /** A NotOnOrAfter (Conditions or SubjectConfirmationData) lies in the past, beyond the clock skew. */
    public static final String EXPIRED = "expired";
    /** A NotBefore or IssueInstant lies in the future, beyond the clock skew. */
    public static final String NOT_YET_VALID = "not_yet_valid";
    /** No accepted audience in an AudienceRestriction. */
    public static final String WRONG_AUDIENCE = "wrong_audience";
    /** The Response's Destination is not an accepted sign-in endpoint. */
    public static final String WRONG_DESTINATION = "wrong_destination";
    /** A bearer SubjectConfirmationData Recipient is missing or not an accepted sign-in endpoint. */
    public static final String WRONG_RECIPIENT = "wrong_recipient";
    /** The top-level StatusCode is not {@code urn:oasis:names:tc:SAML:2.0:status:Success}. */
    public static final String STATUS_NOT_SUCCESS = "status_not_success";
    /** The response carries an EncryptedAssertion, which AWS sign-in does not use and this library does not decrypt. */
    public static final String ENCRYPTED_ASSERTION = "encrypted_assertion";
    /** More than one saml:Assertion element anywhere in the document. */
    public static final String MULTIPLE_ASSERTIONS = "multiple_assertions";
    /** No saml:Assertion directly inside the Response. */
    public static final String MISSING_ASSERTION = "missing_assertion";
    /** A Role attribute value that is not a role ARN and a SAML provider ARN separated by a comma. */
    public static final String MALFORMED_ROLE = "malformed_role";
    /** Trust material (PEM, KeyStore, metadata) could not be read. */
    public static final String INVALID_TRUST = "invalid_trust";

    private SamlErrorCodes() {
    }
}
