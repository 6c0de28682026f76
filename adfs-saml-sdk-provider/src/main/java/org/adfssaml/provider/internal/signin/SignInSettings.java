package org.adfssaml.provider.internal.signin;

import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.function.Supplier;

import org.adfssaml.provider.AuthMethod;
import org.adfssaml.provider.MfaHandler;

/**
 * The validated configuration of one {@code AdfsSignIn}, handed to the flow.
 *
 * @param entryUrl            the first URL fetched
 * @param authMethod          forms, Kerberos or NTLM
 * @param username            the user name, may be null for Kerberos
 * @param passwordSource      supplies a fresh password array, may be null for Kerberos
 * @param mfaHandler          answers MFA challenges
 * @param relyingParty        identifier or display name chosen on the picker page
 * @param keepMeSignedIn      post {@code Kmsi=true}
 * @param caBundle            extra trusted CA certificates (PEM), may be null
 * @param trustStore          extra trusted certificates, may be null
 * @param connectTimeout      connect timeout
 * @param readTimeout         socket read timeout
 * @param maxResponseBytes    body size limit
 * @param maxRedirects        redirect limit per request
 * @param mfaPollInterval     push polling interval
 * @param mfaTimeout          push approval timeout
 * @param userAgent           User-Agent header
 * @param proxy               explicit proxy, may be null
 * @param kerberosPrincipal   principal for keytab/password login, may be null
 * @param kerberosKeytab      keytab, may be null
 * @param kerberosTicketCache ticket cache, may be null
 * @param tls                 the TLS context built from {@code caBundle} and {@code trustStore}, shared by every
 *                            session of one sign-in
 */
public record SignInSettings(
        URI entryUrl,
        AuthMethod authMethod,
        String username,
        Supplier<char[]> passwordSource,
        MfaHandler mfaHandler,
        String relyingParty,
        boolean keepMeSignedIn,
        Path caBundle,
        KeyStore trustStore,
        Duration connectTimeout,
        Duration readTimeout,
        int maxResponseBytes,
        int maxRedirects,
        Duration mfaPollInterval,
        Duration mfaTimeout,
        String userAgent,
        URI proxy,
        String kerberosPrincipal,
        Path kerberosKeytab,
        Path kerberosTicketCache,
        SharedTlsContext tls) {

    @Override
    public String toString() {
        return "SignInSettings[entryUrl=" + EntryUrl.withoutQuery(entryUrl) + ", authMethod=" + authMethod + "]";
    }
}
