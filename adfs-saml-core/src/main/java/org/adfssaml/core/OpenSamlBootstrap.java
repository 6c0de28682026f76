package org.adfssaml.core;

import org.adfssaml.core.internal.OpenSaml;

/**
 * Initialises the parts of OpenSAML 4 this library uses (XML object providers for SAML 2.0 and
 * XML Signature, Apache Santuario, the algorithm registry, the default security configuration),
 * once per JVM, lazily and thread-safely. {@link SamlValidator} calls it itself; call it only
 * when your own code uses OpenSAML next to adfs-saml-core, e.g. to sign test responses:
 *
 * <pre>{@code
 * OpenSamlBootstrap.initialize();
 * Signer.signObject(signature);
 * }</pre>
 *
 * <p>Do not call OpenSAML's {@code InitializationService.initialize()} with this library's
 * dependencies: it also runs {@code opensaml-security-impl}'s HttpClient initialisers, which
 * need the excluded Apache HttpClient 4 and fail with
 * {@code NoClassDefFoundError: org/apache/http/auth/Credentials}.
 */
public final class OpenSamlBootstrap {

    private OpenSamlBootstrap() {
    }

    /**
     * Initialises OpenSAML unless already done; cheap after the first call.
     *
     * @throws IllegalStateException if OpenSAML cannot be initialised
     */
    public static void initialize() {
        OpenSaml.initialize();
    }

    /**
     * Initialises OpenSAML as {@link #initialize()} does, plus the SAML 2.0 metadata object providers
     * ({@code EntityDescriptor} and the rest), which validation does not use and so does not load: for code that
     * builds or signs metadata with OpenSAML objects. Cheap after the first call.
     *
     * @throws IllegalStateException if OpenSAML cannot be initialised
     */
    public static void initializeWithMetadata() {
        OpenSaml.initializeWithMetadata();
    }
}
