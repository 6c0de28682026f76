package org.adfssaml.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.adfssaml.core.SamlErrorCodes;
import org.adfssaml.core.SamlValidationException;

/**
 * Turns what a caller hands us (base64 as found in the AD FS form, possibly wrapped over lines,
 * or the XML itself) into the XML bytes, enforcing the size limit before any decoding so an
 * oversized input is refused without being decoded or parsed.
 */
public final class InputDecoder {

    private InputDecoder() {
    }

    /**
     * Decodes a string input.
     *
     * @param input           base64 or XML
     * @param maxDecodedBytes the size limit of the XML
     * @return the XML bytes
     * @throws SamlValidationException {@code oversized_input} or {@code malformed_response}
     */
    public static byte[] decode(String input, int maxDecodedBytes) {
        if (input == null) {
            throw empty();
        }
        // Every char is at least one byte of XML or 3/4 byte of base64: refuse early, before the
        // string is copied into bytes, what cannot fit even if it were all whitespace-free base64.
        long bound = (long) maxDecodedBytes * 4 / 3 + 4;
        long slack = bound / 8 + 1024; // line breaks of wrapped base64
        if (input.length() > bound + slack) {
            throw oversized(maxDecodedBytes, "an input of " + input.length() + " characters");
        }
        // Fast path for the usual form value, pure ASCII base64: one scan of the chars, one copy into the
        // whitespace-free bytes the decoder reads, instead of a UTF-8 copy of the whole string followed by
        // two scans and a second, compacted copy. Anything else (a BOM, other non-ASCII characters, XML)
        // takes the byte path, so its results and messages are exactly those of decode(byte[], int).
        int length = input.length();
        int significant = 0;
        for (int i = 0; i < length; i++) {
            char c = input.charAt(i);
            if (c >= 0x80 || c == '<') {
                return decode(input.getBytes(StandardCharsets.UTF_8), maxDecodedBytes);
            }
            if (!isWhitespace(c)) {
                significant++;
            }
        }
        if (significant == 0) {
            throw empty();
        }
        checkBase64Length(significant, maxDecodedBytes);
        byte[] compact;
        if (significant == length) {
            compact = input.getBytes(StandardCharsets.ISO_8859_1); // ASCII only: a plain copy of the chars
        } else {
            compact = new byte[significant];
            int j = 0;
            for (int i = 0; i < length; i++) {
                char c = input.charAt(i);
                if (!isWhitespace(c)) {
                    compact[j++] = (byte) c;
                }
            }
        }
        return decodeBase64(compact, maxDecodedBytes);
    }

    /**
     * Decodes a byte input.
     *
     * @param input           base64 or XML
     * @param maxDecodedBytes the size limit of the XML
     * @return the XML bytes (the input itself when it already is XML)
     * @throws SamlValidationException {@code oversized_input} or {@code malformed_response}
     */
    public static byte[] decode(byte[] input, int maxDecodedBytes) {
        if (input == null) {
            throw empty();
        }
        int start = skipBomAndWhitespace(input);
        if (start == input.length) {
            throw empty();
        }
        if (input[start] == '<') {
            if (input.length > maxDecodedBytes) {
                throw oversized(maxDecodedBytes, input.length + " bytes of XML");
            }
            return input.clone();
        }
        int significant = 0;
        for (byte b : input) {
            if (!isWhitespace(b)) {
                significant++;
            }
        }
        checkBase64Length(significant, maxDecodedBytes);
        byte[] compact = new byte[significant];
        int j = 0;
        for (byte b : input) {
            if (!isWhitespace(b)) {
                compact[j++] = b;
            }
        }
        return decodeBase64(compact, maxDecodedBytes);
    }

    private static void checkBase64Length(int significant, int maxDecodedBytes) {
        long decodedAtMost = (long) significant / 4 * 3 + 3;
        if (decodedAtMost - 3 > maxDecodedBytes) {
            throw oversized(maxDecodedBytes, significant + " base64 characters (about " + (decodedAtMost - 3) + " bytes decoded)");
        }
    }

    private static byte[] decodeBase64(byte[] compact, int maxDecodedBytes) {
        byte[] xml;
        try {
            xml = Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw SamlValidationException.of(SamlErrorCodes.MALFORMED_RESPONSE,
                    "expected a base64-encoded SAML response or its XML, found input that is neither ("
                            + e.getMessage() + ")");
        }
        if (xml.length > maxDecodedBytes) {
            throw oversized(maxDecodedBytes, xml.length + " bytes decoded");
        }
        int xmlStart = skipBomAndWhitespace(xml);
        if (xmlStart == xml.length || xml[xmlStart] != '<') {
            throw SamlValidationException.of(SamlErrorCodes.MALFORMED_RESPONSE,
                    "expected base64 of an XML SAML response, found base64 of " + xml.length + " bytes that are not XML");
        }
        return xml;
    }

    private static int skipBomAndWhitespace(byte[] b) {
        int i = 0;
        if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            i = 3;
        }
        while (i < b.length && isWhitespace(b[i])) {
            i++;
        }
        return i;
    }

    // One comparison decides for every base64 character (all above ' ').
    private static boolean isWhitespace(byte b) {
        return b <= ' ' && (b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '\f');
    }

    private static boolean isWhitespace(char c) {
        return c <= ' ' && (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f');
    }

    private static SamlValidationException empty() {
        return SamlValidationException.of(SamlErrorCodes.MALFORMED_RESPONSE,
                "expected a base64-encoded SAML response or its XML, found empty input");
    }

    private static SamlValidationException oversized(int max, String found) {
        return SamlValidationException.of(SamlErrorCodes.OVERSIZED_INPUT,
                "expected a SAML response of at most " + max + " bytes, found " + found);
    }
}
