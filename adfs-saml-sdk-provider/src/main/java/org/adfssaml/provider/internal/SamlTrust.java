package org.adfssaml.provider.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.adfssaml.core.FederationMetadata;
import org.adfssaml.core.OpenSamlBootstrap;
import org.adfssaml.core.SamlError;
import org.adfssaml.core.SamlErrorCodes;
import org.adfssaml.core.SamlResponse;
import org.adfssaml.core.SamlValidationException;
import org.adfssaml.core.SamlValidator;
import org.adfssaml.provider.AdfsSignInException;
import org.adfssaml.provider.internal.signin.EntryUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the credentials provider trusts to sign SAML responses, and the validation that follows from it: a caller's own
 * {@link SamlValidator}; pinned certificates (PEM files, metadata files, read when the provider is built); federation
 * metadata URLs, fetched on the first sign-in (or read from a {@link MetadataCache}), kept for the provider's lifetime
 * and fetched again once when a response is signed by a certificate they do not list (AD FS publishes the next token-signing certificate in its metadata
 * before it rolls over); or, only when the caller says so, nothing at all.
 *
 * <p>Thread-safe.
 */
public final class SamlTrust implements UnaryOperator<SamlResponse> {

    /** The path AD FS serves its federation metadata at. */
    public static final String ADFS_METADATA_PATH = "/FederationMetadata/2007-06/FederationMetadata.xml";

    /** How to configure trust instead, or turn validation off: appended to every trust error. */
    public static final String HINT = "configure trust with adfs_trust_metadata (a FederationMetadata.xml file or https URL) "
                                      + "or adfs_trust_cert (PEM token-signing certificates) in the profile, or "
                                      + "trustMetadata / trustMetadataUrl / trustCertificates on the builder; or turn SAML "
                                      + "validation off explicitly with adfs_verify_saml = false / skipSamlValidation()";

    private static final Logger LOG = LoggerFactory.getLogger(SamlTrust.class);

    private final boolean skip;
    private final SamlValidator fixed;
    private final List<X509Certificate> pinned;
    private final List<URI> metadataUrls;
    private final Function<URI, byte[]> fetcher;
    private final Clock clock;
    private final Duration clockSkew;
    private final MetadataCache cache;
    private final String description;

    private SamlValidator fetched; // guarded by this

    private SamlTrust(boolean skip, SamlValidator fixed, List<X509Certificate> pinned, List<URI> metadataUrls,
                      Function<URI, byte[]> fetcher, Clock clock, Duration clockSkew, MetadataCache cache,
                      String description) {
        this.skip = skip;
        this.fixed = fixed;
        this.pinned = List.copyOf(pinned);
        this.metadataUrls = List.copyOf(metadataUrls);
        this.fetcher = fetcher;
        this.clock = clock;
        this.clockSkew = clockSkew;
        this.cache = cache;
        this.description = description;
    }

    /** @return trust that checks nothing: responses are only parsed */
    public static SamlTrust skipping() {
        return new SamlTrust(true, null, List.of(), List.of(), null, null, null, null, "skipped");
    }

    /**
     * @param validator the caller's validator, used as it is
     * @return trust that validates with it
     */
    public static SamlTrust using(SamlValidator validator) {
        return new SamlTrust(false, Objects.requireNonNull(validator, "validator"), List.of(), List.of(), null, null, null,
                             null, "custom validator");
    }

    /**
     * Trust in pinned certificates and federation metadata URLs (both add up), checking the full set: signature,
     * audience, destination / recipient and time.
     *
     * @param pinned       certificates trusted as they are
     * @param metadataUrls metadata fetched on the first use, and again on an untrusted signer
     * @param fetcher      fetches a metadata URL (verified TLS, size limit, timeouts); throws on any failure
     * @param clock        the clock of the time checks
     * @param clockSkew    the allowed clock difference with the IdP
     * @param cache        where fetched metadata is kept across processes, or null to fetch in every new instance
     * @return the trust
     * @throws IllegalArgumentException when there is neither a certificate nor a URL
     */
    public static SamlTrust resolving(List<X509Certificate> pinned, List<URI> metadataUrls, Function<URI, byte[]> fetcher,
                                      Clock clock, Duration clockSkew, MetadataCache cache) {
        if (pinned.isEmpty() && metadataUrls.isEmpty()) {
            throw new IllegalArgumentException("No trust for the SAML response's signature: expected certificates or a "
                                               + "federation metadata URL, found none; " + HINT);
        }
        for (URI url : metadataUrls) {
            requireMetadataUrl(url);
        }
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative, found " + clockSkew);
        }
        List<String> parts = new ArrayList<>();
        metadataUrls.forEach(u -> parts.add("metadata " + EntryUrl.withoutQuery(u)));
        if (!pinned.isEmpty()) {
            parts.add(pinned.size() + " pinned certificate" + (pinned.size() == 1 ? "" : "s"));
        }
        return new SamlTrust(false, null, pinned, metadataUrls, Objects.requireNonNull(fetcher, "fetcher"),
                             Objects.requireNonNull(clock, "clock"), clockSkew, cache, String.join(" + ", parts));
    }

    /**
     * The metadata URL of the IdP a sign-in starts at: AD FS's well-known path on the same origin, so that the
     * signing certificates are as trustworthy as the TLS connection the sign-in itself relies on.
     *
     * @param entryUrl the sign-in's entry URL
     * @return {@code scheme://host[:port]/FederationMetadata/2007-06/FederationMetadata.xml}
     */
    public static URI defaultMetadataUrl(URI entryUrl) {
        return URI.create(entryUrl.getScheme().toLowerCase(Locale.ROOT) + "://" + entryUrl.getRawAuthority()
                          + ADFS_METADATA_PATH);
    }

    /**
     * Refuses a metadata URL that is not absolute https (or http to a loopback host), or that carries user info.
     *
     * @param url the configured URL
     * @return the URL
     * @throws IllegalArgumentException naming the URL and what was expected
     */
    public static URI requireMetadataUrl(URI url) {
        Objects.requireNonNull(url, "metadata URL");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || url.getHost() == null || url.getRawUserInfo() != null
            || !(scheme.equals("https") || scheme.equals("http") && EntryUrl.isLoopback(url.getHost()))) {
            throw new IllegalArgumentException("Invalid federation metadata URL " + EntryUrl.withoutQuery(url)
                                               + ": expected an absolute https URL without user info (plain http only to "
                                               + "a loopback host: localhost, 127.0.0.0/8, ::1)");
        }
        return url;
    }

    /**
     * Reads the token-signing certificates of a FederationMetadata.xml file.
     *
     * @param file the file
     * @return its signing certificates
     * @throws IllegalArgumentException naming the file when it cannot be read or holds none
     */
    public static List<X509Certificate> metadataFile(Path file) {
        try {
            return FederationMetadata.parse(file).signingCertificates();
        } catch (UncheckedIOException | SamlValidationException e) {
            throw new IllegalArgumentException("Federation metadata file " + file + " could not be used: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the certificates of a PEM file.
     *
     * @param file the file
     * @return its certificates
     * @throws IllegalArgumentException naming the file when it cannot be read or holds none
     */
    public static List<X509Certificate> pemFile(Path file) {
        try {
            byte[] pem = Files.readAllBytes(file);
            if (!new String(pem, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
                throw new IllegalArgumentException("Trusted certificate file " + file
                                                   + ": expected PEM 'BEGIN CERTIFICATE' blocks, found none");
            }
            return pemCertificates(pem);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Trusted certificate file " + file + ": expected a readable PEM file of "
                                               + "certificates, found an error: " + e.getMessage(), e);
        }
    }

    /** The certificates of PEM text (text outside the blocks is skipped); shared with {@link MetadataCache}. */
    static List<X509Certificate> pemCertificates(byte[] pem) throws GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    /** @return whether responses go unchecked */
    public boolean skipped() {
        return skip;
    }

    /**
     * Initialises OpenSAML ahead of the first validation (the largest part of a cold start) and, when the metadata
     * cache holds every metadata URL, builds the validator from it, while the caller signs in. Metadata is never
     * fetched here: a sign-in that fails, or whose response cannot be decoded, makes no metadata request. Nothing
     * when skipping.
     */
    public void prepare() {
        if (skip) {
            return;
        }
        OpenSamlBootstrap.initialize();
        if (fixed == null && cache != null) {
            synchronized (this) {
                if (fetched == null) {
                    List<X509Certificate> certificates = new ArrayList<>(pinned);
                    for (URI url : metadataUrls) {
                        Optional<List<X509Certificate>> cached = cache.read(url);
                        if (cached.isEmpty()) {
                            return;
                        }
                        certificates.addAll(cached.get());
                    }
                    fetched = validatorOf(certificates);
                }
            }
        }
    }

    /**
     * Validates a response.
     *
     * @param response the response as signed in
     * @return the same response when valid (or when validation is skipped)
     * @throws SamlValidationException with every error when it is invalid
     * @throws AdfsSignInException     when the federation metadata cannot be fetched or used
     */
    @Override
    public SamlResponse apply(SamlResponse response) {
        if (skip) {
            return response;
        }
        if (fixed != null) {
            return fixed.validate(response);
        }
        SamlValidator validator = validator(false);
        List<SamlError> errors = validator.check(response);
        if (errors.isEmpty()) {
            return response;
        }
        if (metadataUrls.isEmpty() || errors.stream().noneMatch(e -> e.code().equals(SamlErrorCodes.UNTRUSTED_SIGNER))) {
            throw new SamlValidationException(errors);
        }
        LOG.info("The SAML response is signed by a certificate the federation metadata does not list; fetching {} again "
                 + "in case AD FS rolled its token-signing certificate over", describeUrls());
        return validator(true).validate(response);
    }

    private synchronized SamlValidator validator(boolean refetch) {
        if (fixed != null) {
            return fixed;
        }
        if (fetched == null || refetch) {
            List<X509Certificate> certificates = new ArrayList<>(pinned);
            for (URI url : metadataUrls) {
                certificates.addAll(certificatesOf(url, refetch));
            }
            fetched = validatorOf(certificates);
        }
        return fetched;
    }

    private SamlValidator validatorOf(List<X509Certificate> certificates) {
        return SamlValidator.builder()
                            .trustedCertificates(certificates)
                            .clock(clock)
                            .clockSkew(clockSkew)
                            .build();
    }

    private List<X509Certificate> certificatesOf(URI url, boolean refetch) {
        if (cache != null && !refetch) {
            Optional<List<X509Certificate>> cached = cache.read(url);
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        List<X509Certificate> certificates = fetch(url);
        if (cache != null) {
            cache.write(url, certificates);
        }
        return certificates;
    }

    private List<X509Certificate> fetch(URI url) {
        String where = EntryUrl.withoutQuery(url);
        byte[] xml;
        try {
            xml = fetcher.apply(url);
        } catch (RuntimeException e) {
            throw new AdfsSignInException("Could not fetch the IdP's federation metadata from " + where
                                          + " to validate the SAML response: " + e.getMessage() + "; " + HINT, e);
        }
        try {
            List<X509Certificate> certificates = FederationMetadata.parse(xml).signingCertificates();
            LOG.debug("Federation metadata from {}: {} signing certificate(s)", where, certificates.size());
            return certificates;
        } catch (SamlValidationException e) {
            throw new AdfsSignInException("The document at " + where + " is not usable federation metadata: "
                                          + e.getMessage() + "; " + HINT, e);
        }
    }

    private String describeUrls() {
        return String.join(", ", metadataUrls.stream().map(EntryUrl::withoutQuery).toList());
    }

    @Override
    public String toString() {
        return description;
    }
}
