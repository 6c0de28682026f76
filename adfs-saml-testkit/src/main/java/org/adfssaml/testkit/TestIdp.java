package org.adfssaml.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import org.adfssaml.testkit.internal.FederationMetadataWriter;
import org.adfssaml.testkit.internal.Pem;
import org.adfssaml.testkit.internal.SelfSignedCertificates;

/**
 * A test identity provider shaped like AD FS: a token-signing key and certificate, the issuer
 * {@code http://HOST/adfs/services/trust}, its {@code FederationMetadata.xml}, and a
 * {@link SamlResponseBuilder} that mints signed responses for AWS.
 *
 * <p>Instances are immutable and thread-safe. The key is generated at run time (RSA 2048,
 * self-signed SHA256withRSA certificate {@code CN=ADFS Signing - HOST}, valid from one day before
 * creation for one year, as AD FS's auto-rollover certificates) unless one is supplied through
 * {@link #builder()}. {@code toString()} never shows the private key.
 *
 * <pre>{@code
 * TestIdp idp = TestIdp.generate();
 * String samlResponse = idp.response().role("123456789012", "AWS-Dev", "ADFS").base64();
 * }</pre>
 */
public final class TestIdp {

    /** The host name {@link #generate()} uses. */
    public static final String DEFAULT_HOST = "adfs.example.test";

    private final String host;
    private final String issuer;
    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    private TestIdp(Builder builder) {
        this.host = requireText(builder.host, "host");
        this.issuer = builder.issuer != null ? requireText(builder.issuer, "issuer")
                : "http://" + host + "/adfs/services/trust";
        if ((builder.privateKey == null) != (builder.certificate == null)) {
            throw new IllegalArgumentException("credentials: expected both a private key and its certificate, found only "
                    + (builder.privateKey == null ? "a certificate" : "a private key"));
        }
        if (builder.privateKey != null) {
            if (!"RSA".equals(builder.privateKey.getAlgorithm())
                    || !(builder.certificate.getPublicKey() instanceof RSAPublicKey)) {
                throw new IllegalArgumentException("credentials: expected an RSA key and certificate, found "
                        + builder.privateKey.getAlgorithm() + " / " + builder.certificate.getPublicKey().getAlgorithm());
            }
            this.privateKey = builder.privateKey;
            this.certificate = builder.certificate;
        } else {
            Instant notBefore = builder.certificateNotBefore != null ? builder.certificateNotBefore
                    : Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
            Instant notAfter = builder.certificateNotAfter != null ? builder.certificateNotAfter
                    : notBefore.plus(Duration.ofDays(365));
            if (!notAfter.isAfter(notBefore)) {
                throw new IllegalArgumentException("certificate validity: expected notAfter after notBefore, found "
                        + notBefore + " .. " + notAfter);
            }
            KeyPair keyPair = SelfSignedCertificates.rsaKeyPair(2048);
            this.privateKey = keyPair.getPrivate();
            this.certificate = SelfSignedCertificates.selfSigned(keyPair, "ADFS Signing - " + host, notBefore, notAfter);
        }
    }

    /**
     * A new IdP for host {@value #DEFAULT_HOST} with a freshly generated key.
     *
     * @return the IdP
     */
    public static TestIdp generate() {
        return builder().build();
    }

    /**
     * A new IdP for a host (issuer {@code http://HOST/adfs/services/trust}) with a freshly generated key.
     *
     * @param host the AD FS host name, optionally with {@code :port}
     * @return the IdP
     */
    public static TestIdp generate(String host) {
        return builder().host(host).build();
    }

    /**
     * A builder for supplied keys, other issuers or fixed certificate validity.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The AD FS host name.
     *
     * @return the host, as given to the builder
     */
    public String host() {
        return host;
    }

    /**
     * The token-signing certificate.
     *
     * @return the certificate
     */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * The token-signing certificate as PEM ({@code -----BEGIN CERTIFICATE-----}), for
     * {@code --trust-cert} or {@code xmlsec1 --pubkey-cert-pem}.
     *
     * @return the PEM text
     */
    public String certificatePem() {
        try {
            return Pem.encode("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("the certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /**
     * The token-signing private key.
     *
     * @return the key
     */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /**
     * The issuer (entity ID) put into responses and metadata.
     *
     * @return e.g. {@code http://adfs.example.test/adfs/services/trust}
     */
    public String issuer() {
        return issuer;
    }

    /**
     * This IdP's {@code FederationMetadata.xml}, with sign-on endpoints at {@code https://HOST/adfs/ls/}.
     * Each call signs a new document (a fresh ID).
     *
     * @return the metadata XML
     */
    public String federationMetadataXml() {
        return federationMetadataXml(URI.create("https://" + host + "/"));
    }

    /**
     * This IdP's {@code FederationMetadata.xml} with sign-on endpoints under another base URI (an
     * emulator's {@code https://127.0.0.1:PORT/}).
     *
     * @param baseUri the server's base URI
     * @return the metadata XML
     */
    public String federationMetadataXml(URI baseUri) {
        Objects.requireNonNull(baseUri, "baseUri");
        return FederationMetadataWriter.write(issuer, baseUri, privateKey, certificate);
    }

    /**
     * Writes {@link #certificatePem()} to a file.
     *
     * @param file the target file (replaced)
     * @return the file
     */
    public Path writeCertificatePem(Path file) {
        return write(file, certificatePem());
    }

    /**
     * Writes {@link #federationMetadataXml()} to a file.
     *
     * @param file the target file (replaced)
     * @return the file
     */
    public Path writeFederationMetadata(Path file) {
        return write(file, federationMetadataXml());
    }

    /**
     * A new response builder for this IdP with AD FS's defaults.
     *
     * @return the builder
     */
    public SamlResponseBuilder response() {
        return new SamlResponseBuilder(this);
    }

    /**
     * A builder preset with this IdP's settings (the same key when it is kept).
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder().host(host).issuer(issuer).credentials(privateKey, certificate);
    }

    @Override
    public String toString() {
        return "TestIdp[issuer=" + issuer + ", certificate=" + certificate.getSubjectX500Principal().getName()
                + ", notAfter=" + certificate.getNotAfter().toInstant() + "]";
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": expected a non-blank value, found '" + value + "'");
        }
        return value;
    }

    /** Builds a {@link TestIdp}; not thread-safe. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private String issuer;
        private PrivateKey privateKey;
        private X509Certificate certificate;
        private Instant certificateNotBefore;
        private Instant certificateNotAfter;

        private Builder() {
        }

        /**
         * The AD FS host name. Default {@value TestIdp#DEFAULT_HOST}.
         *
         * @param value the host, optionally with {@code :port}
         * @return this builder
         */
        public Builder host(String value) {
            this.host = value;
            return this;
        }

        /**
         * The issuer. Default {@code http://HOST/adfs/services/trust}, as AD FS.
         *
         * @param value the issuer
         * @return this builder
         */
        public Builder issuer(String value) {
            this.issuer = value;
            return this;
        }

        /**
         * Uses a supplied RSA key and its certificate. Default: a new RSA 2048 key and self-signed certificate.
         *
         * @param key the private key
         * @param cert its certificate
         * @return this builder
         */
        public Builder credentials(PrivateKey key, X509Certificate cert) {
            this.privateKey = key;
            this.certificate = cert;
            return this;
        }

        /**
         * Validity of the generated certificate (ignored with {@link #credentials}). Default: from one
         * day before {@link #build()} for 365 days. Use it for tests with a fixed clock far from now.
         *
         * @param notBefore start of validity
         * @param notAfter end of validity
         * @return this builder
         */
        public Builder certificateValidity(Instant notBefore, Instant notAfter) {
            this.certificateNotBefore = Objects.requireNonNull(notBefore, "notBefore");
            this.certificateNotAfter = Objects.requireNonNull(notAfter, "notAfter");
            return this;
        }

        /**
         * Builds the IdP, generating a key unless one was supplied.
         *
         * @return the IdP
         * @throws IllegalArgumentException when a setting is invalid
         */
        public TestIdp build() {
            return new TestIdp(this);
        }
    }
}
