package org.adfssaml.provider.internal.signin;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Routes through the proxy named by {@code HTTPS_PROXY} / {@code https_proxy} (or
 * {@code HTTP_PROXY} for http targets), except for hosts matched by {@code NO_PROXY}
 * (comma-separated host names, {@code .suffix} / {@code *.suffix} domains, or {@code *}).
 */
public final class ProxyRoutePlanner extends DefaultRoutePlanner {
    private final HttpHost httpsProxy;
    private final HttpHost httpProxy;
    private final List<String> noProxy;

    private ProxyRoutePlanner(HttpHost httpsProxy, HttpHost httpProxy, List<String> noProxy) {
        super(null);
        this.httpsProxy = httpsProxy;
        this.httpProxy = httpProxy;
        this.noProxy = noProxy;
    }

    /**
     * @param env environment variables
     * @return a planner when the environment names a proxy, else null
     */
    public static ProxyRoutePlanner fromEnvironment(Map<String, String> env) {
        HttpHost https = parse(first(env, "HTTPS_PROXY", "https_proxy"));
        HttpHost http = parse(first(env, "HTTP_PROXY", "http_proxy"));
        if (https == null && http == null) {
            return null;
        }
        List<String> no = new ArrayList<>();
        String n = first(env, "NO_PROXY", "no_proxy");
        if (n != null) {
            for (String s : n.split(",")) {
                String t = s.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    no.add(t);
                }
            }
        }
        return new ProxyRoutePlanner(https, http, List.copyOf(no));
    }

    /**
     * @param proxy {@code http://host:port}
     * @return the proxy host
     */
    public static HttpHost parse(String proxy) {
        if (proxy == null || proxy.isBlank()) {
            return null;
        }
        String p = proxy.trim();
        if (!p.contains("://")) {
            p = "http://" + p;
        }
        URI u = URI.create(p);
        if (u.getHost() == null) {
            throw new IllegalArgumentException("proxy must look like http://host:port, found " + EntryUrl.withoutQuery(u));
        }
        int port = u.getPort() > 0 ? u.getPort() : (u.getScheme().equalsIgnoreCase("https") ? 443 : 80);
        return new HttpHost(u.getScheme(), u.getHost(), port);
    }

    /**
     * @param host target host name
     * @return true when NO_PROXY excludes it
     */
    boolean bypass(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String n : noProxy) {
            if (n.equals("*") || h.equals(n)) {
                return true;
            }
            String suffix = n.startsWith("*.") ? n.substring(1) : n.startsWith(".") ? n : "." + n;
            if (h.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected HttpHost determineProxy(HttpHost target, HttpContext context) throws HttpException {
        if (bypass(target.getHostName())) {
            return null;
        }
        return "https".equalsIgnoreCase(target.getSchemeName()) ? httpsProxy : httpProxy;
    }

    private static String first(Map<String, String> env, String a, String b) {
        String v = env.get(a);
        return v != null && !v.isBlank() ? v : env.get(b);
    }
}
