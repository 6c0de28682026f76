package org.adfssaml.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.adfssaml.core.SamlResponse;
import org.adfssaml.provider.AdfsSignInException;
import org.adfssaml.testkit.TestIdp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamlTrustTest {
    private static final URI METADATA = URI.create("https://adfs.example.test/FederationMetadata/2007-06/FederationMetadata.xml");

    private static TestIdp idp;

    @BeforeAll
    static void generateIdp() {
        idp = TestIdp.generate();
    }

    private static SamlResponse response() {
        return SamlResponse.parse(idp.response().role("123456789012", "AWS-Dev", "ADFS").base64());
    }

    @Test
    void defaultMetadataUrlWhenEntryUrlHasPathAndQueryThenWellKnownPathOnTheSameOrigin() {
        assertThat(SamlTrust.defaultMetadataUrl(URI.create(
            "https://adfs.example.test:8443/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:amazon:webservices")))
            .isEqualTo(URI.create("https://adfs.example.test:8443/FederationMetadata/2007-06/FederationMetadata.xml"));
    }

    @Test
    void applyWhenCalledTwiceThenMetadataFetchedOnce() {
        List<URI> fetched = new ArrayList<>();
        SamlTrust trust = SamlTrust.resolving(List.of(), List.of(METADATA), url -> {
            fetched.add(url);
            return idp.federationMetadataXml().getBytes(StandardCharsets.UTF_8);
        }, Clock.systemUTC(), Duration.ofMinutes(5), null);

        trust.apply(response());
        trust.apply(response());

        assertThat(fetched).containsExactly(METADATA);
        assertThat(trust).hasToString("metadata " + METADATA);
    }

    @Test
    void applyWhenDocumentIsNotMetadataThenErrorNamesUrlAndHowToConfigureTrust() {
        SamlTrust trust = SamlTrust.resolving(List.of(), List.of(METADATA),
                                              url -> "<html>sign in</html>".getBytes(StandardCharsets.UTF_8),
                                              Clock.systemUTC(), Duration.ofMinutes(5), null);

        assertThatThrownBy(() -> trust.apply(response()))
            .isInstanceOf(AdfsSignInException.class)
            .hasMessageStartingWith("The document at " + METADATA + " is not usable federation metadata: ")
            .hasMessageEndingWith("; " + SamlTrust.HINT);
    }

    private static SamlTrust cachedTrust(List<URI> fetched, Path cacheDirectory, Clock clock) {
        return SamlTrust.resolving(List.of(), List.of(METADATA), url -> {
            fetched.add(url);
            return idp.federationMetadataXml().getBytes(StandardCharsets.UTF_8);
        }, clock, Duration.ofMinutes(5), MetadataCache.in(cacheDirectory, clock));
    }

    @Test
    void applyWhenAnotherInstanceCachedTheMetadataThenNotFetchedAgain(@TempDir Path home) throws Exception {
        List<URI> fetched = new ArrayList<>();
        Path directory = home.resolve("metadata");

        cachedTrust(fetched, directory, Clock.systemUTC()).apply(response());
        cachedTrust(fetched, directory, Clock.systemUTC()).apply(response());

        assertThat(fetched).containsExactly(METADATA);
        Path file = MetadataCache.in(directory, Clock.systemUTC()).fileFor(METADATA);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        assertThat(Files.readString(file)).contains("# url: " + METADATA + "\n").contains(idp.certificatePem().strip());
    }

    @Test
    void prepareWhenCacheHoldsTheMetadataThenValidatorBuiltFromItAndNothingFetched(@TempDir Path home) {
        List<URI> fetched = new ArrayList<>();
        cachedTrust(fetched, home, Clock.systemUTC()).apply(response());
        SamlTrust second = cachedTrust(fetched, home, Clock.systemUTC());
        Path cacheFile = MetadataCache.in(home, Clock.systemUTC()).fileFor(METADATA);

        second.prepare();
        assertThatCode(() -> Files.delete(cacheFile)).doesNotThrowAnyException();
        second.apply(response());

        assertThat(fetched).as("only the first instance fetched; the second validated with what prepare read")
                           .containsExactly(METADATA);
    }

    @Test
    void prepareWhenCacheIsEmptyThenNothingFetchedUntilApply(@TempDir Path home) {
        List<URI> fetched = new ArrayList<>();
        SamlTrust trust = cachedTrust(fetched, home, Clock.systemUTC());

        trust.prepare();
        assertThat(fetched).isEmpty();
        trust.apply(response());

        assertThat(fetched).containsExactly(METADATA);
    }

    @Test
    void applyWhenCachedCertificateDoesNotSignTheResponseThenFetchedAgainAndCacheReplaced(@TempDir Path home) {
        List<URI> fetched = new ArrayList<>();
        Path directory = home.resolve("metadata");
        MetadataCache cache = MetadataCache.in(directory, Clock.systemUTC());
        cache.write(METADATA, List.of(TestIdp.generate().certificate())); // the certificate before a rollover

        SamlResponse valid = cachedTrust(fetched, directory, Clock.systemUTC()).apply(response());

        assertThat(valid.roles()).hasSize(1);
        assertThat(fetched).containsExactly(METADATA);
        assertThat(cache.read(METADATA)).contains(List.of(idp.certificate()));
    }

    @Test
    void applyWhenCacheEntryIsOlderThanMaxAgeThenFetchedAgain(@TempDir Path home) {
        List<URI> fetched = new ArrayList<>();
        Path directory = home.resolve("metadata");
        Instant now = Instant.now();
        Clock then = Clock.fixed(now.minus(MetadataCache.MAX_AGE).minusSeconds(60), ZoneOffset.UTC);
        MetadataCache.in(directory, then).write(METADATA, List.of(idp.certificate()));

        cachedTrust(fetched, directory, Clock.fixed(now, ZoneOffset.UTC)).apply(response());

        assertThat(fetched).containsExactly(METADATA);
        assertThat(MetadataCache.in(directory, Clock.fixed(now.plusSeconds(1), ZoneOffset.UTC)).read(METADATA))
            .contains(List.of(idp.certificate()));
    }

    @Test
    void readWhenEntryIsCorruptOrForAnotherUrlThenEmptyAndLeftForTheNextWrite(@TempDir Path home) throws Exception {
        MetadataCache cache = MetadataCache.in(home, Clock.systemUTC());
        Path file = cache.fileFor(METADATA);
        Files.writeString(file, "# url: " + METADATA + "\n# fetched: yesterday\n");
        assertThat(cache.read(METADATA)).isEmpty();

        cache.write(METADATA, List.of(idp.certificate()));
        Files.writeString(file, Files.readString(file).replace(METADATA.toString(), "https://other.example.test/m.xml"));
        assertThat(cache.read(METADATA)).isEmpty();

        cache.write(METADATA, List.of(idp.certificate()));
        assertThat(cache.read(METADATA)).contains(List.of(idp.certificate()));
    }

    @Test
    void applyWhenSkippingThenResponseReturnedUnchecked() {
        SamlResponse unsigned = SamlResponse.parse(idp.response().role("123456789012", "AWS-Dev", "ADFS").unsigned().base64());

        assertThat(SamlTrust.skipping().apply(unsigned)).isSameAs(unsigned);
    }
}
