package org.adfssaml.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.adfssaml.cli.AdfsSamlCli;
import org.adfssaml.core.SamlValidator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code --trust-cert} and {@code --trust-metadata}: what a SAML response's signature is checked against. */
public final class TrustOptions {

    private static final int MAX_METADATA_BYTES = 1 << 20;

    final CliOption<List<Path>> trustCerts = CliOption.list(Path.class, OptionSpec.builder("--trust-cert")
            .paramLabel("PEM").description("PEM file of the IdP's token-signing certificate(s); repeatable."));

    final CliOption<String> trustMetadata = CliOption.of(String.class, OptionSpec.builder("--trust-metadata")
            .paramLabel("FILE|URL")
            .description("The IdP's FederationMetadata.xml (a file, or an https URL) whose signing "
                    + "certificates are trusted."));

    /** Adds these options to {@code command}. */
    void addTo(CommandSpec command) {
        CliOption.addTo(command, trustCerts, trustMetadata);
    }

    /** @return whether any trust was given */
    public boolean any() {
        return !trustCerts.value().isEmpty() || trustMetadata.value() != null;
    }

    /**
     * Adds the configured trust to a validator builder.
     *
     * @param builder the validator under construction
     * @param caBundle extra TLS trust for fetching metadata by URL, or {@code null}
     * @return the builder
     * @throws IOException when a file or URL cannot be read
     */
    public SamlValidator.Builder applyTo(SamlValidator.Builder builder, Path caBundle) throws IOException {
        for (Path pem : trustCerts.value()) {
            builder.trustedCertificatesPem(pem);
        }
        if (trustMetadata.value() != null) {
            builder.trustedMetadata(readMetadata(trustMetadata.value(), caBundle));
        }
        return builder;
    }

    static byte[] readMetadata(String fileOrUrl, Path caBundle) throws IOException {
        if (!fileOrUrl.startsWith("https://") && !fileOrUrl.startsWith("http://")) {
            return Files.readAllBytes(Path.of(fileOrUrl));
        }
        URI uri = URI.create(fileOrUrl);
        if ("http".equals(uri.getScheme()) && !Loopback.isLoopback(uri.getHost())) {
            throw new CliException(AdfsSamlCli.USAGE, "--trust-metadata: expected an https URL (plain http only to "
                    + "a loopback address, since the metadata decides which signatures are trusted), found " + uri);
        }
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (caBundle != null) {
            client.sslContext(Pem.sslContextTrusting(caBundle));
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build();
        try {
            HttpResponse<InputStream> response = client.build().send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new CliException(AdfsSamlCli.UNEXPECTED, "--trust-metadata: expected HTTP 200 from " + uri
                            + ", found HTTP " + response.statusCode());
                }
                byte[] bytes = body.readNBytes(MAX_METADATA_BYTES + 1);
                if (bytes.length > MAX_METADATA_BYTES) {
                    throw new CliException(AdfsSamlCli.UNEXPECTED, "--trust-metadata: expected at most "
                            + MAX_METADATA_BYTES + " bytes from " + uri + ", found more");
                }
                return bytes;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        }
    }
}
