/**
 * The AD FS sign-in behind {@link org.adfssaml.provider.AdfsSignIn} (internal, may change):
 *
 * <ul>
 *   <li>{@link org.adfssaml.provider.internal.signin.PageClassifier}: a pure function of URL + HTML deciding
 *       the {@link org.adfssaml.provider.internal.signin.PageKind} and the ONE form (and its successful
 *       controls) that would be posted.</li>
 *   <li>{@link org.adfssaml.provider.internal.signin.SignInFlow}: the state machine that acts on pages;
 *       never posts a password twice, never retries a refusal, remembers refused passwords through
 *       {@link org.adfssaml.provider.internal.signin.RefusalMemory} (salted hash only).</li>
 *   <li>{@link org.adfssaml.provider.internal.signin.HttpSession}: HttpClient 5 classic with redirects
 *       followed by hand (origin checked before every hop), size limits, timeouts, TLS trust from
 *       {@link org.adfssaml.provider.internal.signin.TrustMaterial}, proxies, its own cookie handling and
 *       connections that never feed HttpClient's wire/header loggers (which would print passwords, the
 *       SAMLResponse and session cookies).</li>
 *   <li>{@link org.adfssaml.provider.internal.signin.KerberosLogin}: JAAS Krb5LoginModule configured in code
 *       (ticket cache, keytab or password) giving an SPNEGO credential to our JDK-GSS
 *       {@link org.apache.hc.client5.http.auth.AuthScheme} {@code NegotiateScheme} (HttpClient 5's own
 *       {@code SPNegoScheme}, deprecated in 5.6, logs every token at DEBUG); NTLM uses HttpClient's NTLM
 *       scheme (deprecated in 5.6, present and working) with {@code NTCredentials}. Tested against an
 *       embedded KDC and the emulator's NTLMv2 verifier.</li>
 * </ul>
 */
package org.adfssaml.provider.internal.signin;
