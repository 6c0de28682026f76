package org.adfssaml.provider.internal.signin;

import java.util.List;

import org.adfssaml.provider.AuthMethod;
import org.apache.hc.client5.http.auth.StandardAuthScheme;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.ietf.jgss.GSSCredential;
import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.impl.auth.NTLMSchemeFactory;

/**
 * Auth schemes for Windows integrated authentication: NTLM is HttpClient 5's scheme (deprecated in
 * 5.6, still present and working; confined to this class); SPNEGO is our {@link NegotiateScheme}
 * (HttpClient's logs its tokens).
 */
@SuppressWarnings("deprecation")
final class IntegratedAuth {

    private IntegratedAuth() {
    }

    /**
     * Registers the one scheme of the method (none for forms) and makes it the preferred one.
     */
    static void register(AuthMethod method, GSSCredential kerberos, String idpHost, RegistryBuilder<AuthSchemeFactory> schemes,
            RequestConfig.Builder config) {
        if (method == AuthMethod.KERBEROS && kerberos != null) {
            schemes.register(NegotiateScheme.NAME, NegotiateScheme.factory(kerberos, idpHost));
            config.setTargetPreferredAuthSchemes(List.of(NegotiateScheme.NAME));
        } else if (method == AuthMethod.NTLM) {
            schemes.register(StandardAuthScheme.NTLM, ntlmFactory());
            config.setTargetPreferredAuthSchemes(List.of(StandardAuthScheme.NTLM));
        }
    }

    static AuthSchemeFactory ntlmFactory() {
        return NTLMSchemeFactory.INSTANCE;
    }
}
