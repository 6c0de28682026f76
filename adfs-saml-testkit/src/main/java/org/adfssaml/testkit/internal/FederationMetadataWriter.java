package org.adfssaml.testkit.internal;

import java.net.URI;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.UUID;

import javax.xml.namespace.QName;

import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.IDPSSODescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.saml.saml2.metadata.NameIDFormat;
import org.opensaml.saml.saml2.metadata.SingleLogoutService;
import org.opensaml.saml.saml2.metadata.SingleSignOnService;
import org.opensaml.security.credential.UsageType;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;

/**
 * Writes {@code FederationMetadata.xml} in AD FS's shape: a signed {@code EntityDescriptor}
 * (default metadata namespace) whose {@code IDPSSODescriptor} lists the token-signing certificate
 * ({@code KeyDescriptor use="signing"}), logout and sign-on endpoints at {@code /adfs/ls/} and the
 * NameID formats AD FS advertises.
 */
public final class FederationMetadataWriter {

    private static final List<String> NAME_ID_FORMATS = List.of(
            "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:transient");

    private FederationMetadataWriter() {
    }

    /**
     * Writes the metadata document.
     *
     * @param entityId the IdP's entity ID (its issuer)
     * @param ssoBase the {@code https://HOST/} base the {@code /adfs/ls/} endpoints are resolved against
     * @param key the key signing the metadata
     * @param certificate the token-signing certificate
     * @return the XML text
     */
    public static String write(String entityId, URI ssoBase, PrivateKey key, X509Certificate certificate) {
        String location = ssoBase.resolve("/adfs/ls/").toString();
        EntityDescriptor entity = XmlObjects.build(md(EntityDescriptor.DEFAULT_ELEMENT_LOCAL_NAME));
        entity.setID("_" + UUID.randomUUID());
        entity.setEntityID(entityId);

        IDPSSODescriptor idp = XmlObjects.build(md(IDPSSODescriptor.DEFAULT_ELEMENT_LOCAL_NAME));
        idp.addSupportedProtocol(SAMLConstants.SAML20P_NS);
        idp.getKeyDescriptors().add(keyDescriptor(UsageType.ENCRYPTION, certificate));
        idp.getKeyDescriptors().add(keyDescriptor(UsageType.SIGNING, certificate));
        for (String binding : List.of(SAMLConstants.SAML2_REDIRECT_BINDING_URI, SAMLConstants.SAML2_POST_BINDING_URI)) {
            SingleLogoutService logout = XmlObjects.build(md(SingleLogoutService.DEFAULT_ELEMENT_LOCAL_NAME));
            logout.setBinding(binding);
            logout.setLocation(location);
            idp.getSingleLogoutServices().add(logout);
        }
        for (String format : NAME_ID_FORMATS) {
            NameIDFormat nameIdFormat = XmlObjects.build(md(NameIDFormat.DEFAULT_ELEMENT_LOCAL_NAME));
            nameIdFormat.setURI(format);
            idp.getNameIDFormats().add(nameIdFormat);
        }
        for (String binding : List.of(SAMLConstants.SAML2_REDIRECT_BINDING_URI, SAMLConstants.SAML2_POST_BINDING_URI)) {
            SingleSignOnService sso = XmlObjects.build(md(SingleSignOnService.DEFAULT_ELEMENT_LOCAL_NAME));
            sso.setBinding(binding);
            sso.setLocation(location);
            idp.getSingleSignOnServices().add(sso);
        }
        entity.getRoleDescriptors().add(idp);

        Signature signature = XmlObjects.prepareSignature(entity, key, certificate, true,
                SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256, SignatureConstants.ALGO_ID_DIGEST_SHA256);
        var element = XmlObjects.marshall(entity);
        XmlObjects.sign(signature);
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + XmlObjects.serialize(element);
    }

    private static QName md(String localName) {
        return new QName(SAMLConstants.SAML20MD_NS, localName, "");
    }

    private static KeyDescriptor keyDescriptor(UsageType use, X509Certificate certificate) {
        KeyDescriptor descriptor = XmlObjects.build(md(KeyDescriptor.DEFAULT_ELEMENT_LOCAL_NAME));
        descriptor.setUse(use);
        descriptor.setKeyInfo(XmlObjects.keyInfo(certificate));
        return descriptor;
    }
}
