package org.adfssaml.provider;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import org.adfssaml.provider.internal.FlatJson;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The AWS CLI {@code credential_process} output format (Version 1) for session credentials, written and read back
 * without a JSON library.
 *
 * <p>Written as one line:
 * <pre>{@code {"Version":1,"AccessKeyId":"ASIA...","SecretAccessKey":"...","SessionToken":"...","Expiration":"2026-11-22T13:00:00Z"}}</pre>
 * {@code Expiration} is ISO-8601 UTC to the second (truncated down, so a consumer never believes the credentials live
 * longer than they do) and is left out when the credentials carry no expiration; {@code AccountId} is added when the
 * credentials carry one. Reading accepts any whitespace and member order, and the members the AWS CLI accepts.
 */
public final class CredentialProcessOutput {

    private CredentialProcessOutput() {
    }

    /**
     * Formats credentials as credential_process JSON (no trailing newline).
     *
     * @param credentials session credentials
     * @return the JSON text
     */
    public static String toJson(AwsSessionCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        StringBuilder out = new StringBuilder(1024);
        out.append("{\"Version\":1,\"AccessKeyId\":");
        FlatJson.appendString(out, credentials.accessKeyId());
        out.append(",\"SecretAccessKey\":");
        FlatJson.appendString(out, credentials.secretAccessKey());
        out.append(",\"SessionToken\":");
        FlatJson.appendString(out, credentials.sessionToken());
        credentials.expirationTime().ifPresent(expiration -> {
            out.append(",\"Expiration\":");
            FlatJson.appendString(out, formatInstant(expiration));
        });
        credentials.accountId().ifPresent(accountId -> {
            out.append(",\"AccountId\":");
            FlatJson.appendString(out, accountId);
        });
        out.append('}');
        return out.toString();
    }

    /**
     * Reads credential_process JSON back, e.g. from an on-disk cache.
     *
     * @param json the JSON text
     * @return the credentials, with expiration and account id when present
     * @throws IllegalArgumentException when the text is not Version 1 credential_process JSON with AccessKeyId,
     *                                  SecretAccessKey and SessionToken; the message names the member, never a value
     */
    public static AwsSessionCredentials parse(String json) {
        Objects.requireNonNull(json, "json");
        Map<String, Object> members = FlatJson.parseObject(json);
        Object version = members.get("Version");
        if (!(version instanceof BigDecimal number) || number.compareTo(BigDecimal.ONE) != 0) {
            throw new IllegalArgumentException("Invalid credential_process JSON: expected \"Version\": 1, found "
                                               + describe(version, members.containsKey("Version")));
        }
        AwsSessionCredentials.Builder builder = AwsSessionCredentials.builder()
                                                                     .accessKeyId(requiredString(members, "AccessKeyId"))
                                                                     .secretAccessKey(requiredString(members, "SecretAccessKey"))
                                                                     .sessionToken(requiredString(members, "SessionToken"));
        String expiration = optionalString(members, "Expiration");
        if (expiration != null) {
            try {
                builder.expirationTime(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(expiration, Instant::from));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("Invalid credential_process JSON: expected \"Expiration\" as an ISO-8601 "
                                                   + "timestamp such as 2026-11-22T13:00:00Z, found \"" + expiration + "\"", e);
            }
        }
        String accountId = optionalString(members, "AccountId");
        if (accountId != null) {
            builder.accountId(accountId);
        }
        return builder.build();
    }

    /**
     * Whether credentials (e.g. read back from a {@code credential_process} cache) stay valid for at least a margin,
     * so a cache can serve them instead of signing in again.
     *
     * @param credentials the credentials
     * @param margin      how long they must still be valid, e.g. 5 minutes
     * @param clock       the current time
     * @return {@code true} when they carry an expiration later than now plus the margin; {@code false} when they
     *         expire sooner or carry no expiration
     */
    public static boolean isValidFor(AwsSessionCredentials credentials, Duration margin, Clock clock) {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(margin, "margin");
        Objects.requireNonNull(clock, "clock");
        return credentials.expirationTime().map(expiry -> expiry.isAfter(clock.instant().plus(margin))).orElse(false);
    }

    static String formatInstant(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String requiredString(Map<String, Object> members, String name) {
        Object value = members.get(name);
        if (!(value instanceof String text) || text.isEmpty()) {
            throw new IllegalArgumentException("Invalid credential_process JSON: expected \"" + name
                                               + "\" as a non-empty string, found "
                                               + describe(value, members.containsKey(name)));
        }
        return text;
    }

    private static String optionalString(Map<String, Object> members, String name) {
        Object value = members.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException("Invalid credential_process JSON: expected \"" + name + "\" as a string, found "
                                               + describe(value, true));
        }
        return text;
    }

    private static String describe(Object value, boolean present) {
        if (!present) {
            return "no such member";
        }
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof BigDecimal number) {
            return "the number " + number.toPlainString();
        }
        return String.valueOf(value);
    }
}
