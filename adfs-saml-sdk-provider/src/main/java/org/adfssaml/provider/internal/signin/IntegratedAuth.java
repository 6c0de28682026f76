package org.adfssaml.provider.internal.signin;

import java.util.List;

import org.adfssaml.provider.AuthMethod;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.auth.Credentials;
import org.apache.hc.client5.http.auth.KerberosCredentials;
import org.apache.hc.client5.http.auth.StandardAuthScheme;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.ietf.jgss.GSSCredential;
import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.auth.KerberosConfig;
import org.apache.hc.client5.http.impl.auth.NTLMSchemeFactory;
import org.apache.hc.client5.http.impl.auth.SPNegoSchemeFactory;

/**
 * HttpClient 5 auth schemes for Windows integrated authentication. HttpClient 5.6 deprecates
 * its SPNEGO and NTLM schemes (they remain and work); they are confined to this class.
 */
@SuppressWarnings("deprecation")
final class IntegratedAuth {

    private IntegratedAuth() {
    }

    /**
     * Registers the one scheme of the method (none for forms) and makes it the preferred one.
     */
    static void register(AuthMethod method, RegistryBuilder<AuthSchemeFactory> schemes, RequestConfig.Builder config) {
        if (method == AuthMethod.KERBEROS) {
            schemes.register(StandardAuthScheme.SPNEGO, spnegoFactory());
            config.setTargetPreferredAuthSchemes(List.of(StandardAuthScheme.SPNEGO));
        } else if (method == AuthMethod.NTLM) {
            schemes.register(StandardAuthScheme.NTLM, ntlmFactory());
            config.setTargetPreferredAuthSchemes(List.of(StandardAuthScheme.NTLM));
        }
    }

    /**
     * @param credential an SPNEGO initiator credential
     * @return HttpClient credentials carrying it
     */
    static Credentials kerberos(GSSCredential credential) {
        return new KerberosCredentials(credential);
    }

    /**
     * SPNEGO for the service principal {@code HTTP/<host of the URL>}: the port is stripped and
     * the host is not canonicalised through reverse DNS (AD FS farms are addressed by their
     * service name, which is what the SPN is registered for).
     */
    static AuthSchemeFactory spnegoFactory() {
        KerberosConfig config = KerberosConfig.custom()
                .setStripPort(true)
                .setUseCanonicalHostname(false)
                .setRequestDelegCreds(KerberosConfig.Option.DISABLE)
                .build();
        return new SPNegoSchemeFactory(config, SystemDefaultDnsResolver.INSTANCE);
    }

    static AuthSchemeFactory ntlmFactory() {
        return NTLMSchemeFactory.INSTANCE;
    }
}
