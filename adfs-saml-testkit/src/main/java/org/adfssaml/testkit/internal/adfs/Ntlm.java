package org.adfssaml.testkit.internal.adfs;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.MD4Digest;

/**
 * The server side of NTLM (MS-NLMP): builds the CHALLENGE_MESSAGE (type 2) and verifies the NTLMv2 response in
 * the AUTHENTICATE_MESSAGE (type 3) against a user's password. NTLMv1 / NTLM2-session responses are refused.
 */
public final class Ntlm {

    private static final byte[] SIGNATURE = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);
    private static final int NEGOTIATE_UNICODE = 0x00000001;
    private static final int NEGOTIATE_OEM = 0x00000002;
    private static final int REQUEST_TARGET = 0x00000004;
    private static final int NEGOTIATE_NTLM = 0x00000200;
    private static final int NEGOTIATE_ALWAYS_SIGN = 0x00008000;
    private static final int TARGET_TYPE_DOMAIN = 0x00010000;
    private static final int NEGOTIATE_EXTENDED_SESSIONSECURITY = 0x00080000;
    private static final int NEGOTIATE_TARGET_INFO = 0x00800000;
    private static final int NEGOTIATE_128 = 0x20000000;
    private static final int NEGOTIATE_KEY_EXCH = 0x40000000;
    private static final int NEGOTIATE_56 = 0x80000000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ntlm() {
    }

    /** An NTLM message type (1, 2 or 3), or 0 when the bytes are not NTLMSSP. */
    public static int messageType(byte[] message) {
        if (message.length < 12 || !Arrays.equals(Arrays.copyOf(message, 8), SIGNATURE)) {
            return 0;
        }
        return le32(message, 8);
    }

    /** A challenge issued to one connection. */
    public record Challenge(byte[] serverChallenge, byte[] message) {
    }

    /**
     * Builds a type 2 message with a fresh random server challenge and target info naming the domain and host.
     *
     * @param negotiate the client's type 1 message (its flags are echoed where supported)
     */
    public static Challenge challenge(byte[] negotiate, String netbiosDomain, String dnsDomain, String host,
                                      Instant now) {
        int clientFlags = negotiate.length >= 16 ? le32(negotiate, 12) : NEGOTIATE_UNICODE;
        int flags = NEGOTIATE_NTLM | NEGOTIATE_ALWAYS_SIGN | TARGET_TYPE_DOMAIN | NEGOTIATE_TARGET_INFO
                | REQUEST_TARGET | NEGOTIATE_UNICODE
                | (clientFlags & (NEGOTIATE_EXTENDED_SESSIONSECURITY | NEGOTIATE_128 | NEGOTIATE_56
                | NEGOTIATE_KEY_EXCH));
        byte[] serverChallenge = new byte[8];
        RANDOM.nextBytes(serverChallenge);
        byte[] targetName = utf16(netbiosDomain.toUpperCase(Locale.ROOT));
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        avPair(info, 2, utf16(netbiosDomain.toUpperCase(Locale.ROOT)));
        avPair(info, 1, utf16(host.toUpperCase(Locale.ROOT)));
        avPair(info, 4, utf16(dnsDomain));
        avPair(info, 3, utf16(host.toLowerCase(Locale.ROOT) + "." + dnsDomain));
        byte[] timestamp = new byte[8];
        long filetime = (now.getEpochSecond() + 11_644_473_600L) * 10_000_000L + now.getNano() / 100;
        ByteBuffer.wrap(timestamp).order(ByteOrder.LITTLE_ENDIAN).putLong(filetime);
        avPair(info, 7, timestamp);
        avPair(info, 0, new byte[0]);
        byte[] targetInfo = info.toByteArray();

        int headerLength = 48;
        ByteBuffer out = ByteBuffer.allocate(headerLength + targetName.length + targetInfo.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(SIGNATURE).putInt(2);
        out.putShort((short) targetName.length).putShort((short) targetName.length).putInt(headerLength);
        out.putInt(flags);
        out.put(serverChallenge);
        out.putLong(0L);
        out.putShort((short) targetInfo.length).putShort((short) targetInfo.length)
                .putInt(headerLength + targetName.length);
        out.put(targetName).put(targetInfo);
        return new Challenge(serverChallenge, out.array());
    }

    private static void avPair(ByteArrayOutputStream out, int id, byte[] value) {
        out.write(id & 0xff);
        out.write((id >> 8) & 0xff);
        out.write(value.length & 0xff);
        out.write((value.length >> 8) & 0xff);
        out.writeBytes(value);
    }

    /** The fields of a type 3 message that verification needs. */
    public record Authenticate(String user, String domain, String workstation, byte[] ntResponse) {
        @Override
        public String toString() {
            return "Authenticate[user=" + user + ", domain=" + domain + ", workstation=" + workstation + "]";
        }
    }

    /** Parses a type 3 message; empty when it is malformed. */
    public static Optional<Authenticate> parseAuthenticate(byte[] message) {
        try {
            if (messageType(message) != 3 || message.length < 64) {
                return Optional.empty();
            }
            int flags = le32(message, 60);
            boolean unicode = (flags & NEGOTIATE_UNICODE) != 0 || (flags & NEGOTIATE_OEM) == 0;
            byte[] nt = field(message, 20);
            String domain = text(field(message, 28), unicode);
            String user = text(field(message, 36), unicode);
            String workstation = text(field(message, 44), unicode);
            return Optional.of(new Authenticate(user, domain, workstation, nt));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Verifies an NTLMv2 response: NTProofStr = HMAC-MD5(NTOWFv2, serverChallenge || blob) with
     * NTOWFv2 = HMAC-MD5(MD4(UTF-16LE(password)), UTF-16LE(UPPER(user) + domain)).
     */
    public static boolean verifyNtlmV2(Authenticate auth, byte[] serverChallenge, char[] password) {
        byte[] nt = auth.ntResponse();
        if (nt.length <= 24) {
            return false; // NTLMv1 or NTLM2 session response: not accepted
        }
        byte[] ntHash = ntHash(password);
        try {
            byte[] ntowfv2 = hmacMd5(ntHash, utf16(auth.user().toUpperCase(Locale.ROOT) + auth.domain()));
            byte[] proof = Arrays.copyOf(nt, 16);
            byte[] blob = Arrays.copyOfRange(nt, 16, nt.length);
            byte[] expected = hmacMd5(ntowfv2, concat(serverChallenge, blob));
            return MessageDigest.isEqual(proof, expected);
        } finally {
            Arrays.fill(ntHash, (byte) 0);
        }
    }

    /** MD4 of the UTF-16LE password (the NT hash). */
    public static byte[] ntHash(char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_16LE.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        MD4Digest md4 = new MD4Digest();
        md4.update(bytes, 0, bytes.length);
        byte[] out = new byte[16];
        md4.doFinal(out, 0);
        Arrays.fill(bytes, (byte) 0);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return out;
    }

    private static byte[] hmacMd5(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 is not available: " + e, e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] field(byte[] message, int offset) {
        int length = le16(message, offset);
        int start = le32(message, offset + 4);
        if (length == 0) {
            return new byte[0];
        }
        if (start < 0 || start + length > message.length) {
            throw new IllegalArgumentException("NTLM field outside the message");
        }
        return Arrays.copyOfRange(message, start, start + length);
    }

    private static String text(byte[] bytes, boolean unicode) {
        return new String(bytes, unicode ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1);
    }

    private static byte[] utf16(String s) {
        return s.getBytes(StandardCharsets.UTF_16LE);
    }

    private static int le16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    private static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }
}
