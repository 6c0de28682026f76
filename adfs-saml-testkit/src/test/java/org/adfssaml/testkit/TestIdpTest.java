package org.adfssaml.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;

import org.adfssaml.core.FederationMetadata;
import org.adfssaml.core.SamlValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestIdpTest {

    private static TestIdp idp;

    @BeforeAll
    static void idp() {
        idp = TestIdp.generate();
    }

    @Test
    void generateWhenDefaultsThenRsa2048SelfSignedAdfsCertificateAndIssuer() throws Exception {
        X509Certificate cert = idp.certificate();

        assertThat(((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=ADFS Signing - adfs.example.test");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        cert.verify(cert.getPublicKey());
        cert.checkValidity();
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(idp.issuer()).isEqualTo("http://adfs.example.test/adfs/services/trust");
        assertThat(idp.privateKey().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void generateWhenHostGivenThenIssuerAndCertificateNameUseIt() {
        TestIdp other = TestIdp.generate("sts.corp.example");

        assertThat(other.issuer()).isEqualTo("http://sts.corp.example/adfs/services/trust");
        assertThat(other.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=ADFS Signing - sts.corp.example");
        assertThat(other.certificate()).isNotEqualTo(idp.certificate());
    }

    @Test
    void certificatePemWhenDecodedThenSameCertificate() throws Exception {
        String pem = idp.certificatePem();

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(pem.lines().filter(l -> !l.startsWith("-----"))).allMatch(l -> l.length() <= 64);
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        assertThat(parsed).isEqualTo(idp.certificate());
    }

    @Test
    void writeCertificatePemWhenReadByCoreValidatorThenMintedResponseTrusted(@TempDir Path dir) {
        Path pem = idp.writeCertificatePem(dir.resolve("adfs-signing.pem"));

        SamlValidator validator = SamlValidator.builder().trustedCertificatesPem(pem).build();

        assertThat(validator.check(org.adfssaml.core.SamlResponse.parse(idp.response().roleSessionName("alice").base64())))
                .isEmpty();
    }

    @Test
    void federationMetadataXmlWhenParsedByCoreThenEntityIdAndSigningCertificate() {
        FederationMetadata metadata = FederationMetadata.parse(idp.federationMetadataXml().getBytes(StandardCharsets.UTF_8));

        assertThat(metadata.entityId()).isEqualTo(idp.issuer());
        assertThat(metadata.signingCertificates()).containsExactly(idp.certificate());
    }

    @Test
    void federationMetadataXmlWhenDefaultsThenAdfsShape() {
        String xml = idp.federationMetadataXml();

        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?><EntityDescriptor "
                + "xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\"");
        assertThat(xml).contains("entityID=\"http://adfs.example.test/adfs/services/trust\"")
                .contains("<IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">")
                .contains("<KeyDescriptor use=\"signing\">")
                .contains("<ds:X509Certificate>" + Base64.getEncoder().encodeToString(encoded(idp.certificate()))
                        + "</ds:X509Certificate>")
                .contains("<SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" "
                        + "Location=\"https://adfs.example.test/adfs/ls/\"/>")
                .contains("<ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>");
    }

    @Test
    void federationMetadataXmlWhenBaseUriGivenThenEndpointsUnderIt() {
        String xml = idp.federationMetadataXml(java.net.URI.create("https://127.0.0.1:8443/"));

        assertThat(xml).contains("Location=\"https://127.0.0.1:8443/adfs/ls/\"");
    }

    @Test
    void trustedMetadataWhenWrittenToFileThenCoreValidatorTrustsMintedResponses(@TempDir Path dir) {
        Path file = idp.writeFederationMetadata(dir.resolve("FederationMetadata.xml"));

        SamlValidator validator = SamlValidator.builder().trustedMetadata(file).build();

        assertThat(Files.exists(file)).isTrue();
        assertThat(validator.check(org.adfssaml.core.SamlResponse.parse(idp.response().base64()))).isEmpty();
    }

    @Test
    void builderWhenCredentialsSuppliedThenUsedForSigning() {
        TestIdp supplied = TestIdp.builder().host("adfs.corp.test").credentials(idp.privateKey(), idp.certificate()).build();

        assertThat(supplied.certificate()).isSameAs(idp.certificate());
        assertThat(supplied.issuer()).isEqualTo("http://adfs.corp.test/adfs/services/trust");
        assertThat(SamlValidator.builder().trustedCertificates(java.util.List.of(idp.certificate())).build()
                .check(org.adfssaml.core.SamlResponse.parse(supplied.response().base64()))).isEmpty();
    }

    @Test
    void builderWhenOnlyKeySuppliedThenRejectedWithExplanation() {
        assertThatThrownBy(() -> TestIdp.builder().credentials(idp.privateKey(), null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("credentials: expected both a private key and its certificate, found only a private key");
    }

    @Test
    void builderWhenCertificateValidityGivenThenCertificateCarriesIt() {
        Instant from = Instant.parse("2015-01-01T00:00:00Z");
        Instant to = Instant.parse("2016-01-01T00:00:00Z");

        TestIdp old = TestIdp.builder().certificateValidity(from, to).build();

        assertThat(old.certificate().getNotBefore().toInstant()).isEqualTo(from);
        assertThat(old.certificate().getNotAfter().toInstant()).isEqualTo(to);
    }

    @Test
    void builderWhenHostBlankThenRejected() {
        assertThatThrownBy(() -> TestIdp.builder().host(" ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host: expected a non-blank value, found ' '");
    }

    @Test
    void toStringWhenCalledThenNoKeyMaterial() throws Exception {
        String text = idp.toString();

        assertThat(text).isEqualTo("TestIdp[issuer=http://adfs.example.test/adfs/services/trust, "
                + "certificate=CN=ADFS Signing - adfs.example.test, notAfter="
                + idp.certificate().getNotAfter().toInstant() + "]");
    }

    private static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
