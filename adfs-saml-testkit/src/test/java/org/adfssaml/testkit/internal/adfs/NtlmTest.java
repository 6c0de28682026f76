package org.adfssaml.testkit.internal.adfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class NtlmTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void ntHashWhenPasswordIsSpecExampleThenMsNlmpValue() {
        // MS-NLMP 4.2.2.1.2 / 4.2.4.1.1: NTOWFv1("Password")
        assertThat(HEX.formatHex(Ntlm.ntHash("Password".toCharArray())))
                .isEqualTo("a4f49c406510bdcab6824ee7c30fd852");
    }

    @Test
    void challengeWhenBuiltThenType2WithTargetInfoAndFreshChallenge() {
        byte[] type1 = type1(0x00088207);

        Ntlm.Challenge first = Ntlm.challenge(type1, "EXAMPLE", "example.test", "ADFS", Instant.EPOCH);
        Ntlm.Challenge second = Ntlm.challenge(type1, "EXAMPLE", "example.test", "ADFS", Instant.EPOCH);

        assertThat(Ntlm.messageType(first.message())).isEqualTo(2);
        int flags = ByteBuffer.wrap(first.message(), 20, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertThat(flags & 0x00800000).as("NEGOTIATE_TARGET_INFO").isNotZero();
        assertThat(new String(first.message(), 48, 14, StandardCharsets.UTF_16LE)).isEqualTo("EXAMPLE");
        assertThat(first.serverChallenge()).hasSize(8).isNotEqualTo(second.serverChallenge());
    }

    @Test
    void verifyWhenResponseComputedWithPasswordThenTrueAndOtherPasswordFalse() throws Exception {
        byte[] serverChallenge = HEX.parseHex("0123456789abcdef");
        byte[] blob = HEX.parseHex("01010000000000000090d336b734c301ffffff001122334400000000020000000000");
        byte[] ntowfv2 = hmac(Ntlm.ntHash("Secret1!".toCharArray()),
                "ALICEEXAMPLE".getBytes(StandardCharsets.UTF_16LE));
        byte[] proof = hmac(ntowfv2, concat(serverChallenge, blob));
        Ntlm.Authenticate auth = new Ntlm.Authenticate("alice", "EXAMPLE", "WS", concat(proof, blob));

        assertThat(Ntlm.verifyNtlmV2(auth, serverChallenge, "Secret1!".toCharArray())).isTrue();
        assertThat(Ntlm.verifyNtlmV2(auth, serverChallenge, "Secret2!".toCharArray())).isFalse();
        assertThat(Ntlm.verifyNtlmV2(new Ntlm.Authenticate("alice", "EXAMPLE", "WS", new byte[24]),
                serverChallenge, "Secret1!".toCharArray())).as("NTLMv1-sized response").isFalse();
        assertThat(auth.toString()).isEqualTo("Authenticate[user=alice, domain=EXAMPLE, workstation=WS]");
    }

    @Test
    void parseWhenNotNtlmOrTruncatedThenEmpty() {
        assertThat(Ntlm.messageType("hello".getBytes(StandardCharsets.US_ASCII))).isZero();
        assertThat(Ntlm.parseAuthenticate(type1(0))).isEmpty();
        byte[] truncated = new byte[64];
        System.arraycopy("NTLMSSP\0".getBytes(StandardCharsets.US_ASCII), 0, truncated, 0, 8);
        truncated[8] = 3;
        truncated[20] = 100; // NT response length pointing outside the message
        assertThat(Ntlm.parseAuthenticate(truncated)).isEmpty();
    }

    private static byte[] type1(int flags) {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.put("NTLMSSP\0".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(flags);
        return b.array();
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec(key, "HmacMD5"));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
