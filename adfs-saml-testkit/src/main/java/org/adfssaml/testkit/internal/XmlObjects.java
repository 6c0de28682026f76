package org.adfssaml.testkit.internal;

import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.security.cert.X509Certificate;

import javax.xml.namespace.QName;

import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.XMLObjectBuilder;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.saml.common.SAMLObjectContentReference;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.KeyInfo;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.X509Data;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Element;
import org.w3c.dom.bootstrap.DOMImplementationRegistry;
import org.w3c.dom.ls.DOMImplementationLS;
import org.w3c.dom.ls.LSOutput;
import org.w3c.dom.ls.LSSerializer;

/** Small OpenSAML helpers: building, signing preparation, marshalling and serialization. */
public final class XmlObjects {

    private XmlObjects() {
    }

    /**
     * Builds an empty XML object for an element name, keeping the name's prefix (an empty prefix
     * gives a default-namespace element, as AD FS writes its assertions).
     *
     * @param <T> the object type
     * @param elementName the element name (namespace, local name, prefix)
     * @return a new object
     */
    @SuppressWarnings("unchecked")
    public static <T extends XMLObject> T build(QName elementName) {
        OpenSamlBootstrap.ensureInitialized();
        XMLObjectBuilder<?> builder = XMLObjectProviderRegistrySupport.getBuilderFactory().getBuilder(elementName);
        if (builder == null) {
            builder = XMLObjectProviderRegistrySupport.getBuilderFactory().getBuilderOrThrow(
                    new QName(elementName.getNamespaceURI(), elementName.getLocalPart()));
        }
        return (T) builder.buildObject(elementName.getNamespaceURI(), elementName.getLocalPart(),
                elementName.getPrefix());
    }

    /**
     * Attaches an (unsigned, not yet computed) enveloped signature to a SAML object; the value is
     * computed by {@link #sign(Signature)} after marshalling.
     *
     * @param target the object to sign
     * @param key the signing key
     * @param certificate the certificate of {@code key}
     * @param includeKeyInfo whether KeyInfo carries the certificate
     * @param signatureAlgorithm the signature algorithm URI
     * @param digestAlgorithm the digest algorithm URI
     * @return the signature
     */
    public static Signature prepareSignature(SignableSAMLObject target, PrivateKey key, X509Certificate certificate,
            boolean includeKeyInfo, String signatureAlgorithm, String digestAlgorithm) {
        Signature signature = build(Signature.DEFAULT_ELEMENT_NAME);
        signature.setSigningCredential(new BasicX509Credential(certificate, key));
        signature.setSignatureAlgorithm(signatureAlgorithm);
        signature.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        if (includeKeyInfo) {
            signature.setKeyInfo(keyInfo(certificate));
        }
        target.setSignature(signature);
        // setSignature added the enveloped + exclusive-c14n reference to the target's ID.
        ((SAMLObjectContentReference) signature.getContentReferences().get(0)).setDigestAlgorithm(digestAlgorithm);
        return signature;
    }

    /**
     * Builds {@code ds:KeyInfo/ds:X509Data/ds:X509Certificate} with the base64 on one line, as AD FS
     * writes it (OpenSAML's own helper breaks it into 76-character lines).
     *
     * @param certificate the certificate
     * @return the KeyInfo
     */
    public static KeyInfo keyInfo(X509Certificate certificate) {
        KeyInfo keyInfo = build(KeyInfo.DEFAULT_ELEMENT_NAME);
        X509Data data = build(X509Data.DEFAULT_ELEMENT_NAME);
        org.opensaml.xmlsec.signature.X509Certificate element =
                build(org.opensaml.xmlsec.signature.X509Certificate.DEFAULT_ELEMENT_NAME);
        try {
            element.setValue(Base64.getEncoder().encodeToString(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("the certificate cannot be encoded: " + e.getMessage(), e);
        }
        data.getX509Certificates().add(element);
        keyInfo.getX509Datas().add(data);
        return keyInfo;
    }

    /**
     * Marshalls an object to DOM (needed before signatures are computed).
     *
     * @param object the object
     * @return its DOM element
     */
    public static Element marshall(XMLObject object) {
        try {
            var marshaller = XMLObjectProviderRegistrySupport.getMarshallerFactory().getMarshaller(object);
            if (marshaller == null) {
                throw new IllegalStateException("no OpenSAML marshaller for " + object.getElementQName());
            }
            return marshaller.marshall(object);
        } catch (MarshallingException e) {
            throw new IllegalStateException("could not marshall " + object.getElementQName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Computes a prepared signature over the already marshalled DOM.
     *
     * @param signature the signature
     */
    public static void sign(Signature signature) {
        try {
            Signer.signObject(signature);
        } catch (SignatureException e) {
            throw new IllegalStateException("could not sign: " + e.getMessage(), e);
        }
    }

    /**
     * Serializes an element without XML declaration and without reformatting (reformatting would
     * break signatures).
     *
     * @param element the element
     * @return the XML text
     */
    public static String serialize(Element element) {
        try {
            DOMImplementationLS ls = (DOMImplementationLS) DOMImplementationRegistry.newInstance()
                    .getDOMImplementation("LS");
            LSSerializer serializer = ls.createLSSerializer();
            serializer.getDomConfig().setParameter("xml-declaration", false);
            LSOutput output = ls.createLSOutput();
            StringWriter writer = new StringWriter();
            output.setCharacterStream(writer);
            output.setEncoding("UTF-8");
            serializer.write(element, output);
            return writer.toString();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no DOM Load/Save implementation: " + e.getMessage(), e);
        }
    }
}
