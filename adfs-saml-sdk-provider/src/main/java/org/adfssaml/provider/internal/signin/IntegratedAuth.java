package org.adfssaml.provider.internal.signin;

import org.apache.hc.client5.http.SystemDefaultDnsResolver;
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
