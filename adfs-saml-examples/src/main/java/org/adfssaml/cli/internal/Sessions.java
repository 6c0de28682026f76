package org.adfssaml.cli.internal;

import java.io.IOException;
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
     * The validator for responses the IdP hands us: the configured trust when there is some; without trust
     * the signature is left to AWS (which checks it against the SAML provider's metadata) and everything
     * else is still checked here.
     */
    static SamlValidator validator(Settings settings) throws IOException {
        SamlValidator.Builder builder = SamlValidator.builder();
        if (settings.noVerifySignature() || !settings.hasTrust()) {
            LOG.debug("SAML signature not verified locally ({}); AWS STS verifies it",
                    settings.noVerifySignature() ? "--no-verify-signature" : "no --trust-cert/--trust-metadata");
            return builder.skipSignatureVerification().build();
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
        SamlValidator validator = validator(settings);
        SamlResponse response = signIn(settings, prompts).signIn();
        LOG.debug("signed in; SAML response {} from {}", response.responseId(), response.issuer().orElse("(no issuer)"));
        return validator.validate(response);
    }
}
