package org.adfssaml.testkit.internal.sts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The verifier against vectors of AWS's published Signature Version 4 test suite. */
class SigV4VerifierTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String DATE = "20150830T123600Z";
    private static final Map<String, List<String>> HEADERS = Map.of(
            "host", List.of("example.amazonaws.com"), "x-amz-date", List.of(DATE),
            "my-header1", List.of(" value1"), "my-header2", List.of("\"a   b   c\""));

    private static String authorization(String signedHeaders, String signature) {
        return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders="
                + signedHeaders + ", Signature=" + signature;
    }

    private static String expected(String header, String method, String query) {
        SigV4Verifier.Authorization auth = SigV4Verifier.parse(header).orElseThrow();
        return SigV4Verifier.expectedSignature(auth, SECRET, method, "/", query, HEADERS::get, DATE,
                "".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void expectedSignatureWhenGetVanillaThenMatchesSuite() {
        String signature = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

        assertThat(expected(authorization("host;x-amz-date", signature), "GET", null)).isEqualTo(signature);
    }

    @Test
    void expectedSignatureWhenQueryParametersUnsortedThenSortedAsSuite() {
        String signature = "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500";

        assertThat(expected(authorization("host;x-amz-date", signature), "GET", "Param2=value2&Param1=value1"))
                .isEqualTo(signature);
    }

    @Test
    void expectedSignatureWhenPostVanillaThenMatchesSuite() {
        String signature = "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b";

        assertThat(expected(authorization("host;x-amz-date", signature), "POST", null)).isEqualTo(signature);
    }

    @Test
    void expectedSignatureWhenHeaderValuesNeedTrimmingThenTrimmedAsSuite() {
        String signature = "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736";

        assertThat(expected(authorization("host;my-header1;my-header2;x-amz-date", signature), "GET", null))
                .isEqualTo(signature);
    }

    @Test
    void parseWhenHeaderWellFormedThenScopeAndSignedHeaders() {
        SigV4Verifier.Authorization auth = SigV4Verifier.parse(authorization("host;x-amz-date",
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")).orElseThrow();

        assertThat(auth.accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(auth.scope()).isEqualTo("20150830/us-east-1/service/aws4_request");
        assertThat(auth.signedHeaders()).containsExactly("host", "x-amz-date");
    }

    @Test
    void parseWhenNotSigV4ThenEmpty() {
        assertThat(SigV4Verifier.parse("AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=")).isEmpty();
        assertThat(SigV4Verifier.parse(null)).isEmpty();
        assertThat(SigV4Verifier.parse("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/other, "
                + "SignedHeaders=host, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")).isEmpty();
    }

    @Test
    void matchesWhenOneCharacterDiffersThenFalse() {
        assertThat(SigV4Verifier.matches("abc", "abc")).isTrue();
        assertThat(SigV4Verifier.matches("abc", "abd")).isFalse();
    }
}
