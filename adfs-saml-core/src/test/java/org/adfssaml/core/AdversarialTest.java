package org.adfssaml.core;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import static org.adfssaml.core.TestSigning.ADMIN;
import static org.adfssaml.core.TestSigning.NOW;
import static org.adfssaml.core.TestSigning.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Attacks and broken inputs against responses signed in the test; each asserts the exact error codes. */
class AdversarialTest {

    static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    static final String EVIL_ROLE = "arn:aws:iam::999999999999:saml-provider/ADFS,arn:aws:iam::999999999999:role/Evil";

    static TestSigning idp;
    static TestSigning attacker;
    static SamlValidator validator;

    @BeforeAll
    static void keys() {
        idp = TestSigning.generate("ADFS Signing - adfs.example.test");
        attacker = TestSigning.generate("ADFS Signing - adfs.example.test");
        validator = SamlValidator.builder().trustedCertificates(List.of(idp.certificate))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    static List<String> codes(String xml) {
        return validator.check(SamlResponse.parse(xml)).stream().map(SamlError::code).toList();
    }

    static List<String> parseCodes(String input) {
        try {
            SamlResponse.parse(input);
            return List.of();
        } catch (SamlValidationException e) {
            return e.errors().stream().map(SamlError::code).toList();
        }
    }

    static TestSigning.Spec spec() {
        return new TestSigning.Spec();
    }

    static TestSigning.Spec responseSigned() {
        TestSigning.Spec s = spec();
        s.signResponse = true;
        s.signAssertion = false;
        return s;
    }

    static Element first(Node parent, String ns, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                return e;
            }
        }
        throw new AssertionError("no " + name);
    }

    /** An unsigned copy of the assertion with the attacker's role and a new ID. */
    static Element evilAssertion(Element original) {
        Element evil = (Element) original.cloneNode(true);
        evil.setAttribute("ID", "_evil");
        for (Node n = evil.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "Signature".equals(e.getLocalName())) {
                evil.removeChild(e);
                break;
            }
        }
        Element value = (Element) evil.getElementsByTagNameNS(SAML, "AttributeValue").item(0);
        value.setTextContent(EVIL_ROLE);
        return evil;
    }

    static Element withoutSignature(Element element) {
        Element copy = (Element) element.cloneNode(true);
        copy.removeChild(first(copy, DS, "Signature"));
        return copy;
    }

    @Test
    void checkWhenUnsignedThenMissingSignature() {
        TestSigning.Spec s = spec();
        s.signAssertion = false;
        assertThat(codes(idp.signedXml(s))).containsExactly(SamlErrorCodes.MISSING_SIGNATURE);
    }

    @Test
    void checkWhenSignedWithAnotherKeyCarryingItsCertInKeyInfoThenUntrustedSigner() {
        List<SamlError> errors = validator.check(SamlResponse.parse(attacker.signedXml(spec())));

        assertThat(errors).extracting(SamlError::code).containsExactly(SamlErrorCodes.UNTRUSTED_SIGNER);
        assertThat(errors.get(0).message()).isEqualTo("expected the Assertion to be signed by one of 1 trusted certificate "
                + "(CN=ADFS Signing - adfs.example.test), found a signature none of them verifies; the certificate in the "
                + "response's own KeyInfo ('CN=ADFS Signing - adfs.example.test') is not trusted and was not used");
    }

    @Test
    void checkWhenAttackerRewritesRolesAndResignsResponseWithOwnKeyInfoThenUntrustedSigner() {
        TestSigning.Spec s = responseSigned();
        s.roles(EVIL_ROLE);
        assertThat(codes(attacker.signedXml(s))).containsExactly(SamlErrorCodes.UNTRUSTED_SIGNER);
    }

    @Test
    void checkWhenKeyInfoCertificateSwappedForAttackersThenStillVerifiedWithTrustedKeyOnly() {
        // KeyInfo is outside what the signature covers; whatever it says, only the pinned key counts.
        Document doc = TestSigning.dom(idp.signedXml(spec()));
        Node certificate = doc.getElementsByTagNameNS(DS, "X509Certificate").item(0);
        certificate.setTextContent(base64Der(attacker));
        String swapped = TestSigning.serialize(doc);
        assertThat(swapped).contains(base64Der(attacker));

        assertThat(codes(swapped)).isEmpty();
    }

    private static String base64Der(TestSigning signing) {
        try {
            return Base64.getEncoder().encodeToString(signing.certificate.getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void checkWhenRoleModifiedAfterSigningThenInvalidSignature() {
        String signed = idp.signedXml(spec());
        String modified = signed.replace("role/AWS-Dev", "role/AWS-Root");
        assertThat(modified).isNotEqualTo(signed);

        List<SamlError> errors = validator.check(SamlResponse.parse(modified));

        assertThat(errors).extracting(SamlError::code).containsExactly(SamlErrorCodes.INVALID_SIGNATURE);
        assertThat(errors.get(0).message()).isEqualTo("expected the digest of the signed Assertion (ID _a1) to match its "
                + "signature, found a different digest: the Assertion was modified after it was signed");
    }

    @Test
    void checkWhenSignatureValueAlteredThenUntrustedSigner() {
        String signed = idp.signedXml(spec());
        int start = signed.indexOf("SignatureValue>") + "SignatureValue>".length();
        char c = signed.charAt(start);
        String altered = signed.substring(0, start) + (c == 'A' ? 'B' : 'A') + signed.substring(start + 1);

        assertThat(codes(altered)).containsExactly(SamlErrorCodes.UNTRUSTED_SIGNER);
    }

    @Test
    void checkWhenXsw1EvilResponseWrapsSignedOriginalInsideSignatureThenRejected() {
        Document doc = TestSigning.dom(idp.signedXml(responseSigned()));
        Element original = doc.getDocumentElement();
        Element evil = (Element) original.cloneNode(true);
        evil.setAttribute("ID", "_evil");
        Element evilAssertion = first(evil, SAML, "Assertion");
        evil.replaceChild(evilAssertion(evilAssertion), evilAssertion);
        first(evil, DS, "Signature").appendChild(withoutSignature(original));
        doc.replaceChild(evil, original);

        assertThat(codes(TestSigning.serialize(doc))).containsExactly(SamlErrorCodes.MALFORMED_RESPONSE,
                SamlErrorCodes.MALFORMED_RESPONSE, SamlErrorCodes.MULTIPLE_ASSERTIONS);
    }

    @Test
    void checkWhenXsw2EvilResponseCarriesSignedOriginalBeforeSignatureThenRejected() {
        Document doc = TestSigning.dom(idp.signedXml(responseSigned()));
        Element original = doc.getDocumentElement();
        Element evil = (Element) original.cloneNode(true);
        evil.setAttribute("ID", "_evil");
        Element evilAssertion = first(evil, SAML, "Assertion");
        evil.replaceChild(evilAssertion(evilAssertion), evilAssertion);
        evil.insertBefore(withoutSignature(original), first(evil, DS, "Signature"));
        doc.replaceChild(evil, original);

        assertThat(codes(TestSigning.serialize(doc))).containsExactly(SamlErrorCodes.MALFORMED_RESPONSE,
                SamlErrorCodes.MALFORMED_RESPONSE, SamlErrorCodes.MULTIPLE_ASSERTIONS);
    }

    @Test
    void checkWhenXsw3EvilAssertionBeforeSignedOneThenMultipleAssertions() {
        Document doc = TestSigning.dom(idp.signedXml(spec()));
        Element original = first(doc.getDocumentElement(), SAML, "Assertion");
        doc.getDocumentElement().insertBefore(evilAssertion(original), original);

        assertThat(codes(TestSigning.serialize(doc))).containsExactly(SamlErrorCodes.MULTIPLE_ASSERTIONS);
    }

    @Test
    void checkWhenXsw4EvilAssertionWrapsSignedOneThenMultipleAssertions() {
        Document doc = TestSigning.dom(idp.signedXml(spec()));
        Element original = first(doc.getDocumentElement(), SAML, "Assertion");
        Element evil = evilAssertion(original);
        doc.getDocumentElement().replaceChild(evil, original);
        evil.appendChild(original);

        assertThat(codes(TestSigning.serialize(doc))).containsExactly(SamlErrorCodes.MULTIPLE_ASSERTIONS);
    }

    @Test
    void checkWhenXsw5EvilAssertionTakesSignatureAndOriginalMovesToEndThenMultipleAssertions() {
        Document doc = TestSigning.dom(idp.signedXml(spec()));
        Element original = first(doc.getDocumentElement(), SAML, "Assertion");
        Element evil = evilAssertion(original);
        evil.insertBefore(first(original, DS, "Signature").cloneNode(true), first(evil, SAML, "Subject"));
        doc.getDocumentElement().replaceChild(evil, original);
        doc.getDocumentElement().appendChild(withoutSignature(original));

        assertThat(codes(TestSigning.serialize(doc))).containsExactly(SamlErrorCodes.MULTIPLE_ASSERTIONS);
    }

    @Test
    void checkWhenXsw6OriginalHiddenInsideEvilAssertionsSignatureThenMultipleAssertions() {
        Document doc = TestSigning.dom(idp.signedXml(spec()));
        Element original = first(doc.getDocumentElement(), SAML, "Assertion");
        Element evil = evilAssertion(original);
        Element signature = (Element) first(original, DS, "Signature").cloneNode(true);
        evil.insertBefore(signature, first(evil, SAML, "Subject"));
        signature.appendChild(withoutSignature(original));
        doc.getDocumentElement().replaceChild(evil, original);

        assertThat(codes(TestSigning.serialize(doc))).containsExactly(SamlErrorCodes.MULTIPLE_ASSERTIONS);
    }

    @Test
    void checkWhenXsw7SignedOriginalHiddenInExtensionsThenRejected() {
        Document doc = TestSigning.dom(idp.signedXml(spec()));
        Element root = doc.getDocumentElement();
        Element original = first(root, SAML, "Assertion");
        Element extensions = doc.createElementNS(SAMLP, "samlp:Extensions");
        root.insertBefore(extensions, first(root, SAMLP, "Status"));
        root.replaceChild(evilAssertion(original), original);
        extensions.appendChild(original);

        assertThat(codes(TestSigning.serialize(doc))).containsExactly(SamlErrorCodes.MULTIPLE_ASSERTIONS);
    }

    @Test
    void checkWhenXsw8OriginalInObjectOfEvilAssertionsSignatureThenMultipleAssertions() {
        Document doc = TestSigning.dom(idp.signedXml(spec()));
        Element original = first(doc.getDocumentElement(), SAML, "Assertion");
        Element evil = evilAssertion(original);
        Element signature = (Element) first(original, DS, "Signature").cloneNode(true);
        evil.insertBefore(signature, first(evil, SAML, "Subject"));
        Element object = doc.createElementNS(DS, "ds:Object");
        signature.appendChild(object);
        object.appendChild(withoutSignature(original));
        doc.getDocumentElement().replaceChild(evil, original);

        assertThat(codes(TestSigning.serialize(doc))).containsExactly(SamlErrorCodes.MULTIPLE_ASSERTIONS);
    }

    @Test
    void checkWhenOnlyAssertionMovedIntoExtensionsThenMissingAssertion() {
        Document doc = TestSigning.dom(idp.signedXml(spec()));
        Element root = doc.getDocumentElement();
        Element original = first(root, SAML, "Assertion");
        Element extensions = doc.createElementNS(SAMLP, "samlp:Extensions");
        root.insertBefore(extensions, first(root, SAMLP, "Status"));
        extensions.appendChild(original);

        List<SamlError> errors = validator.check(SamlResponse.parse(TestSigning.serialize(doc)));

        assertThat(errors).extracting(SamlError::code).containsExactly(SamlErrorCodes.MISSING_ASSERTION);
        assertThat(errors.get(0).message()).isEqualTo("expected the saml:Assertion directly inside the Response, found it at "
                + "/Response/Extensions/Assertion");
    }

    @Test
    void checkWhenSignatureReferencePointsElsewhereThenInvalidSignature() {
        String signed = idp.signedXml(spec());
        String retargeted = signed.replace("URI=\"#_a1\"", "URI=\"#_r1\"");
        assertThat(retargeted).isNotEqualTo(signed);

        assertThat(codes(retargeted)).containsExactly(SamlErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void checkWhenDuplicateIdPlantedThenMalformedResponse() {
        TestSigning.Spec s = spec();
        s.extraAttributes = "<saml:Attribute Name=\"x\" ID=\"_a1\"><saml:AttributeValue>x</saml:AttributeValue></saml:Attribute>";
        assertThat(codes(idp.signedXml(s))).containsExactly(SamlErrorCodes.MALFORMED_RESPONSE);
    }

    @Test
    void validateWhenCommentInjectedInsideSignedRoleValueThenRoleIsNotTruncated() {
        String signed = idp.signedXml(spec());
        String injected = signed.replace("role/team/AWS-Admin", "role/team/AWS-<!-- injected -->Admin");
        assertThat(injected).isNotEqualTo(signed);

        SamlResponse response = validator.validate(injected);

        assertThat(response.roles()).extracting(AwsRole::roleArn).containsExactly(TestSigning.DEV, ADMIN);
    }

    @Test
    void checkWhenCommentInjectedWithExtraTextInRoleValueThenInvalidSignature() {
        String signed = idp.signedXml(spec());
        String injected = signed.replace("role/team/AWS-Admin", "role/team/AWS-Admin<!-- injected -->Extra");

        assertThat(codes(injected)).containsExactly(SamlErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void checkWhenExpiredThenExpiredForConditionsAndSubjectConfirmation() {
        TestSigning.Spec s = spec();
        s.notOnOrAfter = NOW.minus(Duration.ofMinutes(10));
        s.scdNotOnOrAfter = NOW.minus(Duration.ofMinutes(10));
        List<SamlError> errors = validator.check(SamlResponse.parse(idp.signedXml(s)));

        assertThat(errors).extracting(SamlError::code).containsExactly(SamlErrorCodes.EXPIRED, SamlErrorCodes.EXPIRED);
        assertThat(errors.get(1).message()).isEqualTo("expected SubjectConfirmationData NotOnOrAfter after 2031-03-04T05:01:07Z "
                + "(clock 2031-03-04T05:06:07Z, skew PT5M), found 2031-03-04T04:56:07Z");
    }

    @Test
    void checkWhenNoNotOnOrAfterAnywhereThenMalformedBecauseReplayableForever() {
        String unbounded = TestSigning.xml(spec()).replaceAll(" NotOnOrAfter=\"[^\"]+\"", "");
        SamlValidator unsigned = SamlValidator.builder().skipSignatureVerification().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

        assertThat(unsigned.check(SamlResponse.parse(unbounded))).containsExactly(new SamlError(SamlErrorCodes.MALFORMED_RESPONSE,
                "expected a NotOnOrAfter on Conditions or on the bearer SubjectConfirmationData, found none"));
    }

    @Test
    void checkWhenNotYetValidThenNotYetValidForIssueInstantsAndNotBefore() {
        TestSigning.Spec s = spec();
        s.issueInstant = NOW.plus(Duration.ofHours(1));
        s.notBefore = NOW.plus(Duration.ofHours(1));
        s.notOnOrAfter = NOW.plus(Duration.ofHours(2));
        s.scdNotOnOrAfter = NOW.plus(Duration.ofHours(2));

        assertThat(codes(idp.signedXml(s))).containsExactly(SamlErrorCodes.NOT_YET_VALID, SamlErrorCodes.NOT_YET_VALID,
                SamlErrorCodes.NOT_YET_VALID);
    }

    @Test
    void checkWhenWrongAudienceThenWrongAudience() {
        TestSigning.Spec s = spec();
        s.audience = "urn:example:other";
        List<SamlError> errors = validator.check(SamlResponse.parse(idp.signedXml(s)));

        assertThat(errors).extracting(SamlError::code).containsExactly(SamlErrorCodes.WRONG_AUDIENCE);
        assertThat(errors.get(0).message()).isEqualTo("expected an Audience among [urn:amazon:webservices, "
                + "urn:amazon:webservices:cn-north-1, urn:amazon:webservices:govcloud], found [urn:example:other]");
    }

    @Test
    void checkWhenWrongRecipientThenWrongRecipient() {
        TestSigning.Spec s = spec();
        s.recipient = "https://evil.example/saml";
        assertThat(codes(idp.signedXml(s))).containsExactly(SamlErrorCodes.WRONG_RECIPIENT);
    }

    @Test
    void checkWhenWrongDestinationThenWrongDestination() {
        TestSigning.Spec s = spec();
        s.destination = "https://signin.aws.amazon.com.evil.example/saml";
        List<SamlError> errors = validator.check(SamlResponse.parse(idp.signedXml(s)));

        assertThat(errors).extracting(SamlError::code).containsExactly(SamlErrorCodes.WRONG_DESTINATION);
        assertThat(errors.get(0).message()).isEqualTo("expected Destination an AWS sign-in endpoint of partition aws "
                + "(https://signin.aws.amazon.com/saml or https://<region>.signin.aws.amazon.com/saml), found "
                + "https://signin.aws.amazon.com.evil.example/saml");
    }

    @Test
    void checkWhenNonSuccessStatusThenStatusNotSuccess() {
        TestSigning.Spec s = spec();
        s.status = "urn:oasis:names:tc:SAML:2.0:status:Responder";
        s.withAssertion = false;
        s.signAssertion = false;
        List<SamlError> errors = validator.check(SamlResponse.parse(TestSigning.xml(s)));

        assertThat(errors).extracting(SamlError::code).containsExactly(SamlErrorCodes.STATUS_NOT_SUCCESS);
        assertThat(errors.get(0).message()).isEqualTo("expected status urn:oasis:names:tc:SAML:2.0:status:Success, found "
                + "urn:oasis:names:tc:SAML:2.0:status:Responder");
    }

    @Test
    void checkWhenTwoSignedAssertionsThenMultipleAssertions() {
        Document doc = TestSigning.dom(idp.signedXml(spec()));
        Element original = first(doc.getDocumentElement(), SAML, "Assertion");
        Element second = (Element) original.cloneNode(true);
        second.setAttribute("ID", "_a2");
        doc.getDocumentElement().appendChild(second);

        assertThat(codes(TestSigning.serialize(doc))).containsExactly(SamlErrorCodes.MULTIPLE_ASSERTIONS);
    }

    @Test
    void checkWhenEncryptedAssertionThenEncryptedAssertionNamingTheSetting() {
        TestSigning.Spec s = spec();
        s.withAssertion = false;
        String xml = TestSigning.xml(s).replace("</samlp:Response>",
                "<saml:EncryptedAssertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">"
                        + "<xenc:EncryptedData xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\"><xenc:CipherData>"
                        + "<xenc:CipherValue>AAAA</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData>"
                        + "</saml:EncryptedAssertion></samlp:Response>");
        List<SamlError> errors = validator.check(SamlResponse.parse(xml));

        assertThat(errors).extracting(SamlError::code).containsExactly(SamlErrorCodes.ENCRYPTED_ASSERTION);
        assertThat(errors.get(0).message()).contains("found 1 saml:EncryptedAssertion", "-EncryptClaims $false");
    }

    @Test
    void parseWhenDoctypeWithEntityExpansionThenMalformedWithoutExpanding() {
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
                + "<samlp:Response xmlns:samlp=\"" + SAMLP + "\" ID=\"_x\">&lol3;</samlp:Response>";

        assertThatThrownBy(() -> SamlResponse.parse(TestSigning.base64(laughs)))
                .isInstanceOfSatisfying(SamlValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        new SamlError(SamlErrorCodes.MALFORMED_RESPONSE, "expected well-formed XML without a DOCTYPE, found: "
                                + "DOCTYPE is disallowed when the feature \"http://apache.org/xml/features/disallow-doctype-decl\" "
                                + "set to true.")));
    }

    @Test
    void parseWhenExternalEntityThenMalformedAndNothingRead() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<samlp:Response xmlns:samlp=\"" + SAMLP + "\" ID=\"_x\">&xxe;</samlp:Response>";

        assertThatThrownBy(() -> SamlResponse.parse(xxe))
                .isInstanceOfSatisfying(SamlValidationException.class, e -> {
                    assertThat(e.errors()).extracting(SamlError::code).containsExactly(SamlErrorCodes.MALFORMED_RESPONSE);
                    assertThat(e.getMessage()).contains("DOCTYPE is disallowed").doesNotContain("root:");
                });
    }

    @Test
    void parseWhenFixtureEntityPayloadsThenMalformed() {
        for (String f : List.of("xxe/xmlbomb.xml", "xxe/quadratic.xml", "xxe/external.xml", "xxe/external_file.xml",
                "xxe/dtd.xml", "xxe/cyclic.xml", "saml-libs/ruby-saml/attackxee.xml")) {
            assertThat(parseCodes(Fixtures.string(f))).as(f).containsExactly(SamlErrorCodes.MALFORMED_RESPONSE);
        }
    }

    @Test
    void parseWhenNotXmlThenMalformed() {
        assertThatThrownBy(() -> SamlResponse.parse(Base64.getEncoder().encodeToString("hello world".getBytes(StandardCharsets.UTF_8))))
                .hasMessage("malformed_response: expected base64 of an XML SAML response, found base64 of 11 bytes that are not XML");
        assertThat(parseCodes("<samlp:Response xmlns:samlp=\"" + SAMLP + "\">")).containsExactly(SamlErrorCodes.MALFORMED_RESPONSE);
        assertThat(parseCodes("<html/>")).containsExactly(SamlErrorCodes.MALFORMED_RESPONSE);
    }

    @Test
    void parseWhenNotBase64ThenMalformed() {
        assertThatThrownBy(() -> SamlResponse.parse("PHNhbWxwOlJlc3BvbnNl*not-base64*"))
                .isInstanceOfSatisfying(SamlValidationException.class, e -> assertThat(e.errors())
                        .extracting(SamlError::code).containsExactly(SamlErrorCodes.MALFORMED_RESPONSE))
                .hasMessageStartingWith("malformed_response: expected a base64-encoded SAML response or its XML, found input "
                        + "that is neither");
    }

    @Test
    void parseWhenEmptyThenMalformed() {
        for (String empty : new String[] {"", "  \r\n\t"}) {
            assertThatThrownBy(() -> SamlResponse.parse(empty))
                    .hasMessage("malformed_response: expected a base64-encoded SAML response or its XML, found empty input");
        }
        assertThatThrownBy(() -> SamlResponse.parse(new byte[0])).isInstanceOf(SamlValidationException.class);
    }

    @Test
    void parseWhenOversizedBase64ThenOversizedBeforeDecoding() {
        // Not valid base64 at all ('!' everywhere): only a size check that runs before decoding
        // can report oversized_input rather than malformed_response.
        String huge = "!".repeat(2 * 1024 * 1024);

        assertThatThrownBy(() -> SamlResponse.parse(huge))
                .hasMessage("oversized_input: expected a SAML response of at most 1048576 bytes, found an input of 2097152 characters");
    }

    @Test
    void parseWhenOversizedXmlThenOversizedWithoutParsing() {
        // Not well-formed: a DOM build would fail with malformed_response instead.
        byte[] huge = ("<" + "a".repeat(300)).getBytes(StandardCharsets.UTF_8);
        SamlResponseParser small = SamlResponseParser.builder().maxDecodedBytes(256).build();

        assertThatThrownBy(() -> small.parse(huge))
                .hasMessage("oversized_input: expected a SAML response of at most 256 bytes, found 301 bytes of XML");
    }

    @Test
    void parseWhenWrappedBase64AboveLimitThenOversized() {
        String wrapped = TestSigning.base64(idp.signedXml(spec())).replaceAll("(.{76})", "$1\r\n");
        SamlResponseParser small = SamlResponseParser.builder().maxDecodedBytes(1000).build();

        assertThat(parseCodes(wrapped)).isEmpty();
        assertThatThrownBy(() -> small.parse(wrapped)).isInstanceOfSatisfying(SamlValidationException.class,
                e -> assertThat(e.hasCode(SamlErrorCodes.OVERSIZED_INPUT)).isTrue());
    }

    @Test
    void errorsWhenAnyFailureThenNeverContainTheAssertion() {
        TestSigning.Spec s = spec();
        s.audience = "urn:example:other";
        s.recipient = "https://evil.example/saml";
        s.notOnOrAfter = NOW.minus(Duration.ofHours(1));
        String signed = attacker.signedXml(s);
        SamlValidationException e = org.junit.jupiter.api.Assertions.assertThrows(SamlValidationException.class,
                () -> validator.validate(signed));

        assertThat(e.errors()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(e.getMessage()).doesNotContain("<saml:Assertion", "SignatureValue", "jdoe", PROVIDER, base64Der(attacker));
        assertThat(SamlResponse.parse(signed).toString()).doesNotContain("jdoe", PROVIDER, "Assertion");
    }
}
