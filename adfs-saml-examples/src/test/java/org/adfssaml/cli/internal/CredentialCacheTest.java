package org.adfssaml.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class CredentialCacheTest {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    @TempDir
    Path dir;

    private final AtomicInteger signIns = new AtomicInteger();

    private AwsSessionCredentials signIn(Duration lifetime) {
        int n = signIns.incrementAndGet();
        return AwsSessionCredentials.builder().accessKeyId("ASIA" + n).secretAccessKey("secret" + n)
                .sessionToken("token" + n).expirationTime(NOW.plus(lifetime)).build();
    }

    private CredentialCache cacheAt(Instant now) {
        return new CredentialCache(dir, "profile\nsettings", Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void getWhenCachedCredentialsLiveLongerThanFiveMinutesThenReusedWithoutSignIn() throws Exception {
        cacheAt(NOW).get(() -> signIn(Duration.ofHours(1)));

        AwsSessionCredentials again = cacheAt(NOW.plus(Duration.ofMinutes(54))).get(() -> signIn(Duration.ofHours(1)));

        assertThat(again.accessKeyId()).isEqualTo("ASIA1");
        assertThat(signIns).hasValue(1);
    }

    @Test
    void getWhenCachedCredentialsExpireWithinFiveMinutesThenSignsInAgainAndReplacesTheFile() throws Exception {
        CredentialCache first = cacheAt(NOW);
        first.get(() -> signIn(Duration.ofHours(1)));

        AwsSessionCredentials fresh = cacheAt(NOW.plus(Duration.ofMinutes(56))).get(() -> signIn(Duration.ofHours(2)));

        assertThat(fresh.accessKeyId()).isEqualTo("ASIA2");
        assertThat(Files.readString(first.file())).contains("\"AccessKeyId\":\"ASIA2\"");
    }

    @Test
    void getWhenCacheFileIsGarbageThenSignsIn() throws Exception {
        CredentialCache cache = cacheAt(NOW);
        Files.writeString(cache.file(), "not json");

        AwsSessionCredentials credentials = cache.get(() -> signIn(Duration.ofHours(1)));

        assertThat(credentials.accessKeyId()).isEqualTo("ASIA1");
    }
}
