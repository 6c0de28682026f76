package org.adfssaml.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.adfssaml.core.AwsRole;
import org.adfssaml.core.SamlResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The minted XML has AD FS's shape, and every override lands where it should. */
class SamlResponseBuilderTest {

    private static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    private static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    private static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    private static final Instant T0 = Instant.parse("2031-03-04T05:06:07.890Z");

    private static TestIdp idp;

    @BeforeAll
    static void idp() {
        idp = TestIdp.generate();
    }

    private static Document dom(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element only(Element parent, String ns, String localName) {
        NodeList list = parent.getElementsByTagNameNS(ns, localName);
        assertThat(list.getLength()).as(localName + " count").isEqualTo(1);
        return (Element) list.item(0);
    }

    @Test
    void xmlWhenDefaultsThenAdfsShapedResponseWithOneSignedAssertion() throws Exception {
        Document doc = dom(idp.response().clock(Clock.fixed(T0, ZoneOffset.UTC)).role("123456789012", "AWS-Dev", "ADFS").xml());
        Element response = doc.getDocumentElement();

        assertThat(response.getNamespaceURI()).isEqualTo(SAMLP);
        assertThat(response.getPrefix()).isEqualTo("samlp");
        assertThat(response.getAttribute("Destination")).isEqualTo("https://signin.aws.amazon.com/saml");
        assertThat(response.getAttribute("Consent")).isEqualTo("urn:oasis:names:tc:SAML:2.0:consent:unspecified");
        assertThat(response.getAttribute("IssueInstant")).isEqualTo("2031-03-04T05:06:07.890Z");
        assertThat(response.getAttribute("ID")).matches("_[0-9a-f-]{36}");
        assertThat(only(response, SAMLP, "StatusCode").getAttribute("Value"))
                .isEqualTo("urn:oasis:names:tc:SAML:2.0:status:Success");

        Element assertion = only(response, SAML, "Assertion");
        assertThat(assertion.getPrefix()).as("AD FS writes the assertion in the default namespace").isNull();
        assertThat(only(assertion, SAML, "Issuer").getTextContent())
                .isEqualTo("http://adfs.example.test/adfs/services/trust");

        Element signature = only(response, DS, "Signature");
        assertThat(signature.getParentNode()).isSameAs(assertion);
        assertThat(only(signature, DS, "CanonicalizationMethod").getAttribute("Algorithm"))
                .isEqualTo("http://www.w3.org/2001/10/xml-exc-c14n#");
        assertThat(only(signature, DS, "SignatureMethod").getAttribute("Algorithm"))
                .isEqualTo("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
        assertThat(only(signature, DS, "DigestMethod").getAttribute("Algorithm"))
                .isEqualTo("http://www.w3.org/2001/04/xmlenc#sha256");
        assertThat(only(signature, DS, "Reference").getAttribute("URI")).isEqualTo("#" + assertion.getAttribute("ID"));
        NodeList transforms = signature.getElementsByTagNameNS(DS, "Transform");
        assertThat(List.of(((Element) transforms.item(0)).getAttribute("Algorithm"),
                ((Element) transforms.item(1)).getAttribute("Algorithm")))
                .containsExactly("http://www.w3.org/2000/09/xmldsig#enveloped-signature",
                        "http://www.w3.org/2001/10/xml-exc-c14n#");
        byte[] der = Base64.getDecoder().decode(only(signature, DS, "X509Certificate").getTextContent());
        X509Certificate keyInfoCert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        assertThat(keyInfoCert).isEqualTo(idp.certificate());

        Element nameId = only(assertion, SAML, "NameID");
        assertThat(nameId.getTextContent()).isEqualTo("EXAMPLE\\alice");
        assertThat(nameId.getAttribute("Format")).isEqualTo("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
        assertThat(only(assertion, SAML, "SubjectConfirmation").getAttribute("Method"))
                .isEqualTo("urn:oasis:names:tc:SAML:2.0:cm:bearer");
        Element confirmationData = only(assertion, SAML, "SubjectConfirmationData");
        assertThat(confirmationData.getAttribute("Recipient")).isEqualTo("https://signin.aws.amazon.com/saml");
        assertThat(confirmationData.getAttribute("NotOnOrAfter")).isEqualTo("2031-03-04T05:11:07.890Z");
        Element conditions = only(assertion, SAML, "Conditions");
        assertThat(conditions.getAttribute("NotBefore")).isEqualTo("2031-03-04T05:06:07.890Z");
        assertThat(conditions.getAttribute("NotOnOrAfter")).isEqualTo("2031-03-04T06:06:07.890Z");
        assertThat(only(conditions, SAML, "Audience").getTextContent()).isEqualTo("urn:amazon:webservices");
        Element authn = only(assertion, SAML, "AuthnStatement");
        assertThat(authn.getAttribute("SessionIndex")).isEqualTo(assertion.getAttribute("ID"));
        assertThat(only(authn, SAML, "AuthnContextClassRef").getTextContent())
                .isEqualTo("urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport");
        assertThat(((Element) assertion.getElementsByTagNameNS(SAML, "AttributeValue").item(0)).getAttributeNS(
                "http://www.w3.org/2001/XMLSchema-instance", "type")).as("no xsi:type, as AD FS").isEmpty();
    }

    @Test
    void base64WhenAwsAttributesSetThenCoreReadsEachOfThem() {
        String base64 = idp.response()
                .role("123456789012", "AWS-Dev", "ADFS")
                .roles("arn:aws:iam::210987654321:role/Ops,arn:aws:iam::210987654321:saml-provider/ADFS")
                .roleSessionName("bob@example.test")
                .sessionDuration(Duration.ofHours(8))
                .principalTag("Department", "Engineering")
                .principalTag("CostCenter", "1234")
                .transitiveTagKeys("Department", "CostCenter")
                .sourceIdentity("bob")
                .attribute("http://schemas.xmlsoap.org/claims/Group", "Domain Users", "AWS-123456789012-Dev")
                .nameId("EXAMPLE\\bob")
                .base64();

        SamlResponse parsed = SamlResponse.parse(base64);

        assertThat(parsed.roles()).containsExactly(
                AwsRole.of("arn:aws:iam::123456789012:role/AWS-Dev", "arn:aws:iam::123456789012:saml-provider/ADFS"),
                AwsRole.of("arn:aws:iam::210987654321:role/Ops", "arn:aws:iam::210987654321:saml-provider/ADFS"));
        assertThat(parsed.roleSessionName()).contains("bob@example.test");
        assertThat(parsed.sessionDuration()).contains(Duration.ofHours(8));
        assertThat(parsed.principalTags()).containsExactlyInAnyOrderEntriesOf(
                Map.of("Department", "Engineering", "CostCenter", "1234"));
        assertThat(parsed.transitiveTagKeys()).containsExactly("Department", "CostCenter");
        assertThat(parsed.sourceIdentity()).contains("bob");
        assertThat(parsed.nameId()).contains("EXAMPLE\\bob");
        assertThat(parsed.attributes().get("http://schemas.xmlsoap.org/claims/Group"))
                .containsExactly("Domain Users", "AWS-123456789012-Dev");
        assertThat(parsed.toBase64()).isEqualTo(base64);
    }

    @Test
    void xmlWhenTimesOverriddenThenEachWindowUsesItsOwnValue() throws Exception {
        Instant notBefore = T0.minusSeconds(60);
        Instant notOnOrAfter = T0.plusSeconds(600);
        Instant confirmation = T0.plusSeconds(120);

        Document doc = dom(idp.response().issueInstant(T0).notBefore(notBefore).notOnOrAfter(notOnOrAfter)
                .subjectConfirmationNotOnOrAfter(confirmation).xml());

        Element conditions = only(doc.getDocumentElement(), SAML, "Conditions");
        assertThat(conditions.getAttribute("NotBefore")).isEqualTo("2031-03-04T05:05:07.890Z");
        assertThat(conditions.getAttribute("NotOnOrAfter")).isEqualTo("2031-03-04T05:16:07.890Z");
        assertThat(only(doc.getDocumentElement(), SAML, "SubjectConfirmationData").getAttribute("NotOnOrAfter"))
                .isEqualTo("2031-03-04T05:08:07.890Z");
    }

    @Test
    void xmlWhenValidForShorterThanFiveMinutesThenBothWindowsShortened() throws Exception {
        Document doc = dom(idp.response().issueInstant(T0).validFor(Duration.ofMinutes(2)).xml());

        assertThat(only(doc.getDocumentElement(), SAML, "Conditions").getAttribute("NotOnOrAfter"))
                .isEqualTo("2031-03-04T05:08:07.890Z");
        assertThat(only(doc.getDocumentElement(), SAML, "SubjectConfirmationData").getAttribute("NotOnOrAfter"))
                .isEqualTo("2031-03-04T05:08:07.890Z");
    }

    @Test
    void xmlWhenResponseAndAssertionSignedThenTwoSignaturesResponseFirst() throws Exception {
        Document doc = dom(idp.response().signResponse(true).xml());

        NodeList signatures = doc.getElementsByTagNameNS(DS, "Signature");
        assertThat(signatures.getLength()).isEqualTo(2);
        assertThat(signatures.item(0).getParentNode()).isSameAs(doc.getDocumentElement());
        assertThat(((Element) signatures.item(1).getParentNode()).getLocalName()).isEqualTo("Assertion");
    }

    @Test
    void xmlWhenOnlyResponseSignedThenAssertionCarriesNoSignature() throws Exception {
        Document doc = dom(idp.response().signResponse(true).signAssertion(false).xml());

        NodeList signatures = doc.getElementsByTagNameNS(DS, "Signature");
        assertThat(signatures.getLength()).isEqualTo(1);
        assertThat(signatures.item(0).getParentNode()).isSameAs(doc.getDocumentElement());
    }

    @Test
    void xmlWhenUnsignedThenNoSignature() throws Exception {
        Document doc = dom(idp.response().unsigned().xml());

        assertThat(doc.getElementsByTagNameNS(DS, "Signature").getLength()).isZero();
    }

    @Test
    void xmlWhenSha1ThenRsaSha1AndSha1Digest() throws Exception {
        Element signature = only(dom(idp.response().sha1().xml()).getDocumentElement(), DS, "Signature");

        assertThat(only(signature, DS, "SignatureMethod").getAttribute("Algorithm"))
                .isEqualTo("http://www.w3.org/2000/09/xmldsig#rsa-sha1");
        assertThat(only(signature, DS, "DigestMethod").getAttribute("Algorithm"))
                .isEqualTo("http://www.w3.org/2000/09/xmldsig#sha1");
    }

    @Test
    void xmlWhenKeyInfoExcludedThenSignatureHasNoKeyInfo() throws Exception {
        Element signature = only(dom(idp.response().includeKeyInfo(false).xml()).getDocumentElement(), DS, "Signature");

        assertThat(signature.getElementsByTagNameNS(DS, "KeyInfo").getLength()).isZero();
    }

    @Test
    void xmlWhenErrorStatusWithoutAssertionThenAdfsErrorResponse() throws Exception {
        Document doc = dom(idp.response().statusCode("urn:oasis:names:tc:SAML:2.0:status:Responder")
                .statusMessage("MSIS7012").withoutAssertion().xml());

        assertThat(doc.getElementsByTagNameNS(SAML, "Assertion").getLength()).isZero();
        assertThat(only(doc.getDocumentElement(), SAMLP, "StatusCode").getAttribute("Value"))
                .isEqualTo("urn:oasis:names:tc:SAML:2.0:status:Responder");
        assertThat(only(doc.getDocumentElement(), SAMLP, "StatusMessage").getTextContent()).isEqualTo("MSIS7012");
    }

    @Test
    void xmlWhenIdsFixedThenUsedVerbatim() throws Exception {
        Element response = dom(idp.response().responseId("_resp-1").assertionId("_assert-1").xml()).getDocumentElement();

        assertThat(response.getAttribute("ID")).isEqualTo("_resp-1");
        assertThat(only(response, SAML, "Assertion").getAttribute("ID")).isEqualTo("_assert-1");
        assertThat(only(response, DS, "Reference").getAttribute("URI")).isEqualTo("#_assert-1");
    }

    @Test
    void xmlWhenAudiencesDestinationRecipientIssuerOverriddenThenEmitted() throws Exception {
        Element response = dom(idp.response().audiences("urn:amazon:webservices:govcloud", "urn:example")
                .destination("https://signin.amazonaws-us-gov.com/saml").recipient("https://example.test/acs")
                .issuer("http://other.example.test/adfs/services/trust").xml()).getDocumentElement();

        NodeList audiences = response.getElementsByTagNameNS(SAML, "Audience");
        assertThat(List.of(audiences.item(0).getTextContent(), audiences.item(1).getTextContent()))
                .containsExactly("urn:amazon:webservices:govcloud", "urn:example");
        assertThat(response.getAttribute("Destination")).isEqualTo("https://signin.amazonaws-us-gov.com/saml");
        assertThat(only(response, SAML, "SubjectConfirmationData").getAttribute("Recipient"))
                .isEqualTo("https://example.test/acs");
        NodeList issuers = response.getElementsByTagNameNS(SAML, "Issuer");
        assertThat(List.of(issuers.item(0).getTextContent(), issuers.item(1).getTextContent()))
                .containsOnly("http://other.example.test/adfs/services/trust");
    }

    @Test
    void xmlWhenMintedTwiceThenFreshIds() throws Exception {
        SamlResponseBuilder builder = idp.response();

        String first = dom(builder.xml()).getDocumentElement().getAttribute("ID");
        String second = dom(builder.xml()).getDocumentElement().getAttribute("ID");

        assertThat(first).isNotEqualTo(second);
    }
}
