package org.adfssaml.provider.internal.signin;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Works out the first URL of the sign-in and its origin rules.
 */
public final class EntryUrl {

    /** The AD FS IdP-initiated sign-on path used when only a host is configured. */
    public static final String DEFAULT_PATH = "/adfs/ls/IdpInitiatedSignOn.aspx";

    private EntryUrl() {
    }

    /**
     * @param idpUrl       as configured
     * @param relyingParty the relying party for {@code loginToRp}
     * @return the configured URL when it has a path or query, else the default sign-on URL on
     *         that host
     * @throws IllegalArgumentException when the URL is not absolute, not https, or http to a
     *                                  host that is not loopback
     */
    public static URI resolve(URI idpUrl, String relyingParty) {
        if (!idpUrl.isAbsolute() || idpUrl.getHost() == null) {
            throw new IllegalArgumentException("idpUrl must be an absolute https URL such as https://adfs.example.com, found "
                    + withoutQuery(idpUrl));
        }
        if (idpUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("idpUrl must not carry user info, found a URL with user info for host " + idpUrl.getHost());
        }
        requireSafeScheme(idpUrl);
        String path = idpUrl.getRawPath();
        boolean bare = (path == null || path.isEmpty() || path.equals("/")) && idpUrl.getRawQuery() == null;
        if (!bare) {
            return idpUrl.normalize();
        }
        String authority = idpUrl.getRawAuthority();
        return URI.create(idpUrl.getScheme().toLowerCase(Locale.ROOT) + "://" + authority + DEFAULT_PATH + "?loginToRp="
                + URLEncoder.encode(relyingParty, StandardCharsets.UTF_8));
    }

    /**
     * Refuses plain http except to loopback hosts.
     *
     * @param url the URL about to be used
     * @throws IllegalArgumentException when the scheme is not https and not http to loopback
     */
    public static void requireSafeScheme(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return;
        }
        if (scheme.equals("http")) {
            if (isLoopback(url.getHost())) {
                return;
            }
            throw new IllegalArgumentException("Refusing plain http to " + url.getHost()
                    + ": credentials are only sent over https (plain http is allowed for loopback hosts only: localhost, 127.0.0.0/8, ::1)");
        }
        throw new IllegalArgumentException("idpUrl must use https, found scheme '" + scheme + "' in " + withoutQuery(url));
    }

    /**
     * Decides from the literal host name, without DNS, whether it is a loopback address.
     *
     * @param host host part of a URL
     * @return true for {@code localhost}, {@code 127.0.0.0/8} and {@code ::1}
     */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.equals("localhost.")) {
            return true;
        }
        if (h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param url any URL
     * @return scheme, authority and path only, for logs and messages (query strings may carry
     *         SAMLRequest, context or other secrets)
     */
    public static String withoutQuery(URI url) {
        if (url == null) {
            return "null";
        }
        if (!url.isAbsolute()) {
            String p = url.getRawPath();
            return p == null ? "" : p;
        }
        return url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /**
     * @param url an absolute URL
     * @return {@code scheme://host:port}, the port made explicit
     */
    public static String origin(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        if (port < 0) {
            port = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        }
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + ":" + port;
    }
}
