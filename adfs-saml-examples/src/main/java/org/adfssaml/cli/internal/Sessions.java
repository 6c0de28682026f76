package org.adfssaml.cli.internal;

import java.io.IOException;
import java.nio.file.Path;
import org.adfssaml.core.SamlResponse;
import org.adfssaml.core.SamlValidator;
import org.adfssaml.provider.AdfsSignIn;
import org.adfssaml.provider.AuthMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the sign-in and the SAML validator a command runs with, from its {@link Settings}. */
final class Sessions {

    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

    private Sessions() {
    }

    /** Where {@code login} and {@code credential-process} keep the IdP's token-signing certificates between runs. */
    static Path metadataCache(CliIo io) {
        return io.home().resolve(".aws").resolve("adfs-saml").resolve("metadata");
    }

    static AdfsSignIn signIn(Settings settings, Prompts prompts) {
        AdfsSignIn.Builder builder = AdfsSignIn.builder()
                .idpUrl(settings.requireIdpUrl())
                .authMethod(settings.auth())
                .passwordSource(prompts.passwordSource())
                .mfaHandler(prompts.mfaHandler());
        if (settings.auth() != AuthMethod.KERBEROS) {
            builder.username(prompts.username(settings.username(), settings.profile()));
        } else if (settings.username() != null) {
            builder.username(settings.username());
        }
        if (settings.relyingParty() != null) {
            builder.relyingParty(settings.relyingParty());
        }
        if (settings.caBundle() != null) {
            builder.caBundle(settings.caBundle());
        }
        return builder.build();
    }

    /**
     * The validator for responses the IdP hands us: the configured trust when there is some, an explicit
     * opt-out of the signature check with {@code --no-verify-signature}, else {@code null}: the library's
     * default, which trusts the signing certificates of the IdP's own FederationMetadata.xml fetched over
     * verified TLS from the sign-in origin.
     */
    static SamlValidator validator(Settings settings) throws IOException {
        SamlValidator.Builder builder = SamlValidator.builder();
        if (settings.noVerifySignature()) {
            LOG.warn("SAML signature not verified locally (--no-verify-signature); only AWS STS verifies it");
            return builder.skipSignatureVerification().build();
        }
        if (!settings.hasTrust()) {
            return null;
        }
        for (var pem : settings.trustCerts()) {
            builder.trustedCertificatesPem(pem);
        }
        if (settings.trustMetadata() != null) {
            builder.trustedMetadata(TrustOptions.readMetadata(settings.trustMetadata(), settings.caBundle()));
        }
        return builder.build();
    }

    static SamlResponse signInAndValidate(Settings settings, Prompts prompts) throws IOException {
        SamlValidator configured = validator(settings);
        AdfsSignIn signIn = signIn(settings, prompts);
        SamlValidator validator = configured != null ? configured
                : SamlValidator.builder().trustedCertificates(signIn.fetchFederationMetadata().signingCertificates()).build();
        SamlResponse response = signIn.signIn();
        LOG.debug("signed in; SAML response {} from {}", response.responseId(), response.issuer().orElse("(no issuer)"));
        return validator.validate(response);
    }
}
