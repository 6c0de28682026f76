package org.adfssaml.provider.internal.signin;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

import org.adfssaml.provider.AdfsAuthenticationException;

/**
 * Remembers the last refused password as a salted SHA-256 hash (never the password itself), with
 * the refusal it produced, so that the same password is never sent to AD FS again.
 */
public final class RefusalMemory {
    private final byte[] salt = new byte[32];
    private byte[] refusedHash;
    private String refusedUser;
    private AdfsAuthenticationException refusal;

    /** A memory with a fresh random salt. */
    public RefusalMemory() {
        new SecureRandom().nextBytes(salt);
    }

    /**
     * @param username the user name the password belongs to
     * @param password the password that the IdP refused (not wiped here)
     * @param error    the refusal to repeat
     */
    public synchronized void remember(String username, char[] password, AdfsAuthenticationException error) {
        this.refusedHash = hash(username, password);
        this.refusedUser = username;
        this.refusal = error;
    }

    /**
     * @param username the user name about to be used
     * @param password the password about to be sent (not wiped here)
     * @return the remembered refusal when this exact user and password were refused before, else null
     */
    public synchronized AdfsAuthenticationException refusalFor(String username, char[] password) {
        if (refusedHash == null) {
            return null;
        }
        byte[] h = hash(username, password);
        boolean same = MessageDigest.isEqual(h, refusedHash) && java.util.Objects.equals(username, refusedUser);
        Arrays.fill(h, (byte) 0);
        if (!same) {
            return null;
        }
        return refusal;
    }

    /** Forgets the refusal, after a successful sign-in with a different password. */
    public synchronized void clear() {
        if (refusedHash != null) {
            Arrays.fill(refusedHash, (byte) 0);
        }
        refusedHash = null;
        refusedUser = null;
        refusal = null;
    }

    private byte[] hash(String username, char[] password) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
        md.update(salt);
        md.update(String.valueOf(username).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        md.update(raw);
        Arrays.fill(raw, (byte) 0);
        if (bytes.hasArray()) {
            Arrays.fill(bytes.array(), (byte) 0);
        }
        return md.digest();
    }
}
