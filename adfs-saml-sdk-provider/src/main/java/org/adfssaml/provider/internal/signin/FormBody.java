package org.adfssaml.provider.internal.signin;

import java.util.Arrays;

/**
 * Builds an {@code application/x-www-form-urlencoded} body in a byte buffer that this class owns,
 * so that secrets (password, MFA code) are encoded straight from {@code char[]} without ever
 * becoming a {@code String}, and every intermediate buffer is wiped.
 */
public final class FormBody {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private byte[] buf = new byte[512];
    private int len;

    /**
     * Appends a field whose value is not secret.
     *
     * @param name  field name
     * @param value field value
     * @return this body
     */
    public FormBody add(String name, String value) {
        return add(name, value.toCharArray(), true);
    }

    /**
     * Appends a secret field. The caller keeps and wipes {@code value}.
     *
     * @param name  field name
     * @param value secret value
     * @return this body
     */
    public FormBody addSecret(String name, char[] value) {
        return add(name, value, false);
    }

    private FormBody add(String name, char[] value, boolean wipeValue) {
        if (len > 0) {
            put((byte) '&');
        }
        char[] n = name.toCharArray();
        encode(n);
        put((byte) '=');
        encode(value);
        if (wipeValue) {
            Arrays.fill(value, '\0');
        }
        return this;
    }

    /**
     * @return a copy of the body; the caller wipes it after sending (see {@link #wipe()} for this
     *         builder's own buffer)
     */
    public byte[] toBytes() {
        return Arrays.copyOf(buf, len);
    }

    /** Overwrites the internal buffer. */
    public void wipe() {
        Arrays.fill(buf, (byte) 0);
        len = 0;
    }

    private void encode(char[] chars) {
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < chars.length && Character.isLowSurrogate(chars[i + 1])) {
                cp = Character.toCodePoint(c, chars[++i]);
            }
            if (cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z' || cp >= '0' && cp <= '9' || cp == '-' || cp == '_' || cp == '.'
                    || cp == '*') {
                put((byte) cp);
            } else if (cp == ' ') {
                put((byte) '+');
            } else if (cp < 0x80) {
                pct(cp);
            } else if (cp < 0x800) {
                pct(0xC0 | cp >> 6);
                pct(0x80 | cp & 0x3F);
            } else if (cp < 0x10000) {
                pct(0xE0 | cp >> 12);
                pct(0x80 | cp >> 6 & 0x3F);
                pct(0x80 | cp & 0x3F);
            } else {
                pct(0xF0 | cp >> 18);
                pct(0x80 | cp >> 12 & 0x3F);
                pct(0x80 | cp >> 6 & 0x3F);
                pct(0x80 | cp & 0x3F);
            }
        }
    }

    private void pct(int b) {
        put((byte) '%');
        put(HEX[b >> 4 & 0xF]);
        put(HEX[b & 0xF]);
    }

    private void put(byte b) {
        if (len == buf.length) {
            byte[] bigger = Arrays.copyOf(buf, buf.length * 2);
            Arrays.fill(buf, (byte) 0);
            buf = bigger;
        }
        buf[len++] = b;
    }
}
