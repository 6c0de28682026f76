package org.adfssaml.provider.internal.signin;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.adfssaml.provider.AdfsSignInException;
import org.adfssaml.provider.AuthMethod;
import org.adfssaml.provider.MfaHandler;

/**
 * Fetches a federation metadata document through the sign-in's own HTTP machinery: TLS verified with the JDK's trust
 * plus the sign-in's CA bundle / trust store, the sign-in's timeouts, proxy and size limit, redirects followed only
 * within the URL's origin, plain http only to loopback. No credentials and no cookies from a sign-in are sent.
 */
public final class MetadataFetch {

    private MetadataFetch() {
    }

    /**
     * @param signIn the settings of the sign-in whose TLS trust, timeouts, proxy and size limit apply, or {@code null}
     *               for the defaults (JDK trust, 10 s connect, 30 s read, 2 MiB)
     * @param url    the metadata URL
     * @return the document's bytes (UTF-8)
     * @throws AdfsSignInException when a guard refuses the URL or a redirect, on a transport or TLS error, or when the
     *                             answer is not HTTP 200
     */
    public static byte[] fetch(SignInSettings signIn, URI url) {
        SignInSettings settings = signIn != null ? forUrl(signIn, url) : defaults(url);
        try (HttpSession http = new HttpSession(settings, null, null, System.getenv())) {
            HttpSession.Response response = http.get(url);
            if (response.status() != 200) {
                throw new AdfsSignInException("expected HTTP 200 with the metadata XML, found HTTP " + response.status()
                        + " from " + EntryUrl.withoutQuery(response.url()));
            }
            return response.body().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static SignInSettings forUrl(SignInSettings s, URI url) {
        return new SignInSettings(url, AuthMethod.FORMS, null, null, MfaHandler.decline(), s.relyingParty(), false,
                s.caBundle(), s.trustStore(), s.connectTimeout(), s.readTimeout(), s.maxResponseBytes(), s.maxRedirects(),
                s.mfaPollInterval(), s.mfaTimeout(), s.userAgent(), s.proxy(), null, null, null, s.tls());
    }

    private static SignInSettings defaults(URI url) {
        return new SignInSettings(url, AuthMethod.FORMS, null, null, MfaHandler.decline(), "urn:amazon:webservices", false,
                null, null, Duration.ofSeconds(10), Duration.ofSeconds(30), 2 * 1024 * 1024, 10, Duration.ofSeconds(2),
                Duration.ofMinutes(2), "adfs-saml", null, null, null, null, new SharedTlsContext(null, List.of(), null));
    }
}
