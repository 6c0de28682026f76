package org.adfssaml.testkit.internal;

/**
 * Initializes OpenSAML through core's {@link org.adfssaml.core.OpenSamlBootstrap} (once per JVM,
 * thread-safe, without the HttpClient 4 initializers this project excludes).
 *
 * <p>Before that it sets {@code org.apache.xml.security.ignoreLineBreaks=true} (unless already
 * set) so minted signatures look like AD FS's, without line breaks. Santuario reads the property
 * once, when it is first loaded; if something loaded it earlier the signatures are merely wrapped,
 * and still valid.
 */
public final class OpenSamlBootstrap {

    private static final String IGNORE_LINE_BREAKS = "org.apache.xml.security.ignoreLineBreaks";

    private OpenSamlBootstrap() {
    }

    /** Initializes OpenSAML unless it (or core, or the application) already did. */
    public static void ensureInitialized() {
        if (System.getProperty(IGNORE_LINE_BREAKS) == null) {
            System.setProperty(IGNORE_LINE_BREAKS, "true");
        }
        org.adfssaml.core.OpenSamlBootstrap.initializeWithMetadata();
    }
}
