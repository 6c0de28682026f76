package org.adfssaml.provider.internal.signin;

import java.security.Principal;
import java.util.Base64;
import java.util.Locale;

import org.apache.hc.client5.http.auth.AuthChallenge;
import org.apache.hc.client5.http.auth.AuthScheme;
import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.auth.AuthenticationException;
import org.apache.hc.client5.http.auth.CredentialsProvider;
import org.apache.hc.client5.http.auth.MalformedChallengeException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPNEGO ({@code Negotiate}) with the JDK's GSS-API, for the service {@code HTTP@<host of the URL>}
 * (no reverse-DNS canonicalisation, port stripped).
 *
 * <p>Written here instead of using HttpClient 5's {@code SPNegoScheme} because that scheme (deprecated
 * in 5.6) logs every generated token at DEBUG ({@code GGSSchemeBase: Sending response 'YII...'}): a
 * Kerberos authenticator that must not end up in an application's logs. This one never logs a token.
 * It only answers challenges from the IdP host it was made for.
 */
final class NegotiateScheme implements AuthScheme {
    private static final Logger LOG = LoggerFactory.getLogger(NegotiateScheme.class);
    static final String NAME = "Negotiate";

    private enum State { UNINITIATED, CHALLENGE_RECEIVED, TOKEN_GENERATED, FAILED }

    private final GSSCredential credential;
    private final String idpHost;
    private GSSContext context;
    private byte[] inputToken;
    private State state = State.UNINITIATED;

    private NegotiateScheme(GSSCredential credential, String idpHost) {
        this.credential = credential;
        this.idpHost = idpHost.toLowerCase(Locale.ROOT);
    }

    /**
     * @param credential the SPNEGO initiator credential
     * @param idpHost    the only host the scheme answers
     * @return a factory of schemes for one sign-in
     */
    static AuthSchemeFactory factory(GSSCredential credential, String idpHost) {
        return context -> new NegotiateScheme(credential, idpHost);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean isConnectionBased() {
        return true;
    }

    @Override
    public void processChallenge(AuthChallenge challenge, HttpContext context) throws MalformedChallengeException {
        String value = challenge.getValue();
        boolean hasToken = value != null && !value.isBlank();
        switch (state) {
            case UNINITIATED -> {
                inputToken = hasToken ? decode(value) : null;
                state = State.CHALLENGE_RECEIVED;
            }
            case TOKEN_GENERATED -> {
                if (hasToken && this.context != null && !this.context.isEstablished()) {
                    inputToken = decode(value);
                    state = State.CHALLENGE_RECEIVED;
                } else {
                    // a bare "Negotiate" after our token: the server refused it
                    state = State.FAILED;
                }
            }
            default -> state = State.FAILED;
        }
    }

    private static byte[] decode(String value) throws MalformedChallengeException {
        try {
            return Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            throw new MalformedChallengeException("Negotiate challenge is not base64");
        }
    }

    @Override
    public boolean isChallengeComplete() {
        return state == State.TOKEN_GENERATED || state == State.FAILED;
    }

    @Override
    public String getRealm() {
        return null;
    }

    @Override
    public boolean isResponseReady(HttpHost host, CredentialsProvider credentialsProvider, HttpContext context) {
        return state == State.CHALLENGE_RECEIVED && host.getHostName().toLowerCase(Locale.ROOT).equals(idpHost);
    }

    @Override
    public Principal getPrincipal() {
        return null;
    }

    @Override
    public String generateAuthResponse(HttpHost host, HttpRequest request, HttpContext httpContext) throws AuthenticationException {
        if (state != State.CHALLENGE_RECEIVED) {
            throw new AuthenticationException("Negotiate: no challenge to answer (state " + state + ")");
        }
        try {
            if (context == null) {
                GSSManager manager = GSSManager.getInstance();
                GSSName service = manager.createName("HTTP@" + host.getHostName(), GSSName.NT_HOSTBASED_SERVICE);
                context = manager.createContext(service, new Oid(KerberosLogin.SPNEGO_OID), credential, GSSContext.DEFAULT_LIFETIME);
                context.requestMutualAuth(false);
                context.requestCredDeleg(false);
            }
            byte[] in = inputToken == null ? new byte[0] : inputToken;
            byte[] out = context.initSecContext(in, 0, in.length);
            state = State.TOKEN_GENERATED;
            LOG.debug("Negotiate token generated for HTTP@{}", host.getHostName());
            return NAME + " " + Base64.getEncoder().encodeToString(out == null ? new byte[0] : out);
        } catch (GSSException e) {
            state = State.FAILED;
            throw new AuthenticationException("Kerberos could not produce a token for HTTP@" + host.getHostName() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return NAME + "{" + state + "}";
    }
}
