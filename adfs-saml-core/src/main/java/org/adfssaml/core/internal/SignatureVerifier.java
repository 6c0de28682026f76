package org.adfssaml.core.internal;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.adfssaml.core.SamlError;
import org.adfssaml.core.SamlErrorCodes;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.SignedInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.impl.SignatureImpl;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.w3c.dom.Element;

/**
 * Verifies the XML Signatures of a SAML Response against explicitly configured certificates,
 * never against a key or certificate the response carries in its own {@code KeyInfo}.
 *
 * <p>It expects the caller to have checked the structure first (exactly one {@code saml:Assertion},
 * directly inside the Response, unique IDs): with that, a signature whose single Reference
 * points at the Response or at that assertion covers the data the view reports, which is what
 * defeats XML Signature Wrapping.
 *
 * <p>Immutable and thread-safe.
 */
public final class SignatureVerifier {

    private static final String RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
    private static final String SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1";
    private static final Map<String, String> STRONG_SIGNATURE_METHODS = Map.of(
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "RSA-SHA256",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384", "RSA-SHA384",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512", "RSA-SHA512",
            "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1", "RSASSA-PSS-SHA256",
            "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1", "RSASSA-PSS-SHA384",
            "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1", "RSASSA-PSS-SHA512",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256", "ECDSA-SHA256",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384", "ECDSA-SHA384",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512", "ECDSA-SHA512");
    private static final Map<String, String> STRONG_DIGESTS = Map.of(
            "http://www.w3.org/2001/04/xmlenc#sha256", "SHA-256",
            "http://www.w3.org/2001/04/xmldsig-more#sha384", "SHA-384",
            "http://www.w3.org/2001/04/xmlenc#sha512", "SHA-512");

    /** The AD FS setting to change, named in every refusal of SHA-1. */
    public static final String ADFS_SHA256_HINT = "in AD FS, set the relying-party trust's Secure hash algorithm to SHA-256 "
            + "(Properties > Advanced, or Set-AdfsRelyingPartyTrust -SignatureAlgorithm "
            + "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256), or accept it explicitly with allowRsaSha1(true)";

    private final List<X509Certificate> trusted;
    private final boolean allowRsaSha1;
    private final boolean checkCertificateValidity;
    private final Clock clock;

    /**
     * Creates a verifier.
     *
     * @param trusted                  the trusted certificates, at least one
     * @param allowRsaSha1             accept RSA-SHA1 signatures and SHA-1 digests
     * @param checkCertificateValidity require the verifying certificate to be valid at the clock's time
     * @param clock                    the clock for certificate validity
     */
    public SignatureVerifier(List<X509Certificate> trusted, boolean allowRsaSha1, boolean checkCertificateValidity, Clock clock) {
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted certificate is required");
        }
        this.trusted = List.copyOf(trusted);
        this.allowRsaSha1 = allowRsaSha1;
        this.checkCertificateValidity = checkCertificateValidity;
        this.clock = clock;
    }

    /**
     * Verifies the signatures of the Response and of its one assertion.
     *
     * @param root      the Response element (structure already checked)
     * @param assertion the one assertion directly inside it
     * @return the errors, empty when at least one signature covers the assertion and every signature verifies
     */
    public List<SamlError> verify(Element root, Element assertion) {
        List<SamlError> errors = new ArrayList<>();
        List<Element> rootSignatures = SecureXml.children(root, SecureXml.DS, "Signature");
        List<Element> assertionSignatures = SecureXml.children(assertion, SecureXml.DS, "Signature");
        if (rootSignatures.size() > 1 || assertionSignatures.size() > 1) {
            errors.add(new SamlError(SamlErrorCodes.INVALID_SIGNATURE, "expected at most one ds:Signature on the Response and one on its "
                    + "Assertion, found " + rootSignatures.size() + " and " + assertionSignatures.size()));
            return errors;
        }
        if (rootSignatures.isEmpty() && assertionSignatures.isEmpty()) {
            errors.add(new SamlError(SamlErrorCodes.MISSING_SIGNATURE,
                    "expected a ds:Signature on the Response or on its Assertion, found none"));
            return errors;
        }
        // Algorithms first, from the DOM: a refused or unknown algorithm must be reported as
        // such, not as whatever XML Security makes of it when OpenSAML builds its XMLSignature.
        boolean accepted = true;
        for (Element signature : rootSignatures) {
            accepted &= algorithmsAccepted("Response", signature, errors);
        }
        for (Element signature : assertionSignatures) {
            accepted &= algorithmsAccepted("Assertion", signature, errors);
        }
        if (!accepted) {
            return errors;
        }
        Response response;
        try {
            XMLObject object = OpenSaml.unmarshall(root);
            if (!(object instanceof Response r) || r.getAssertions().size() != 1) {
                errors.add(new SamlError(SamlErrorCodes.MALFORMED_RESPONSE, "expected a SAML 2.0 Response with one Assertion, found "
                        + object.getElementQName()));
                return errors;
            }
            response = r;
        } catch (UnmarshallingException | RuntimeException e) {
            boolean signatureProblem = false;
            for (Throwable t = e; t != null && !signatureProblem; t = t.getCause() == t ? null : t.getCause()) {
                signatureProblem = t instanceof XMLSecurityException;
            }
            errors.add(signatureProblem
                    ? new SamlError(SamlErrorCodes.INVALID_SIGNATURE, "expected a complete ds:Signature, found one XML Security "
                            + "cannot read: " + rootMessage(e))
                    : new SamlError(SamlErrorCodes.MALFORMED_RESPONSE, "expected a Response OpenSAML can read, found one it "
                            + "cannot: " + rootMessage(e)));
            return errors;
        }
        if (response.getSignature() != null) {
            verifyOne("Response", response, errors);
        }
        Assertion a = response.getAssertions().get(0);
        if (a.getSignature() != null) {
            verifyOne("Assertion", a, errors);
        }
        return errors;
    }

    private void verifyOne(String what, SignableSAMLObject signed, List<SamlError> errors) {
        Signature signature = signed.getSignature();
        String id = signed.getSignatureReferenceID();
        try {
            new SAMLSignatureProfileValidator().validate(signature);
        } catch (SignatureException e) {
            errors.add(new SamlError(SamlErrorCodes.INVALID_SIGNATURE, "expected the " + what + " signature to follow the SAML "
                    + "signature profile (one enveloped Reference to the " + what + " itself), found: " + e.getMessage()));
            return;
        }
        XMLSignature xmlSignature = ((SignatureImpl) signature).getXMLSignature();
        SignedInfo signedInfo = xmlSignature.getSignedInfo();
        Reference reference;
        try {
            reference = signedInfo.item(0);
        } catch (XMLSecurityException e) {
            errors.add(new SamlError(SamlErrorCodes.INVALID_SIGNATURE, "expected a readable Reference in the " + what
                    + " signature, found: " + e.getMessage()));
            return;
        }
        String uri = reference.getURI();
        if (!("".equals(uri) && "Response".equals(what) || ("#" + id).equals(uri))) {
            errors.add(new SamlError(SamlErrorCodes.INVALID_SIGNATURE, "expected the " + what + " signature to reference #" + id
                    + ", found a reference to '" + uri + "'"));
            return;
        }
        // SignatureValidator digests the referenced content itself (XMLSignature.checkSignatureValue verifies the
        // references after the signature value), so the references are digested here only to explain a failure:
        // digesting them up front as well canonicalised and hashed the assertion twice per validation.
        X509Certificate verifiedBy = null;
        RuntimeException unreadable = null;
        for (X509Certificate candidate : trusted) {
            try {
                SignatureValidator.validate(signature, new BasicX509Credential(candidate));
                verifiedBy = candidate;
                break;
            } catch (SignatureException e) {
                // not this key (or not this content); try the next trusted one
            } catch (RuntimeException e) {
                // XML Security throws unchecked exceptions for e.g. a SignatureValue that is not base64
                unreadable = e;
            }
        }
        if (verifiedBy == null) {
            try {
                if (!signedInfo.verifyReferences(false)) {
                    errors.add(new SamlError(SamlErrorCodes.INVALID_SIGNATURE, "expected the digest of the signed " + what + " (ID " + id
                            + ") to match its signature, found a different digest: the " + what + " was modified after it was signed"));
                    return;
                }
            } catch (XMLSecurityException | RuntimeException e) {
                errors.add(new SamlError(SamlErrorCodes.INVALID_SIGNATURE, "expected the " + what + " signature's reference to resolve to the "
                        + what + " (ID " + id + "), found: " + e.getMessage()));
                return;
            }
            if (unreadable != null) {
                errors.add(new SamlError(SamlErrorCodes.INVALID_SIGNATURE, "expected a readable " + what
                        + " signature value, found one XML Security cannot read: " + rootMessage(unreadable)));
                return;
            }
            errors.add(new SamlError(SamlErrorCodes.UNTRUSTED_SIGNER, "expected the " + what + " to be signed by one of "
                    + trusted.size() + " trusted certificate" + (trusted.size() == 1 ? "" : "s") + " ("
                    + trusted.stream().map(c -> c.getSubjectX500Principal().getName()).distinct().collect(Collectors.joining("; "))
                    + "), found a signature none of them verifies" + keyInfoNote(xmlSignature)));
            return;
        }
        if (checkCertificateValidity) {
            try {
                verifiedBy.checkValidity(Date.from(clock.instant()));
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                errors.add(new SamlError(SamlErrorCodes.UNTRUSTED_SIGNER, "expected the signing certificate to be valid at "
                        + clock.instant() + ", found " + Certificates.describe(verifiedBy)));
            }
        }
    }

    private boolean algorithmsAccepted(String what, Element signature, List<SamlError> errors) {
        Element signedInfo = SecureXml.child(signature, SecureXml.DS, "SignedInfo");
        String signatureMethod = SecureXml.attribute(SecureXml.child(signedInfo, SecureXml.DS, "SignatureMethod"), "Algorithm")
                .orElse("(none)");
        boolean ok = true;
        if (!STRONG_SIGNATURE_METHODS.containsKey(signatureMethod) && !(allowRsaSha1 && RSA_SHA1.equals(signatureMethod))) {
            errors.add(new SamlError(SamlErrorCodes.UNSUPPORTED_ALGORITHM, "expected the " + what + " signed with RSA-SHA256 or stronger, "
                    + "found signature algorithm " + signatureMethod + (RSA_SHA1.equals(signatureMethod) ? " (RSA-SHA1); " + ADFS_SHA256_HINT : "")));
            ok = false;
        }
        for (Element reference : SecureXml.children(signedInfo, SecureXml.DS, "Reference")) {
            String digestMethod = SecureXml.attribute(SecureXml.child(reference, SecureXml.DS, "DigestMethod"), "Algorithm")
                    .orElse("(none)");
            if (!STRONG_DIGESTS.containsKey(digestMethod) && !(allowRsaSha1 && SHA1.equals(digestMethod))) {
                errors.add(new SamlError(SamlErrorCodes.UNSUPPORTED_ALGORITHM, "expected the " + what + " digest to be SHA-256 or stronger, "
                        + "found digest algorithm " + digestMethod + (SHA1.equals(digestMethod) ? " (SHA-1); " + ADFS_SHA256_HINT : "")));
                ok = false;
            }
        }
        return ok;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private String keyInfoNote(XMLSignature xmlSignature) {
        try {
            if (xmlSignature.getKeyInfo() != null) {
                X509Certificate own = xmlSignature.getKeyInfo().getX509Certificate();
                if (own != null && trusted.stream().noneMatch(t -> Certificates.sameKey(t, own))) {
                    return "; the certificate in the response's own KeyInfo ('" + own.getSubjectX500Principal().getName()
                            + "') is not trusted and was not used";
                }
            }
        } catch (XMLSecurityException | RuntimeException e) {
            // the note is informative only
        }
        return "";
    }
}
