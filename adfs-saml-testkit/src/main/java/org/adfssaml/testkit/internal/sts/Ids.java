package org.adfssaml.testkit.internal.sts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** Identifiers and secrets in AWS's shapes. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Ids() {
    }

    /**
     * A temporary access key ID: {@code ASIA} and 16 characters, 20 in all.
     *
     * @return the access key ID
     */
    public static String accessKeyId() {
        return "ASIA" + randomKeyChars(16);
    }

    /**
     * A 40-character secret access key.
     *
     * @return the secret
     */
    public static String secretAccessKey() {
        byte[] bytes = new byte[30];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * A session token in the shape of STS's (base64, starting like the real ones).
     *
     * @return the token
     */
    public static String sessionToken() {
        byte[] bytes = new byte[240];
        RANDOM.nextBytes(bytes);
        return "IQoJb3JpZ2luX2Vj" + Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * The role's unique ID ({@code AROA} and 17 characters), stable for a role ARN as in IAM.
     *
     * @param roleArn the role ARN
     * @return the role ID
     */
    public static String roleId(String roleArn) {
        byte[] digest = sha256(roleArn);
        StringBuilder out = new StringBuilder("AROA");
        for (int i = 0; i < 17; i++) {
            out.append(KEY_ALPHABET.charAt((digest[i] & 0xff) % KEY_ALPHABET.length()));
        }
        return out.toString();
    }

    /**
     * STS's NameQualifier: {@code base64(sha1(issuer + accountId + "/" + providerName))}.
     *
     * @param issuer the response Issuer
     * @param accountId the account of the SAML provider
     * @param providerName the SAML provider's name (last part of its ARN)
     * @return the qualifier
     */
    public static String nameQualifier(String issuer, String accountId, String providerName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((issuer + accountId + "/" + providerName).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    private static String randomKeyChars(int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append(KEY_ALPHABET.charAt(RANDOM.nextInt(KEY_ALPHABET.length())));
        }
        return out.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
