package org.adfssaml.provider.internal.signin;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.adfssaml.provider.AdfsSignInException;
import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.Credentials;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.cookie.BasicCookieStore;
import org.apache.hc.client5.http.cookie.Cookie;
import org.apache.hc.client5.http.cookie.CookieOrigin;
import org.apache.hc.client5.http.cookie.CookieSpec;
import org.apache.hc.client5.http.cookie.MalformedCookieException;
import org.apache.hc.client5.http.impl.cookie.RFC6265CookieSpecFactory;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultProxyRoutePlanner;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Lookup;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.ietf.jgss.GSSCredential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sign-in's HTTP exchange: one cookie store, one connection pool, redirects followed by hand
 * so that every hop is checked against the IdP origin BEFORE it is sent.
 */
public final class HttpSession implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSession.class);

    /**
     * A response read within the size limit.
     *
     * @param url    the final URL (after redirects)
     * @param status HTTP status
     * @param body   decoded body
     * @param wwwAuthenticate the WWW-Authenticate scheme names of a 401
     * @param location the Location header of a redirect, or null
     */
    public record Response(URI url, int status, String body, List<String> wwwAuthenticate, String location) {
        @Override
        public String toString() {
            return status + " " + EntryUrl.withoutQuery(url);
        }
    }

    private final SignInSettings settings;
    private final String origin;
    private final CloseableHttpClient client;
    private final HttpClientContext context;
    private final BasicCookieStore cookies = new BasicCookieStore();
    private final CookieSpec cookieSpec = new RFC6265CookieSpecFactory().create(HttpClientContext.create());

    /**
     * @param settings    the configuration
     * @param credentials NTLM credentials, scoped to the IdP origin, or null
     * @param kerberos    the SPNEGO initiator credential for KERBEROS, or null
     * @param environment environment variables (for HTTPS_PROXY / NO_PROXY)
     */
    public HttpSession(SignInSettings settings, Credentials credentials, GSSCredential kerberos, Map<String, String> environment) {
        this.settings = settings;
        URI entry = settings.entryUrl();
        this.origin = EntryUrl.origin(entry);
        var tls = ClientTlsStrategyBuilder.create()
                .setSslContext(settings.tls().get())
                .buildClassic();
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(tls)
                .setConnectionFactory(new QuietConnectionFactory())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.readTimeout()))
                        .build())
                .build();
        RequestConfig.Builder rc = RequestConfig.custom()
                .setRedirectsEnabled(false)
                .setResponseTimeout(Timeout.of(settings.readTimeout()))
                .setConnectionRequestTimeout(Timeout.of(settings.connectTimeout()));
        HttpClientBuilder hb = HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                // a POST carrying a password must never be re-sent by the client on an I/O error
                .disableAutomaticRetries()
                // cookies handled below: HttpClient's own cookie interceptors log cookie values (the AD FS session)
                .disableCookieManagement()
                .setUserAgent(settings.userAgent());
        RegistryBuilder<AuthSchemeFactory> schemes = RegistryBuilder.create();
        IntegratedAuth.register(settings.authMethod(), kerberos, entry.getHost(), schemes, rc);
        Lookup<AuthSchemeFactory> registry = schemes.build();
        hb.setDefaultAuthSchemeRegistry(registry);
        hb.setDefaultRequestConfig(rc.build());
        if (settings.proxy() != null) {
            hb.setRoutePlanner(new DefaultProxyRoutePlanner(ProxyRoutePlanner.parse(settings.proxy().toString())));
        } else if (jvmProxyConfigured()) {
            hb.setRoutePlanner(new SystemDefaultRoutePlanner(ProxySelector.getDefault()));
        } else {
            ProxyRoutePlanner env = ProxyRoutePlanner.fromEnvironment(environment);
            if (env != null) {
                hb.setRoutePlanner(env);
            }
        }
        this.client = hb.build();
        this.context = HttpClientContext.create();
        BasicCredentialsProvider creds = new BasicCredentialsProvider();
        if (credentials != null) {
            // scoped to the IdP origin: a challenge from any other host gets nothing
            creds.setCredentials(new AuthScope(new HttpHost(entry.getScheme(), entry.getHost(), port(entry))), credentials);
        }
        context.setCredentialsProvider(creds);
    }

    private static boolean jvmProxyConfigured() {
        return System.getProperty("https.proxyHost") != null || System.getProperty("http.proxyHost") != null
                || Boolean.getBoolean("java.net.useSystemProxies");
    }

    private static int port(URI u) {
        return u.getPort() > 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /**
     * @return {@code scheme://host:port} of the IdP
     */
    public String origin() {
        return origin;
    }

    /**
     * Refuses a URL outside the IdP origin, or plain http to a non-loopback host.
     *
     * @param url  the URL about to be requested
     * @param what what it is, for the message ("form action", "redirect")
     */
    public void checkOrigin(URI url, String what) {
        if (!url.isAbsolute() || url.getHost() == null) {
            throw new AdfsSignInException("Refusing to send to " + what + " " + EntryUrl.withoutQuery(url)
                    + ": expected an absolute URL on the IdP origin " + origin);
        }
        String o = EntryUrl.origin(url);
        if (!o.equals(origin)) {
            throw new AdfsSignInException("Refusing to send to " + what + " " + EntryUrl.withoutQuery(url)
                    + ": it leaves the IdP origin " + origin + " (found " + o + "); credentials are only sent to the IdP");
        }
        try {
            EntryUrl.requireSafeScheme(url);
        } catch (IllegalArgumentException e) {
            throw new AdfsSignInException(e.getMessage());
        }
    }

    /**
     * @param url page to fetch, on the IdP origin
     * @return the response after redirects
     */
    public Response get(URI url) {
        return execute("GET", url, null);
    }

    /**
     * Posts a form body. The caller owns {@code body} and wipes it afterwards.
     *
     * @param url  form action, on the IdP origin
     * @param body url-encoded body
     * @return the response after redirects
     */
    public Response post(URI url, byte[] body) {
        return execute("POST", url, body);
    }

    private Response execute(String method, URI url, byte[] body) {
        URI current = url;
        String m = method;
        for (int hop = 0; ; hop++) {
            checkOrigin(current, hop == 0 ? (body == null ? "URL" : "form action") : "redirect");
            HttpUriRequestBase request = m.equals("POST") ? new HttpPost(current) : new HttpGet(current);
            if (m.equals("POST")) {
                request.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_FORM_URLENCODED));
            }
            request.setHeader(HttpHeaders.ACCEPT, "text/html,application/xhtml+xml,*/*;q=0.8");
            addCookies(request, current);
            LOG.debug("{} {}", m, EntryUrl.withoutQuery(current));
            Response r;
            try {
                URI requested = current;
                r = client.execute(request, context, response -> read(requested, response));
            } catch (SSLHandshakeException e) {
                throw new AdfsSignInException("TLS handshake with " + origin + " failed: the server certificate is not trusted ("
                        + e.getMessage() + "); give the corporate CA with caBundle(PEM) or trustStore(KeyStore)", e);
            } catch (SSLException e) {
                throw new AdfsSignInException("TLS error talking to " + origin + ": " + e.getMessage(), e);
            } catch (AdfsSignInException e) {
                throw e;
            } catch (IOException e) {
                throw new AdfsSignInException("Could not reach the IdP at " + EntryUrl.withoutQuery(current) + ": " + e, e);
            }
            LOG.debug("{} {} -> {}", m, EntryUrl.withoutQuery(current), r.status());
            if (r.status() >= 300 && r.status() < 400 && r.location() != null) {
                String location = r.location();
                if (hop >= settings.maxRedirects()) {
                    throw new AdfsSignInException("Too many redirects: more than " + settings.maxRedirects() + " starting at "
                            + EntryUrl.withoutQuery(url));
                }
                URI next;
                try {
                    next = current.resolve(new URI(location.trim()));
                } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                    throw new AdfsSignInException("The IdP redirected to an invalid Location from " + EntryUrl.withoutQuery(current));
                }
                boolean keepMethod = r.status() == 307 || r.status() == 308;
                if (!keepMethod) {
                    m = "GET";
                    body = null;
                }
                current = next;
                continue;
            }
            return r;
        }
    }

    private static CookieOrigin cookieOrigin(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return new CookieOrigin(url.getHost(), port(url), path, "https".equalsIgnoreCase(url.getScheme()));
    }

    private void addCookies(HttpUriRequestBase request, URI url) {
        cookies.clearExpired(Instant.now());
        CookieOrigin origin = cookieOrigin(url);
        List<Cookie> matched = new ArrayList<>();
        for (Cookie c : cookies.getCookies()) {
            if (cookieSpec.match(c, origin)) {
                matched.add(c);
            }
        }
        if (!matched.isEmpty()) {
            for (Header h : cookieSpec.formatCookies(matched)) {
                request.addHeader(h);
            }
        }
    }

    private void storeCookies(ClassicHttpResponse response, URI url) {
        CookieOrigin origin = cookieOrigin(url);
        for (Header h : response.getHeaders("Set-Cookie")) {
            try {
                for (Cookie c : cookieSpec.parse(h, origin)) {
                    cookieSpec.validate(c, origin);
                    cookies.addCookie(c);
                    LOG.trace("cookie {} stored", c.getName());
                }
            } catch (MalformedCookieException e) {
                LOG.debug("cookie rejected from {}: {}", EntryUrl.withoutQuery(url), e.getMessage());
            }
        }
    }

    private Response read(URI url, ClassicHttpResponse response) throws IOException {
        storeCookies(response, url);
        int status = response.getCode();
        if (status >= 300 && status < 400) {
            Header loc = response.getFirstHeader(HttpHeaders.LOCATION);
            if (loc != null) {
                drain(response.getEntity());
                return new Response(url, status, "", List.of(), loc.getValue());
            }
        }
        HttpEntity entity = response.getEntity();
        String body = "";
        if (entity != null) {
            Charset charset = StandardCharsets.UTF_8;
            ContentType ct = ContentType.parseLenient(entity.getContentType());
            if (ct != null && ct.getCharset() != null) {
                charset = ct.getCharset();
            }
            byte[] bytes = readLimited(entity, url);
            body = new String(bytes, charset);
            Arrays.fill(bytes, (byte) 0);
        }
        List<String> schemes = List.of();
        if (status == 401) {
            schemes = Arrays.stream(response.getHeaders(HttpHeaders.WWW_AUTHENTICATE))
                    .map(h -> h.getValue().trim().split("\\s+", 2)[0])
                    .toList();
        }
        return new Response(url, status, body, schemes, null);
    }

    private byte[] readLimited(HttpEntity entity, URI url) throws IOException {
        int max = settings.maxResponseBytes();
        if (entity.getContentLength() > max) {
            throw new AdfsSignInException("Response from " + EntryUrl.withoutQuery(url) + " is " + entity.getContentLength()
                    + " bytes, more than the limit of " + max + " bytes");
        }
        try (InputStream in = entity.getContent()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int total = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
                if (total > max) {
                    throw new AdfsSignInException("Response from " + EntryUrl.withoutQuery(url) + " is larger than the limit of "
                            + max + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static void drain(HttpEntity entity) throws IOException {
        if (entity != null) {
            try (InputStream in = entity.getContent()) {
                in.skip(64 * 1024);
            }
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("closing the HTTP client failed: {}", e.toString());
        }
    }
}
