package org.adfssaml.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.adfssaml.core.internal.Certificates;
import org.adfssaml.core.internal.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import static org.adfssaml.core.internal.SecureXml.DS;
import static org.adfssaml.core.internal.SecureXml.MD;

/**
 * The signing certificates an AD FS server publishes in its
 * {@code https://HOST/FederationMetadata/2007-06/FederationMetadata.xml}.
 *
 * <pre>{@code
 * FederationMetadata metadata = FederationMetadata.parse(Path.of("FederationMetadata.xml"));
 * SamlValidator validator = SamlValidator.builder()
 *     .trustedCertificates(metadata.signingCertificates())
 *     .build();
 * }</pre>
 *
 * <p>The certificates come from the {@code KeyDescriptor}s (use {@code signing} or unspecified)
 * of the {@code IDPSSODescriptor}; when the metadata has none, from the other role descriptors
 * (AD FS's WS-Federation {@code SecurityTokenServiceType}). AD FS lists the current and the next
 * (rolled-over) certificate, and both are trusted. The metadata's own enveloped signature is
 * <em>not</em> verified: the file is the trust anchor, so obtain it over a channel you trust
 * (e.g. HTTPS to the AD FS host, or from its administrators). Immutable.
 */
public final class FederationMetadata {

    private static final int MAX_BYTES = 10 * 1024 * 1024;

    private final String entityId;
    private final List<X509Certificate> signingCertificates;

    private FederationMetadata(String entityId, List<X509Certificate> signingCertificates) {
        this.entityId = entityId;
        this.signingCertificates = List.copyOf(signingCertificates);
    }

    /**
     * Reads metadata from a file.
     *
     * @param file the FederationMetadata.xml
     * @return the metadata
     * @throws UncheckedIOException    when the file cannot be read
     * @throws SamlValidationException {@code invalid_trust} when it is not SAML metadata with a signing certificate
     */
    public static FederationMetadata parse(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw invalid("expected metadata of at most " + MAX_BYTES + " bytes in " + file + ", found " + Files.size(file) + " bytes");
            }
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read federation metadata " + file, e);
        }
    }

    /**
     * Reads metadata from bytes.
     *
     * @param metadataXml the XML
     * @return the metadata
     * @throws SamlValidationException {@code invalid_trust} when it is not SAML metadata with a signing certificate
     */
    public static FederationMetadata parse(byte[] metadataXml) {
        return parse(metadataXml, "the federation metadata");
    }

    private static FederationMetadata parse(byte[] xml, String source) {
        if (xml.length > MAX_BYTES) {
            throw invalid("expected metadata of at most " + MAX_BYTES + " bytes in " + source + ", found " + xml.length + " bytes");
        }
        Document document;
        try {
            document = SecureXml.parse(xml);
        } catch (XMLParserException e) {
            throw invalid("expected well-formed XML without a DOCTYPE in " + source + ", found: " + e.getMessage());
        }
        Element root = document.getDocumentElement();
        Element entity;
        if (SecureXml.is(root, MD, "EntityDescriptor")) {
            entity = root;
        } else if (SecureXml.is(root, MD, "EntitiesDescriptor")) {
            List<Element> entities = SecureXml.descendants(root, MD, "EntityDescriptor");
            if (entities.size() != 1) {
                throw invalid("expected one md:EntityDescriptor in " + source + ", found " + entities.size());
            }
            entity = entities.get(0);
        } else {
            throw invalid("expected md:EntityDescriptor {" + MD + "} as root of " + source + ", found {"
                    + root.getNamespaceURI() + "}" + root.getLocalName());
        }
        String entityId = SecureXml.attribute(entity, "entityID")
                .orElseThrow(() -> invalid("expected an entityID on the EntityDescriptor of " + source + ", found none"));
        List<X509Certificate> certificates = signingCertificates(SecureXml.children(entity, MD, "IDPSSODescriptor"), source);
        if (certificates.isEmpty()) {
            certificates = signingCertificates(SecureXml.children(entity, MD, "RoleDescriptor"), source);
        }
        if (certificates.isEmpty()) {
            throw invalid("expected a signing certificate (KeyDescriptor use=\"signing\") in " + source + ", found none");
        }
        return new FederationMetadata(entityId, certificates);
    }

    private static List<X509Certificate> signingCertificates(List<Element> descriptors, String source) {
        Map<String, X509Certificate> byDer = new LinkedHashMap<>();
        for (Element descriptor : descriptors) {
            for (Element key : SecureXml.children(descriptor, MD, "KeyDescriptor")) {
                Optional<String> use = SecureXml.attribute(key, "use");
                if (use.isPresent() && !"signing".equals(use.get())) {
                    continue;
                }
                for (Element data : SecureXml.descendants(key, DS, "X509Certificate")) {
                    String base64 = SecureXml.text(data).replaceAll("\\s", "");
                    byDer.computeIfAbsent(base64, b -> Certificates.fromBase64(b, source));
                }
            }
        }
        return new ArrayList<>(byDer.values());
    }

    private static SamlValidationException invalid(String message) {
        return SamlValidationException.of(SamlErrorCodes.INVALID_TRUST, message);
    }

    /**
     * The {@code entityID} of the IdP, e.g. {@code http://adfs.example.com/adfs/services/trust}.
     *
     * @return the entity id
     */
    public String entityId() {
        return entityId;
    }

    /**
     * The IdP's signing certificates, duplicates removed, in document order.
     *
     * @return at least one certificate, immutable
     */
    public List<X509Certificate> signingCertificates() {
        return signingCertificates;
    }

    @Override
    public String toString() {
        return "FederationMetadata[entityId=" + entityId + ", signingCertificates=" + signingCertificates.size() + "]";
    }
}
