package org.adfssaml.core;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.adfssaml.core.internal.OpenSaml;
import org.adfssaml.core.internal.SecureXml;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.saml.common.SAMLObjectContentReference;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.keyinfo.impl.X509KeyInfoGeneratorFactory;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Test-only: a key pair with a self-signed certificate, and SAML responses signed with it by
 * OpenSAML. (The testkit module offers the same to other modules; core must not depend on it.)
 */
final class TestSigning {

    static final Instant NOW = Instant.parse("2031-03-04T05:06:07Z");
    static final String ACCOUNT = "123456789012";
    static final String PROVIDER = "arn:aws:iam::" + ACCOUNT + ":saml-provider/ADFS";
    static final String DEV = "arn:aws:iam::" + ACCOUNT + ":role/AWS-Dev";
    static final String ADMIN = "arn:aws:iam::" + ACCOUNT + ":role/team/AWS-Admin";

    final PrivateKey privateKey;
    final X509Certificate certificate;

    private TestSigning(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = privateKey;
        this.certificate = certificate;
    }

    static TestSigning generate(String cn) {
        return generate(cn, Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2040-01-01T00:00:00Z"));
    }

    static TestSigning generate(String cn, Instant notBefore, Instant notAfter) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair kp = g.generateKeyPair();
            X500Name name = new X500Name("CN=" + cn);
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                    BigInteger.valueOf(System.nanoTime()), Date.from(notBefore), Date.from(notAfter), name, kp.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
            return new TestSigning(kp.getPrivate(), cert);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fields of a response; every one overridable. */
    static final class Spec {
        String responseId = "_r1";
        String assertionId = "_a1";
        String issuer = "http://adfs.example.test/adfs/services/trust";
        Instant issueInstant = NOW;
        Instant notBefore = NOW.minusSeconds(1);
        Instant notOnOrAfter = NOW.plus(Duration.ofHours(1));
        Instant scdNotOnOrAfter = NOW.plus(Duration.ofMinutes(5));
        String destination = "https://signin.aws.amazon.com/saml";
        String recipient = "https://signin.aws.amazon.com/saml";
        String audience = "urn:amazon:webservices";
        String status = SamlResponse.STATUS_SUCCESS;
        String nameId = "EXAMPLE\\jdoe";
        List<String> roles = new ArrayList<>(List.of(PROVIDER + "," + DEV, PROVIDER + "," + ADMIN));
        String roleSessionName = "jdoe@example.test";
        String extraAttributes = "";
        String extraAssertionXml = "";
        boolean withAssertion = true;
        boolean signResponse = false;
        boolean signAssertion = true;
        String signatureAlgorithm = SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256;
        String digestAlgorithm = SignatureConstants.ALGO_ID_DIGEST_SHA256;

        Spec roles(String... values) {
            roles = new ArrayList<>(List.of(values));
            return this;
        }
    }

    static String xml(Spec s) {
        StringBuilder roles = new StringBuilder();
        for (String r : s.roles) {
            roles.append("<saml:AttributeValue>").append(r).append("</saml:AttributeValue>");
        }
        String assertion = !s.withAssertion ? "" : """
                <saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="%s" IssueInstant="%s" Version="2.0">\
                <saml:Issuer>%s</saml:Issuer>\
                <saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">%s</saml:NameID>\
                <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">\
                <saml:SubjectConfirmationData NotOnOrAfter="%s" Recipient="%s"/></saml:SubjectConfirmation></saml:Subject>\
                <saml:Conditions NotBefore="%s" NotOnOrAfter="%s"><saml:AudienceRestriction><saml:Audience>%s</saml:Audience>\
                </saml:AudienceRestriction></saml:Conditions>\
                <saml:AttributeStatement>\
                <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">%s</saml:Attribute>\
                <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue>%s</saml:AttributeValue></saml:Attribute>\
                %s</saml:AttributeStatement>\
                <saml:AuthnStatement AuthnInstant="%s"><saml:AuthnContext><saml:AuthnContextClassRef>\
                urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>\
                </saml:AuthnStatement>%s</saml:Assertion>""".formatted(s.assertionId, s.issueInstant, s.issuer, s.nameId,
                s.scdNotOnOrAfter, s.recipient, s.notBefore, s.notOnOrAfter, s.audience, roles, s.roleSessionName,
                s.extraAttributes, s.issueInstant, s.extraAssertionXml);
        return """
                <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="%s" Version="2.0" IssueInstant="%s" \
                Destination="%s"><saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">%s</saml:Issuer>\
                <samlp:Status><samlp:StatusCode Value="%s"/></samlp:Status>%s</samlp:Response>"""
                .formatted(s.responseId, s.issueInstant, s.destination, s.issuer, s.status, assertion);
    }

    /** Signs the spec's response as it asks (assertion and/or Response) and returns the XML. */
    String signedXml(Spec s) {
        return sign(xml(s), s.signAssertion, s.signResponse, s.signatureAlgorithm, s.digestAlgorithm);
    }

    String signedBase64(Spec s) {
        return Base64.getEncoder().encodeToString(signedXml(s).getBytes(StandardCharsets.UTF_8));
    }

    String sign(String xml, boolean signAssertion, boolean signResponse, String signatureAlgorithm, String digestAlgorithm) {
        try {
            OpenSaml.initialize();
            Document doc = SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8));
            Response response = (Response) OpenSaml.unmarshall(doc.getDocumentElement());
            List<Signature> signatures = new ArrayList<>();
            if (signAssertion) {
                signatures.add(attach(response.getAssertions().get(0), signatureAlgorithm, digestAlgorithm));
            }
            if (signResponse) {
                signatures.add(attach(response, signatureAlgorithm, digestAlgorithm));
            }
            Element element = XMLObjectProviderRegistrySupport.getMarshallerFactory().getMarshaller(response).marshall(response);
            Signer.signObjects(signatures);
            return SerializeSupport.nodeToString(element);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Signature attach(SignableSAMLObject target, String signatureAlgorithm, String digestAlgorithm) throws Exception {
        Signature signature = (Signature) XMLObjectProviderRegistrySupport.getBuilderFactory()
                .getBuilder(Signature.DEFAULT_ELEMENT_NAME).buildObject(Signature.DEFAULT_ELEMENT_NAME);
        BasicX509Credential credential = new BasicX509Credential(certificate, privateKey);
        signature.setSigningCredential(credential);
        signature.setSignatureAlgorithm(signatureAlgorithm);
        signature.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        X509KeyInfoGeneratorFactory keyInfo = new X509KeyInfoGeneratorFactory();
        keyInfo.setEmitEntityCertificate(true);
        signature.setKeyInfo(keyInfo.newInstance().generate(credential));
        target.setSignature(signature);
        ((SAMLObjectContentReference) signature.getContentReferences().get(0)).setDigestAlgorithm(digestAlgorithm);
        return signature;
    }

    /** A plain, namespace-aware DOM for tests that rearrange signed XML (XSW). */
    static Document dom(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String serialize(Document doc) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(w));
            return w.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String base64(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }
}
