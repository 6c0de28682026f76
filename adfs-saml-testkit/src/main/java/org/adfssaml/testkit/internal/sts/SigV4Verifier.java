package org.adfssaml.testkit.internal.sts;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 {@code Authorization} headers (header-based signing, as the
 * SDK signs STS Query requests), following the SigV4 specification: canonical request, string to
 * sign, derived signing key, HMAC-SHA256.
 */
public final class SigV4Verifier {

    /** The only algorithm SigV4 header signing uses. */
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^,\\s]+)\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-f]{64})\\s*");
    private static final HexFormat HEX = HexFormat.of();

    /** A parsed {@code Authorization} header. */
    public record Authorization(String accessKeyId, String date, String region, String service,
            List<String> signedHeaders, String signature) {

        /**
         * The credential scope {@code date/region/service/aws4_request}.
         *
         * @return the scope
         */
        public String scope() {
            return date + "/" + region + "/" + service + "/aws4_request";
        }
    }

    private SigV4Verifier() {
    }

    /**
     * Parses an {@code Authorization} header.
     *
     * @param header the header value
     * @return the parts, or empty when the header is not a well-formed SigV4 header
     */
    public static Optional<Authorization> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = AUTHORIZATION.matcher(header.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String[] credential = m.group(1).split("/");
        if (credential.length != 5 || !"aws4_request".equals(credential[4])) {
            return Optional.empty();
        }
        return Optional.of(new Authorization(credential[0], credential[1], credential[2], credential[3],
                List.of(m.group(2).split(";")), m.group(3)));
    }

    /**
     * Computes the expected signature of a request.
     *
     * @param auth the parsed Authorization header (its scope and signed-header list are used)
     * @param secretAccessKey the secret of {@code auth.accessKeyId()}
     * @param method the HTTP method
     * @param rawPath the request path as sent (already URI-encoded)
     * @param rawQuery the query string as sent, or {@code null}
     * @param headers lower-case header name to its values, as received
     * @param amzDate the {@code X-Amz-Date} value
     * @param body the request body bytes
     * @return the lower-case hex signature
     */
    public static String expectedSignature(Authorization auth, String secretAccessKey, String method, String rawPath,
            String rawQuery, Function<String, List<String>> headers, String amzDate, byte[] body) {
        String canonicalRequest = method + "\n"
                + canonicalUri(rawPath) + "\n"
                + canonicalQuery(rawQuery) + "\n"
                + canonicalHeaders(auth.signedHeaders(), headers) + "\n"
                + String.join(";", auth.signedHeaders()) + "\n"
                + hex(sha256(body));
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + auth.scope() + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), auth.date());
        key = hmac(key, auth.region());
        key = hmac(key, auth.service());
        key = hmac(key, "aws4_request");
        return hex(hmac(key, stringToSign));
    }

    /**
     * Compares signatures in constant time.
     *
     * @param expected the expected hex signature
     * @param provided the provided hex signature
     * @return whether they are equal
     */
    public static boolean matches(String expected, String provided) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                provided.getBytes(StandardCharsets.US_ASCII));
    }

    private static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        // Non-S3 services encode each (already encoded) path segment once more.
        StringJoiner out = new StringJoiner("/");
        for (String segment : rawPath.split("/", -1)) {
            out.add(encode(segment));
        }
        return out.toString();
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        FormData.decode(rawQuery).forEach((name, values) -> {
            List<String> encoded = new ArrayList<>();
            values.forEach(v -> encoded.add(encode(v)));
            encoded.sort(null);
            sorted.put(encode(name), encoded);
        });
        List<String> pairs = new ArrayList<>();
        sorted.forEach((name, values) -> values.forEach(v -> pairs.add(name + "=" + v)));
        return String.join("&", pairs);
    }

    private static String canonicalHeaders(List<String> signedHeaders, Function<String, List<String>> headers) {
        Map<String, String> canonical = new TreeMap<>();
        for (String name : signedHeaders) {
            List<String> values = headers.apply(name.toLowerCase(Locale.ROOT));
            List<String> trimmed = new ArrayList<>();
            if (values != null) {
                values.forEach(v -> trimmed.add(v.trim().replaceAll(" +", " ")));
            }
            canonical.put(name.toLowerCase(Locale.ROOT), String.join(",", trimmed));
        }
        StringBuilder out = new StringBuilder();
        canonical.forEach((name, value) -> out.append(name).append(':').append(value).append('\n'));
        return out.toString();
    }

    /** RFC 3986 unreserved characters stay, everything else is percent-encoded. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
