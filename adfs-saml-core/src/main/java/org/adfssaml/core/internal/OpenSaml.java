package org.adfssaml.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.namespace.QName;

import net.shibboleth.utilities.java.support.xml.AttributeSupport;
import net.shibboleth.utilities.java.support.xml.DOMTypeSupport;
import net.shibboleth.utilities.java.support.xml.ElementSupport;
import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.opensaml.core.config.ConfigurationService;
import org.opensaml.core.config.InitializationException;
import org.opensaml.core.config.Initializer;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.XMLObjectBuilder;
import org.opensaml.core.xml.config.XMLConfigurator;
import org.opensaml.core.xml.config.XMLObjectProviderRegistry;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.Marshaller;
import org.opensaml.core.xml.io.Unmarshaller;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * OpenSAML initialisation, done once, lazily and thread-safely, only by the code paths that need
 * XMLObjects (signature verification, signing in tests). Parsing a response for its roles never
 * triggers it: it uses only the parser pool.
 */
public final class OpenSaml {

    /*
     * What InitializationService.initialize() would run, minus what this library never uses:
     * SOAP, SAML 1, WS-*, encryption and the SAML 2 extension object providers, metrics, the
     * decryption parser pool, and opensaml-security-impl's HttpClient/TLS initialisers (which need
     * the excluded Apache HttpClient 4 and would fail with NoClassDefFoundError:
     * org/apache/http/auth/Credentials). Every object provider costs class loading at start-up:
     * the narrow list below cuts about a fifth of OpenSAML's initialisation (BENCHMARKS.md).
     * An element without a provider still unmarshalls (as xs:any), so an unexpected extension in
     * a response is not an error here. Order as in OpenSAML's own service files: object providers
     * first, then XML Security, then security configuration.
     */
    private static final List<Initializer> INITIALIZERS = List.of(
            new ObjectProviders("/default-config.xml", "/schema-config.xml", "/signature-config.xml",
                    "/saml2-assertion-config.xml", "/saml2-protocol-config.xml"),
            new org.opensaml.xmlsec.config.GlobalAlgorithmRegistryInitializer(),
            new org.opensaml.xmlsec.config.impl.JavaCryptoValidationInitializer(),
            new org.opensaml.xmlsec.config.impl.ApacheXMLSecurityInitializer(),
            new org.opensaml.xmlsec.config.impl.GlobalSecurityConfigurationInitializer(),
            new org.opensaml.saml.config.impl.SAMLConfigurationInitializer());

    /**
     * Registers the object providers of the given configuration files of OpenSAML's own jars, as
     * {@code XMLConfigurator} would, without it: its {@code load(Document)} serialises every file to a string for a
     * TRACE message whether or not TRACE is on and schema-validates it, and its constructor compiles that schema
     * even when {@code load(Element)} never uses it; together about half of OpenSAML's start-up CPU (BENCHMARKS.md,
     * cold login). The files are OpenSAML's own, read from its jars, so the schema check has nothing to catch; a
     * missing file, an unknown element or a class that cannot be made is still an error.
     */
    private static final class ObjectProviders implements Initializer {
        private final List<String> resources;

        ObjectProviders(String... resources) {
            this.resources = List.of(resources);
        }

        @Override
        public void init() throws InitializationException {
            XMLObjectProviderRegistry registry = registry();
            for (String resource : resources) {
                try (InputStream in = OpenSaml.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new InitializationException("OpenSAML configuration " + resource + " not found on the class path");
                    }
                    register(registry, resource, SecureXml.parse(in.readAllBytes()).getDocumentElement());
                } catch (XMLParserException | IOException e) {
                    throw new InitializationException("cannot read OpenSAML configuration " + resource + ": "
                            + e.getMessage(), e);
                }
            }
        }

        private static XMLObjectProviderRegistry registry() {
            synchronized (ConfigurationService.class) {
                XMLObjectProviderRegistry registry = ConfigurationService.get(XMLObjectProviderRegistry.class);
                if (registry == null) {
                    registry = new XMLObjectProviderRegistry();
                    ConfigurationService.register(XMLObjectProviderRegistry.class, registry);
                }
                return registry;
            }
        }

        private static void register(XMLObjectProviderRegistry registry, String resource, Element configuration)
                throws InitializationException {
            for (Element section : children(configuration, null)) {
                switch (section.getLocalName()) {
                    case "ObjectProviders" -> {
                        for (Element provider : children(section, "ObjectProvider")) {
                            QName name = AttributeSupport.getAttributeValueAsQName(
                                    provider.getAttributeNodeNS(null, "qualifiedName"));
                            if (name == null) {
                                throw new InitializationException(resource + ": an ObjectProvider without qualifiedName");
                            }
                            registry.registerObjectProvider(name,
                                    instance(resource, provider, "BuilderClass", XMLObjectBuilder.class),
                                    instance(resource, provider, "MarshallingClass", Marshaller.class),
                                    instance(resource, provider, "UnmarshallingClass", Unmarshaller.class));
                        }
                    }
                    case "IDAttributes" -> {
                        for (Element id : children(section, "IDAttribute")) {
                            registry.registerIDAttribute(ElementSupport.getElementContentAsQName(id));
                        }
                    }
                    default -> throw new InitializationException(resource + ": unexpected element " + section.getLocalName()
                            + ", expected ObjectProviders or IDAttributes");
                }
            }
        }

        private static List<Element> children(Element parent, String localName) {
            List<Element> children = new ArrayList<>();
            for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element child && XMLConfigurator.XMLTOOLING_CONFIG_NS.equals(child.getNamespaceURI())
                        && (localName == null || localName.equals(child.getLocalName()))) {
                    children.add(child);
                }
            }
            return children;
        }

        private static <T> T instance(String resource, Element provider, String role, Class<T> type)
                throws InitializationException {
            List<Element> declared = children(provider, role);
            String className = declared.size() == 1 ? declared.get(0).getAttributeNS(null, "className").trim() : "";
            if (className.isEmpty()) {
                throw new InitializationException(resource + ": " + provider.getAttributeNS(null, "qualifiedName")
                        + " needs exactly one " + role + " with a className, found " + declared.size());
            }
            try {
                return type.cast(Class.forName(className, true, XMLConfigurator.class.getClassLoader())
                        .getConstructor().newInstance());
            } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
                throw new InitializationException(resource + ": cannot make " + role + " " + className + ": " + e, e);
            }
        }
    }

    private OpenSaml() {
    }

    // Holder idiom: the JVM runs this class initialiser exactly once, under its own lock, on first
    // access; no volatile/double-checked locking needed and no cost until then.
    private static final class Holder {
        static final boolean INITIALIZED = init();

        private static boolean init() {
            try {
                for (Initializer initializer : INITIALIZERS) {
                    initializer.init();
                }
            } catch (InitializationException e) {
                throw new IllegalStateException("cannot initialise OpenSAML", e);
            }
            // Objects that parse on their own (e.g. metadata resolvers) get the same secure pool.
            XMLObjectProviderRegistrySupport.setParserPool(SecureXml.parserPool());
            // The first unmarshalling initialises this class: a DatatypeFactory found by a service-loader scan of the
            // class path. Done here so that it happens where initialisation runs ahead of the first response.
            DOMTypeSupport.getDataTypeFactory();
            return true;
        }
    }

    // SAML 2.0 metadata objects: validation reads metadata as DOM and never needs them; the testkit builds and signs
    // FederationMetadata with them. A quarter of all object providers, so only on request.
    private static final class MetadataHolder {
        static final boolean INITIALIZED = init();

        private static boolean init() {
            initialize();
            try {
                new ObjectProviders("/saml2-metadata-config.xml").init();
            } catch (InitializationException e) {
                throw new IllegalStateException("cannot initialise OpenSAML's metadata objects", e);
            }
            return true;
        }
    }

    /**
     * Initialises OpenSAML, and its SAML 2.0 metadata object providers, if nobody has yet.
     *
     * @throws IllegalStateException if OpenSAML cannot be initialised
     */
    public static void initializeWithMetadata() {
        if (!MetadataHolder.INITIALIZED) {
            throw new IllegalStateException("OpenSAML metadata objects not initialised");
        }
    }

    /**
     * Initialises OpenSAML if nobody has yet.
     *
     * @throws IllegalStateException if OpenSAML cannot be initialised
     */
    public static void initialize() {
        if (!Holder.INITIALIZED) {
            throw new IllegalStateException("OpenSAML not initialised");
        }
    }

    /**
     * Unmarshalls a DOM element into its OpenSAML object (the DOM stays attached to it).
     *
     * @param element the element
     * @return the XMLObject
     * @throws UnmarshallingException when no unmarshaller fits or the element is invalid
     */
    public static XMLObject unmarshall(Element element) throws UnmarshallingException {
        initialize();
        Unmarshaller unmarshaller = XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshaller(element);
        if (unmarshaller == null) {
            throw new UnmarshallingException("no unmarshaller for {" + element.getNamespaceURI() + "}" + element.getLocalName());
        }
        return unmarshaller.unmarshall(element);
    }
}
