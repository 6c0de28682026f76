package org.adfssaml.core.internal;

import org.opensaml.core.config.InitializationException;
import org.opensaml.core.config.InitializationService;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.Unmarshaller;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.w3c.dom.Element;

/**
 * OpenSAML initialisation, done once, lazily and thread-safely, only by the code paths that need
 * XMLObjects (signature verification, signing in tests). Parsing a response for its roles never
 * triggers it.
 */
public final class OpenSaml {

    private OpenSaml() {
    }

    // Holder idiom: the JVM runs this class initialiser exactly once, under its own lock, on first
    // access; no volatile/double-checked locking needed and no cost until then.
    private static final class Holder {
        static final boolean INITIALIZED = init();

        private static boolean init() {
            try {
                InitializationService.initialize();
            } catch (InitializationException e) {
                throw new IllegalStateException("cannot initialise OpenSAML", e);
            }
            return true;
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
