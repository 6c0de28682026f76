package org.adfssaml.testkit.internal;

import java.util.ServiceLoader;

import org.opensaml.core.config.ConfigurationService;
import org.opensaml.core.config.InitializationException;
import org.opensaml.core.config.Initializer;
import org.opensaml.core.xml.config.XMLObjectProviderRegistry;
import org.opensaml.saml.saml2.core.Response;

/**
 * Initializes OpenSAML exactly once per class loader.
 *
 * <p>This does what {@code InitializationService.initialize()} does, minus the initializer of
 * OpenSAML's HttpClient 4 security configuration: the project excludes HttpClient 4 (it would
 * bring commons-logging), and that one initializer would fail with {@code NoClassDefFoundError}.
 * It also sets {@code org.apache.xml.security.ignoreLineBreaks=true} (unless set) so signatures
 * look like AD FS's, without line breaks. OpenSAML's registries are global; two threads initializing at the same moment could observe a
 * half-filled registry, hence the lock.
 */
public final class OpenSamlBootstrap {

    private static final String HTTP_CLIENT_INITIALIZER =
            "org.opensaml.security.config.impl.HttpClientSecurityConfigurationInitalizer";
    private static final String IGNORE_LINE_BREAKS = "org.apache.xml.security.ignoreLineBreaks";
    private static final Object LOCK = new Object();
    private static volatile boolean initialized;

    private OpenSamlBootstrap() {
    }

    /** Initializes OpenSAML unless it (or core, or the application) already did. */
    public static void ensureInitialized() {
        if (initialized) {
            return;
        }
        synchronized (LOCK) {
            if (initialized) {
                return;
            }
            // AD FS writes signatures without line breaks; Santuario reads this once, when it is first loaded.
            if (System.getProperty(IGNORE_LINE_BREAKS) == null) {
                System.setProperty(IGNORE_LINE_BREAKS, "true");
            }
            XMLObjectProviderRegistry registry = ConfigurationService.get(XMLObjectProviderRegistry.class);
            if (registry == null || registry.getBuilderFactory().getBuilder(Response.DEFAULT_ELEMENT_NAME) == null) {
                for (Initializer initializer : ServiceLoader.load(Initializer.class)) {
                    if (HTTP_CLIENT_INITIALIZER.equals(initializer.getClass().getName())) {
                        continue;
                    }
                    try {
                        initializer.init();
                    } catch (InitializationException e) {
                        throw new IllegalStateException("OpenSAML could not be initialized by "
                                + initializer.getClass().getName() + ": " + e.getMessage(), e);
                    }
                }
            }
            initialized = true;
        }
    }
}
