package org.adfssaml.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class CredentialProcessOutputTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String TOKEN = "FwoGZXIvYXdzEXAMPLETOKEN+/abc==";

    private static AwsSessionCredentials.Builder credentials() {
        return AwsSessionCredentials.builder()
                                    .accessKeyId("ASIAEXAMPLE0000001")
                                    .secretAccessKey(SECRET)
                                    .sessionToken(TOKEN);
    }

    @Test
    void toJsonWhenExpirationPresentThenExactVersion1Document() {
        String json = CredentialProcessOutput.toJson(credentials().expirationTime(Instant.parse("2026-11-22T13:00:00.999Z"))
                                                                  .build());

        assertThat(json).isEqualTo("{\"Version\":1,\"AccessKeyId\":\"ASIAEXAMPLE0000001\",\"SecretAccessKey\":\"" + SECRET
                                   + "\",\"SessionToken\":\"" + TOKEN + "\",\"Expiration\":\"2026-11-22T13:00:00Z\"}");
    }

    @Test
    void toJsonWhenNoExpirationButAccountIdThenOmitsExpirationAndAddsAccountId() {
        String json = CredentialProcessOutput.toJson(credentials().accountId("123456789012").build());

        assertThat(json).isEqualTo("{\"Version\":1,\"AccessKeyId\":\"ASIAEXAMPLE0000001\",\"SecretAccessKey\":\"" + SECRET
                                   + "\",\"SessionToken\":\"" + TOKEN + "\",\"AccountId\":\"123456789012\"}");
    }

    @Test
    void toJsonWhenValueNeedsEscapingThenValidJsonThatParsesBack() {
        AwsSessionCredentials odd = AwsSessionCredentials.create("A\"B\\C", "tab\there\u0001", "token");

        String json = CredentialProcessOutput.toJson(odd);

        assertThat(json).contains("\"AccessKeyId\":\"A\\\"B\\\\C\"", "\"SecretAccessKey\":\"tab\\there\\u0001\"");
        AwsSessionCredentials back = CredentialProcessOutput.parse(json);
        assertThat(back.accessKeyId()).isEqualTo("A\"B\\C");
        assertThat(back.secretAccessKey()).isEqualTo("tab\there\u0001");
    }

    @Test
    void parseWhenWrittenThenSameCredentials() {
        AwsSessionCredentials original = credentials().expirationTime(Instant.parse("2026-11-22T13:00:00Z"))
                                                      .accountId("123456789012").build();

        AwsSessionCredentials back = CredentialProcessOutput.parse(CredentialProcessOutput.toJson(original));

        assertThat(back.accessKeyId()).isEqualTo("ASIAEXAMPLE0000001");
        assertThat(back.secretAccessKey()).isEqualTo(SECRET);
        assertThat(back.sessionToken()).isEqualTo(TOKEN);
        assertThat(back.expirationTime()).contains(Instant.parse("2026-11-22T13:00:00Z"));
        assertThat(back.accountId()).contains("123456789012");
    }

    @Test
    void parseWhenPrettyPrintedAwsCliDocumentWithOffsetThenReadsIt() {
        String json = "{\n  \"SessionToken\" : \"" + TOKEN + "\",\n  \"Version\": 1,\n  \"AccessKeyId\": \"AKID\",\n"
                      + "  \"SecretAccessKey\": \"" + SECRET + "\",\n  \"Expiration\": \"2026-11-22T14:00:00+01:00\"\n}\n";

        AwsSessionCredentials back = CredentialProcessOutput.parse(json);

        assertThat(back.expirationTime()).contains(Instant.parse("2026-11-22T13:00:00Z"));
        assertThat(back.accessKeyId()).isEqualTo("AKID");
    }

    @Test
    void parseWhenVersionIsNot1ThenErrorSaysWhatWasFound() {
        assertThatThrownBy(() -> CredentialProcessOutput.parse("{\"Version\":2,\"AccessKeyId\":\"A\"}"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Invalid credential_process JSON: expected \"Version\": 1, found the number 2");
        assertThatThrownBy(() -> CredentialProcessOutput.parse("{\"AccessKeyId\":\"A\"}"))
            .hasMessage("Invalid credential_process JSON: expected \"Version\": 1, found no such member");
    }

    @Test
    void parseWhenSessionTokenMissingThenErrorNamesTheMember() {
        assertThatThrownBy(() -> CredentialProcessOutput.parse("{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\""
                                                               + SECRET + "\"}"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Invalid credential_process JSON: expected \"SessionToken\" as a non-empty string, found no such member");
    }

    @Test
    void parseWhenExpirationMalformedThenErrorShowsExpectedFormat() {
        assertThatThrownBy(() -> CredentialProcessOutput.parse("{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\","
                                                               + "\"SessionToken\":\"T\",\"Expiration\":\"tomorrow\"}"))
            .hasMessage("Invalid credential_process JSON: expected \"Expiration\" as an ISO-8601 timestamp such as "
                        + "2026-11-22T13:00:00Z, found \"tomorrow\"");
    }

    @Test
    void parseWhenTruncatedThenErrorGivesOffsetAndNoSecret() {
        String truncated = "{\"Version\":1,\"SecretAccessKey\":\"" + SECRET;

        assertThatThrownBy(() -> CredentialProcessOutput.parse(truncated))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Invalid JSON at offset " + truncated.length() + ": expected a closing '\"', found the end of the input")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void parseWhenNestedOrTrailingTextThenErrorGivesOffset() {
        assertThatThrownBy(() -> CredentialProcessOutput.parse("{\"Version\":{}}"))
            .hasMessage("Invalid JSON at offset 11: expected a string, number, true, false or null (nested objects and "
                        + "arrays are not part of this format), found another character");
        assertThatThrownBy(() -> CredentialProcessOutput.parse("{\"Version\":1} x"))
            .hasMessage("Invalid JSON at offset 14: expected the end of the input after the object, found another character");
        assertThatThrownBy(() -> CredentialProcessOutput.parse("{\"Version\":1,\"Version\":1}"))
            .hasMessage("Invalid JSON at offset 13: expected each member once, found \"Version\" twice");
    }

    @Test
    void isValidForWhenExpiryBeyondMarginThenTrueElseFalse() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
        AwsSessionCredentials expiring = credentials().expirationTime(Instant.parse("2026-11-22T12:05:00Z")).build();

        assertThat(CredentialProcessOutput.isValidFor(expiring, Duration.ofMinutes(4), clock)).isTrue();
        assertThat(CredentialProcessOutput.isValidFor(expiring, Duration.ofMinutes(5), clock)).isFalse();
        assertThat(CredentialProcessOutput.isValidFor(credentials().build(), Duration.ZERO, clock)).isFalse();
    }
}
