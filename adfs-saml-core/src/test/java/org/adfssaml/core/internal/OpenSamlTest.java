package org.adfssaml.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class OpenSamlTest {

    private static final String CONFIG_NS = "http://www.opensaml.org/xmltooling-config";

    /** Read here with the JDK's own parser, independently of OpenSaml's loader. */
    private static List<String[]> declaredProviders(String resource) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        Document document;
        try (InputStream in = OpenSaml.class.getResourceAsStream(resource)) {
            document = factory.newDocumentBuilder().parse(in);
        }
        List<String[]> providers = new ArrayList<>();
        NodeList list = document.getElementsByTagNameNS(CONFIG_NS, "ObjectProvider");
        for (int i = 0; i < list.getLength(); i++) {
            Element provider = (Element) list.item(i);
            String[] prefixed = provider.getAttribute("qualifiedName").split(":");
            providers.add(new String[] {provider.lookupNamespaceURI(prefixed[0]), prefixed[1],
                    className(provider, "BuilderClass"), className(provider, "MarshallingClass"),
                    className(provider, "UnmarshallingClass")});
        }
        return providers;
    }

    private static String className(Element provider, String role) {
        return ((Element) provider.getElementsByTagNameNS(CONFIG_NS, role).item(0)).getAttribute("className");
    }

    @Test
    void initializeWhenDoneThenEveryProviderOfTheConfigurationFilesIsRegisteredWithItsClasses() throws Exception {
        OpenSaml.initialize();

        int checked = 0;
        for (String resource : List.of("/default-config.xml", "/schema-config.xml", "/signature-config.xml",
                "/saml2-assertion-config.xml", "/saml2-protocol-config.xml")) {
            for (String[] declared : declaredProviders(resource)) {
                QName name = new QName(declared[0], declared[1]);
                assertThat(XMLObjectProviderRegistrySupport.getBuilderFactory().getBuilder(name))
                        .as("builder of %s in %s", name, resource).isNotNull()
                        .extracting(builder -> builder.getClass().getName()).isEqualTo(declared[2]);
                assertThat(XMLObjectProviderRegistrySupport.getMarshallerFactory().getMarshaller(name))
                        .as("marshaller of %s", name).isNotNull()
                        .extracting(marshaller -> marshaller.getClass().getName()).isEqualTo(declared[3]);
                assertThat(XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshaller(name))
                        .as("unmarshaller of %s", name).isNotNull()
                        .extracting(unmarshaller -> unmarshaller.getClass().getName()).isEqualTo(declared[4]);
                checked++;
            }
        }
        // 1 default + 8 schema types + 42 signature + 49 assertion + 54 protocol elements in OpenSAML 4.0.1
        assertThat(checked).isEqualTo(154);
        assertThat(XMLObjectProviderRegistrySupport.getBuilderFactory()
                .getBuilder(new QName("urn:oasis:names:tc:SAML:2.0:protocol", "Response")).getClass().getName())
                .isEqualTo("org.opensaml.saml.saml2.core.impl.ResponseBuilder");
    }
}
