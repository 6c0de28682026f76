package org.adfssaml.core.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.adfssaml.core.SamlErrorCodes;
import org.adfssaml.core.SamlValidationException;

/** Reading X.509 certificates from PEM text, base64 DER and key stores. */
public final class Certificates {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");

    private Certificates() {
    }

    /**
     * Every certificate of a PEM text (one or more {@code BEGIN CERTIFICATE} blocks).
     *
     * @param pem    the text
     * @param source where it came from, for messages
     * @return the certificates, at least one
     * @throws SamlValidationException {@code invalid_trust} when there is none or one is invalid
     */
    public static List<X509Certificate> fromPem(String pem, String source) {
        List<X509Certificate> result = new ArrayList<>();
        Matcher m = PEM.matcher(pem);
        while (m.find()) {
            result.add(fromBase64(m.group(1), source));
        }
        if (result.isEmpty()) {
            throw invalid("expected at least one PEM 'BEGIN CERTIFICATE' block in " + source + ", found none");
        }
        return result;
    }

    /**
     * One certificate from base64 DER (whitespace ignored), as in {@code ds:X509Certificate}.
     *
     * @param base64 the DER, base64
     * @param source where it came from, for messages
     * @return the certificate
     * @throws SamlValidationException {@code invalid_trust} when it is not a certificate
     */
    public static X509Certificate fromBase64(String base64, String source) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII));
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (IllegalArgumentException | CertificateException e) {
            throw invalid("expected an X.509 certificate in " + source + ", found data that is not one (" + e.getMessage() + ")");
        }
    }

    /**
     * Every certificate of a key store: trusted-certificate entries and the leaf certificates of key entries.
     *
     * @param keyStore the loaded key store
     * @return the certificates
     * @throws SamlValidationException {@code invalid_trust} when the store cannot be read
     */
    public static List<X509Certificate> fromKeyStore(KeyStore keyStore) {
        List<X509Certificate> result = new ArrayList<>();
        try {
            for (String alias : Collections.list(keyStore.aliases())) {
                Certificate c = keyStore.getCertificate(alias);
                if (c instanceof X509Certificate x509) {
                    result.add(x509);
                }
            }
        } catch (KeyStoreException e) {
            throw invalid("expected a loaded KeyStore, found one that cannot be read (" + e.getMessage() + ")");
        }
        return result;
    }

    /**
     * A short description of a certificate for messages: subject and validity.
     *
     * @param c the certificate
     * @return the description
     */
    public static String describe(X509Certificate c) {
        return "'" + c.getSubjectX500Principal().getName() + "' (serial " + c.getSerialNumber().toString(16)
                + ", valid " + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant() + ")";
    }

    /**
     * Whether two certificates carry the same public key.
     *
     * @param a a certificate
     * @param b another
     * @return true when the keys are equal
     */
    public static boolean sameKey(X509Certificate a, X509Certificate b) {
        return a.getPublicKey().equals(b.getPublicKey());
    }

    private static SamlValidationException invalid(String message) {
        return SamlValidationException.of(SamlErrorCodes.INVALID_TRUST, message);
    }
}
