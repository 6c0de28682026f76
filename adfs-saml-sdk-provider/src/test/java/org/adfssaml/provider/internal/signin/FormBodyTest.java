package org.adfssaml.provider.internal.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class FormBodyTest {

    @Test
    void encodeWhenSecretHasReservedAndNonAsciiCharactersThenSameAsUrlEncoder() {
        String secret = "p@ss w&rd=ü€😀+%";
        char[] password = secret.toCharArray();
        FormBody body = new FormBody().add("UserName", "EXAMPLE\\alice").addSecret("Password", password);

        String encoded = new String(body.toBytes(), StandardCharsets.US_ASCII);

        assertThat(encoded).isEqualTo("UserName=" + URLEncoder.encode("EXAMPLE\\alice", StandardCharsets.UTF_8)
                + "&Password=" + URLEncoder.encode(secret, StandardCharsets.UTF_8));
        assertThat(password).containsExactly(secret.toCharArray());
    }

    @Test
    void wipeWhenCalledThenInternalBufferIsZeroedAndEmpty() {
        FormBody body = new FormBody().addSecret("Password", "x".repeat(2000).toCharArray());

        body.wipe();

        assertThat(body.toBytes()).isEmpty();
    }
}
