package org.adfssaml.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** PEM encoding (RFC 7468) of DER bytes. */
public final class Pem {

    private Pem() {
    }

    /**
     * Encodes DER bytes as a PEM block.
     *
     * @param label the label, e.g. {@code CERTIFICATE} or {@code PRIVATE KEY}
     * @param der the DER encoding
     * @return the PEM text, lines of 64 characters, ending with a newline
     */
    public static String encode(String label, byte[] der) {
        String body = new String(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encode(der),
                StandardCharsets.US_ASCII);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
