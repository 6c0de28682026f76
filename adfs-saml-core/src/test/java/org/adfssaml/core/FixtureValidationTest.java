package org.adfssaml.core;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Real third-party responses and metadata from ../shared/fixtures, with the fixed clocks of its
 * README, and the verdicts its VERIFICATION.txt implies.
 */
class FixtureValidationTest {

    static final String SEAGATE = "adfs-saml/seagate_adfs3_signed_aws_response.b64";
    static final String SEAGATE_PEM = "adfs-saml/seagate_adfs3_signing_cert.pem";
    static final String SEAGATE_CLOCK = "2015-10-08T21:45:00Z";

    /** The codes that speak about signature and structure; the rest (audience, time...) depends on the fixture's SP. */
    static final Set<String> SIGNATURE_CODES = Set.of(SamlErrorCodes.INVALID_SIGNATURE, SamlErrorCodes.UNTRUSTED_SIGNER,
            SamlErrorCodes.MISSING_SIGNATURE, SamlErrorCodes.UNSUPPORTED_ALGORITHM, SamlErrorCodes.MULTIPLE_ASSERTIONS,
            SamlErrorCodes.MISSING_ASSERTION, SamlErrorCodes.MALFORMED_RESPONSE, SamlErrorCodes.ENCRYPTED_ASSERTION);

    static List<String> codes(List<SamlError> errors) {
        return errors.stream().map(SamlError::code).toList();
    }

    @Test
    void validateWhenSeagateAdfs3ResponseAndItsPemThenValidWithTwoRolesAndSessionName() {
        SamlValidator validator = SamlValidator.builder().trustedCertificatesPem(Fixtures.path(SEAGATE_PEM))
                .clock(Fixtures.clock(SEAGATE_CLOCK)).build();

        SamlResponse response = validator.validate(Fixtures.string(SEAGATE));

        assertThat(response.roles()).containsExactly(
                AwsRole.of("arn:aws:iam::842327222694:role/ADFS-Dev", "arn:aws:iam::842327222694:saml-provider/ADFS"),
                AwsRole.of("arn:aws:iam::842327222694:role/ADFS-Production", "arn:aws:iam::842327222694:saml-provider/ADFS"));
        assertThat(response.roleErrors()).isEmpty();
        assertThat(response.roleSessionName()).contains("admi@test.org");
        assertThat(response.issuer()).contains("http://WIN-FJHF4ON0G18.test.org/adfs/services/trust");
        assertThat(response.nameId()).contains("TEST\\Administrator");
        assertThat(response.audiences()).containsExactly("urn:amazon:webservices");
        assertThat(response.destination()).contains("https://signin.aws.amazon.com/saml");
        assertThat(response.expiry()).map(Object::toString).contains("2015-10-08T21:47:06.106Z");
        assertThat(response.toBase64()).isEqualTo(Fixtures.string(SEAGATE).replaceAll("\\s", ""));
    }

    @Test
    void validateWhenSeagateResponseAndItsFederationMetadataThenValid() {
        SamlValidator validator = SamlValidator.builder()
                .trustedMetadata(Fixtures.path("adfs-saml/seagate_adfs3_FederationMetadata.xml"))
                .clock(Fixtures.clock(SEAGATE_CLOCK)).build();

        assertThat(validator.check(SamlResponse.parse(Fixtures.bytes(SEAGATE)))).isEmpty();
    }

    @Test
    void validateWhenSeagateXmlFormThenSameResultAsBase64() {
        SamlValidator validator = SamlValidator.builder().trustedCertificatesPem(Fixtures.path(SEAGATE_PEM))
                .clock(Fixtures.clock(SEAGATE_CLOCK)).build();

        SamlResponse response = validator.validate(Fixtures.string("adfs-saml/seagate_adfs3_signed_aws_response.xml"));

        assertThat(response.roles()).hasSize(2);
    }

    @Test
    void checkWhenSeagateCertificateValidityCheckedAtFixtureClockThenValid() {
        SamlValidator validator = SamlValidator.builder().trustedCertificatesPem(Fixtures.path(SEAGATE_PEM))
                .checkCertificateValidity(true).clock(Fixtures.clock(SEAGATE_CLOCK)).build();

        assertThat(validator.check(SamlResponse.parse(Fixtures.bytes(SEAGATE)))).isEmpty();
    }

    @Test
    void checkWhenClockYearsLaterThenExpiredTwiceAndPinnedCertStillTrusted() {
        SamlValidator validator = SamlValidator.builder().trustedCertificatesPem(Fixtures.path(SEAGATE_PEM))
                .clock(Fixtures.clock("2031-01-01T00:00:00Z")).build();

        List<SamlError> errors = validator.check(SamlResponse.parse(Fixtures.bytes(SEAGATE)));

        assertThat(codes(errors)).containsExactly(SamlErrorCodes.EXPIRED, SamlErrorCodes.EXPIRED);
        assertThat(errors.get(0).message()).isEqualTo("expected Conditions NotOnOrAfter after 2030-12-31T23:55:00Z "
                + "(clock 2031-01-01T00:00:00Z, skew PT5M), found 2015-10-08T22:42:06.106Z");
    }

    @Test
    void checkWhenClockYearsLaterAndValidityCheckedThenCertificateRefusedToo() {
        SamlValidator validator = SamlValidator.builder().trustedCertificatesPem(Fixtures.path(SEAGATE_PEM))
                .checkCertificateValidity(true).clock(Fixtures.clock("2031-01-01T00:00:00Z")).build();

        List<SamlError> errors = validator.check(SamlResponse.parse(Fixtures.bytes(SEAGATE)));

        assertThat(codes(errors)).containsExactly(SamlErrorCodes.UNTRUSTED_SIGNER, SamlErrorCodes.EXPIRED, SamlErrorCodes.EXPIRED);
        assertThat(errors.get(0).message()).startsWith("expected the signing certificate to be valid at 2031-01-01T00:00:00Z, "
                + "found 'CN=ADFS Signing - WIN-FJHF4ON0G18.test.org'");
    }

    @Test
    void checkWhenSeagateResponseAndAnotherServersMetadataThenUntrustedSigner() {
        SamlValidator validator = SamlValidator.builder()
                .trustedMetadata(Fixtures.path("adfs-saml/ucar_adfs_FederationMetadata.xml"))
                .clock(Fixtures.clock(SEAGATE_CLOCK)).build();

        List<SamlError> errors = validator.check(SamlResponse.parse(Fixtures.bytes(SEAGATE)));

        assertThat(codes(errors)).containsExactly(SamlErrorCodes.UNTRUSTED_SIGNER);
        assertThat(errors.get(0).message()).contains("CN=ADFS Signing - sts.ucar.edu")
                .contains("the certificate in the response's own KeyInfo ('CN=ADFS Signing - WIN-FJHF4ON0G18.test.org') is not trusted");
    }

    @Test
    void parseWhenUcarMetadataThenItsSigningCertificate() {
        FederationMetadata metadata = FederationMetadata.parse(Fixtures.path("adfs-saml/ucar_adfs_FederationMetadata.xml"));

        assertThat(metadata.signingCertificates()).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=ADFS Signing - sts.ucar.edu");
        assertThat(metadata.entityId()).isEqualTo("https://sts.ucar.edu/adfs/services/trust");
    }

    @Test
    void parseWhenSeagateMetadataThenSameCertificateAsItsPem() {
        X509Certificate fromMetadata = FederationMetadata.parse(Fixtures.bytes("adfs-saml/seagate_adfs3_FederationMetadata.xml"))
                .signingCertificates().get(0);

        assertThat(fromMetadata.getSubjectX500Principal().getName()).isEqualTo("CN=ADFS Signing - WIN-FJHF4ON0G18.test.org");
        assertThat(Fixtures.string(SEAGATE_PEM).replaceAll("\\s", ""))
                .contains(java.util.Base64.getEncoder().encodeToString(encoded(fromMetadata)));
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void parseWhenCrewjamIdpMetadataThenSameCertificateAsItsPem() {
        FederationMetadata metadata = FederationMetadata.parse(Fixtures.path("saml-libs/crewjam-saml/TestSPRejectsInjectedComment_IDPMetadata"));
        X509Certificate pem = firstPem("saml-libs/crewjam-saml/google_idp_cert.pem");

        assertThat(metadata.entityId()).isEqualTo("https://accounts.google.com/o/saml2?idpid=C02dfl1r1");
        assertThat(metadata.signingCertificates()).first().isEqualTo(pem);
    }

    private static X509Certificate firstPem(String file) {
        try {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(Fixtures.bytes(file)));
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> samlLibs() {
        String javaSaml = "saml-libs/java-saml/";
        String feide = javaSaml + "idp_cert_feide.pem";
        String javaClock = "2014-02-19T01:37:30Z";
        String crewjam = "saml-libs/crewjam-saml/";
        String onelogin = crewjam + "onelogin_idp_cert.pem";
        String signedAssertions = crewjam + "signed_assertions_idp_cert.pem";
        String ruby = "saml-libs/ruby-saml/";
        String node = "saml-libs/node-saml/";
        String nodeClock = "2020-09-25T16:59:00Z";
        return Stream.of(
                arguments(javaSaml + "valid_response.xml.base64", feide, javaClock, List.of()),
                arguments(javaSaml + "signed_message_response.xml.base64", feide, javaClock, List.of()),
                arguments(javaSaml + "signed_assertion_response.xml.base64", feide, javaClock, List.of()),
                arguments(javaSaml + "signed_assertion_response_with_2_assertions.xml.base64", feide, javaClock,
                        List.of(SamlErrorCodes.MULTIPLE_ASSERTIONS)),
                arguments(javaSaml + "response_node_test_attack.xml.base64", feide, javaClock, List.of(SamlErrorCodes.INVALID_SIGNATURE)),
                arguments(javaSaml + "invalids/no_signature.xml.base64", feide, javaClock, List.of(SamlErrorCodes.MISSING_SIGNATURE)),
                arguments(javaSaml + "invalids/bad_reference.xml.base64", feide, javaClock,
                        List.of(SamlErrorCodes.INVALID_SIGNATURE, SamlErrorCodes.INVALID_SIGNATURE)),
                arguments(javaSaml + "invalids/signature_wrapping_attack.xml.base64", feide, javaClock, List.of(
                        SamlErrorCodes.MALFORMED_RESPONSE, SamlErrorCodes.MALFORMED_RESPONSE, SamlErrorCodes.MALFORMED_RESPONSE,
                        SamlErrorCodes.MULTIPLE_ASSERTIONS)),
                arguments(javaSaml + "invalids/wrong_signed_element2.xml.base64", feide, javaClock, List.of(SamlErrorCodes.MALFORMED_RESPONSE)),
                arguments(javaSaml + "invalids/triple_signed_response.xml.base64", feide, javaClock, List.of(SamlErrorCodes.INVALID_SIGNATURE)),
                arguments(javaSaml + "invalids/attacks/response_with_concealed_signed_assertion.xml", feide, javaClock,
                        List.of(SamlErrorCodes.MULTIPLE_ASSERTIONS)),
                arguments(javaSaml + "invalids/attacks/response_with_doubled_signed_assertion.xml", feide, javaClock,
                        List.of(SamlErrorCodes.MULTIPLE_ASSERTIONS)),
                arguments(crewjam + "TestSPCanHandleOneloginResponse_response", onelogin, "2016-01-05T17:53:12Z", List.of()),
                arguments(crewjam + "TestXswPermutationOneIsRejected_response", onelogin, "2016-01-05T17:53:12Z",
                        List.of(SamlErrorCodes.MALFORMED_RESPONSE, SamlErrorCodes.MALFORMED_RESPONSE, SamlErrorCodes.MULTIPLE_ASSERTIONS)),
                arguments(crewjam + "TestXswPermutationTwoIsRejected_response", onelogin, "2016-01-05T17:53:12Z",
                        List.of(SamlErrorCodes.MALFORMED_RESPONSE, SamlErrorCodes.MALFORMED_RESPONSE, SamlErrorCodes.MULTIPLE_ASSERTIONS)),
                arguments(crewjam + "TestServiceProviderCanHandleSignedAssertionsResponse_response", signedAssertions,
                        "2014-07-17T01:02:59Z", List.of()),
                arguments(crewjam + "TestXswPermutationThreeIsRejected_response", signedAssertions, "2014-07-17T01:02:59Z",
                        List.of(SamlErrorCodes.MULTIPLE_ASSERTIONS)),
                arguments(crewjam + "TestXswPermutationFourIsRejected_response", signedAssertions, "2014-07-17T01:02:59Z",
                        List.of(SamlErrorCodes.MULTIPLE_ASSERTIONS)),
                arguments(crewjam + "TestXswPermutationFiveIsRejected_response", signedAssertions, "2014-07-17T01:02:59Z",
                        List.of(SamlErrorCodes.MULTIPLE_ASSERTIONS)),
                arguments(crewjam + "TestXswPermutationSixIsRejected_response", signedAssertions, "2014-07-17T01:02:59Z",
                        List.of(SamlErrorCodes.MULTIPLE_ASSERTIONS)),
                arguments(crewjam + "TestXswPermutationSevenIsRejected_response", signedAssertions, "2014-07-17T01:02:59Z",
                        List.of(SamlErrorCodes.MALFORMED_RESPONSE, SamlErrorCodes.MULTIPLE_ASSERTIONS)),
                arguments(crewjam + "TestXswPermutationEightIsRejected_response", signedAssertions, "2014-07-17T01:02:59Z",
                        List.of(SamlErrorCodes.MALFORMED_RESPONSE, SamlErrorCodes.MULTIPLE_ASSERTIONS)),
                arguments(crewjam + "TestXswPermutationNineIsRejected_response", signedAssertions, "2014-07-17T01:02:59Z",
                        List.of(SamlErrorCodes.MULTIPLE_ASSERTIONS)),
                arguments(crewjam + "TestSPRejectsInjectedComment_response", crewjam + "google_idp_cert.pem", "2016-01-05T16:55:39Z",
                        List.of()),
                arguments(ruby + "response_node_text_attack2.xml.base64", ruby + "ruby-saml.crt", "2014-06-04T02:22:30Z", List.of()),
                arguments(ruby + "response_node_text_attack3.xml.base64", ruby + "ruby-saml.crt", "2014-06-04T02:22:30Z",
                        List.of(SamlErrorCodes.INVALID_SIGNATURE)),
                arguments(ruby + "response_assertion_wrapped.xml.base64", ruby + "ruby-saml.crt", "2014-06-04T02:22:30Z",
                        List.of(SamlErrorCodes.MULTIPLE_ASSERTIONS)),
                arguments("saml-libs/python3-saml/signature_wrapping_attack2.xml.base64", "saml-libs/python3-saml/pysaml2_embedded_cert.pem",
                        "2014-02-19T01:37:30Z", List.of(SamlErrorCodes.MULTIPLE_ASSERTIONS)),
                arguments(node + "valid/response.root-signed.assertion-signed.xml", node + "cert.pem", nodeClock, List.of()),
                arguments(node + "valid/response.root-signed.assertion-unsigned-13-signature.xml", node + "cert.pem", nodeClock, List.of()),
                arguments(node + "invalid/response.root-resigned-by-attacker-assertion-unsigned-attackers-cert-at-keyinfo.xml",
                        node + "cert.pem", nodeClock, List.of(SamlErrorCodes.UNTRUSTED_SIGNER)),
                arguments(node + "invalid/response.root-signed.assertion-invalidly-signed.xml", node + "cert.pem", nodeClock,
                        List.of(SamlErrorCodes.INVALID_SIGNATURE, SamlErrorCodes.INVALID_SIGNATURE)),
                arguments(node + "invalid/response.root-signed-transforms.assertion-unsigned.xml", node + "cert.pem", nodeClock,
                        List.of(SamlErrorCodes.INVALID_SIGNATURE)),
                arguments("adfs-saml/javasaml_adfs_response_tampered.xml.base64", "adfs-saml/seagate_adfs3_signing_cert.pem",
                        "2011-06-22T12:50:00Z", List.of(SamlErrorCodes.INVALID_SIGNATURE)),
                arguments("adfs-saml/javasaml_response_adfs1_double_signed.xml.base64", feide, "2012-08-19T16:42:30Z", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samlLibs")
    void checkWhenSamlLibraryFixtureThenSignatureVerdictAsVerified(String file, String cert, String clock, List<String> expected) {
        // These are not AWS responses: their SP's audience and endpoints are accepted as configured,
        // and only the signature/structure verdict is compared.
        SamlResponse response = SamlResponse.parse(Fixtures.bytes(file));
        SamlValidator validator = SamlValidator.builder().trustedCertificatesPem(Fixtures.path(cert)).allowRsaSha1(true)
                .clock(Fixtures.clock(clock)).build();

        List<String> codes = codes(validator.check(response)).stream().filter(SIGNATURE_CODES::contains).toList();

        assertThat(codes).as(file).isEqualTo(expected);
    }

    @Test
    void checkWhenJavaSamlValidResponseWithItsAudienceAndEndpointsThenFullyValid() {
        SamlValidator validator = SamlValidator.builder().trustedCertificatesPem(Fixtures.path("saml-libs/java-saml/idp_cert_feide.pem"))
                .allowRsaSha1(true).clock(Fixtures.clock("2014-02-19T01:37:30Z"))
                .audiences("http://localhost:8080/java-saml-jspsample/metadata.jsp")
                .destinations("http://localhost:8080/java-saml-jspsample/acs.jsp").build();

        assertThat(validator.check(SamlResponse.parse(Fixtures.bytes("saml-libs/java-saml/valid_response.xml.base64")))).isEmpty();
    }

    @Test
    void checkWhenJavaSamlValidResponseWithoutSha1AllowedThenUnsupportedAlgorithmForBothSignatures() {
        SamlValidator validator = SamlValidator.builder().trustedCertificatesPem(Fixtures.path("saml-libs/java-saml/idp_cert_feide.pem"))
                .clock(Fixtures.clock("2014-02-19T01:37:30Z"))
                .audiences("http://localhost:8080/java-saml-jspsample/metadata.jsp")
                .destinations("http://localhost:8080/java-saml-jspsample/acs.jsp").build();

        List<SamlError> errors = validator.check(SamlResponse.parse(Fixtures.bytes("saml-libs/java-saml/valid_response.xml.base64")));

        assertThat(codes(errors)).containsOnly(SamlErrorCodes.UNSUPPORTED_ALGORITHM).hasSize(4);
        assertThat(errors.get(0).message()).isEqualTo("expected the Response signed with RSA-SHA256 or stronger, found signature "
                + "algorithm http://www.w3.org/2000/09/xmldsig#rsa-sha1 (RSA-SHA1); in AD FS, set the relying-party trust's Secure "
                + "hash algorithm to SHA-256 (Properties > Advanced, or Set-AdfsRelyingPartyTrust -SignatureAlgorithm "
                + "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256), or accept it explicitly with allowRsaSha1(true)");
    }

    @Test
    void checkWhenJavaSamlExpiredResponseThenExpired() {
        SamlValidator validator = SamlValidator.builder().trustedCertificatesPem(Fixtures.path("saml-libs/java-saml/idp_cert_feide.pem"))
                .allowRsaSha1(true).clock(Fixtures.clock("2014-02-19T01:37:30Z"))
                .audiences("https://pitbulk.no-ip.org/newonelogin/demo1/metadata.php")
                .destinations("https://pitbulk.no-ip.org/newonelogin/demo1/index.php?acs").build();

        List<SamlError> errors = validator.check(SamlResponse.parse(Fixtures.bytes("saml-libs/java-saml/expired_response.xml.base64")));

        assertThat(codes(errors)).containsExactly(SamlErrorCodes.EXPIRED, SamlErrorCodes.EXPIRED);
    }

    @Test
    void checkWhenRubySamlSha1UnderNonStandardUriThenUnsupportedAlgorithm() {
        SamlValidator validator = SamlValidator.builder().trustedCertificatesPem(Fixtures.path(SEAGATE_PEM)).allowRsaSha1(true)
                .clock(Fixtures.clock("2011-06-22T12:50:00Z")).audiences("example.com")
                .destinations("https://someone.example.com/endpoint").build();

        List<SamlError> errors = validator.check(SamlResponse.parse(Fixtures.bytes("adfs-saml/rubysaml_adfs_response_sha1.xml")));

        assertThat(codes(errors)).containsOnly(SamlErrorCodes.UNSUPPORTED_ALGORITHM);
        assertThat(errors.get(0).message()).contains("found signature algorithm http://www.w3.org/2001/04/xmldsig-more#rsa-sha1");
    }

    @Test
    void parseWhenCommentInjectedIntoSignedNameIdThenFullTextAndSignatureStillValid() {
        // crewjam/saml TestSPRejectsInjectedComment: a comment that changes no text keeps the signature
        // valid and must not truncate the value; a comment that comes with new text breaks the signature.
        String xml = new String(java.util.Base64.getMimeDecoder().decode(Fixtures.bytes(
                "saml-libs/crewjam-saml/TestSPRejectsInjectedComment_response")), StandardCharsets.UTF_8);
        SamlValidator validator = SamlValidator.builder().trustedCertificatesPem(Fixtures.path("saml-libs/crewjam-saml/google_idp_cert.pem"))
                .clock(Fixtures.clock("2016-01-05T16:55:39Z")).audiences("https://29ee6d2e.ngrok.io/saml/metadata")
                .destinations("https://29ee6d2e.ngrok.io/saml/acs").build();

        SamlResponse injected = SamlResponse.parse(xml.replaceFirst("ross@octolabs.io", "ross@<!-- and a comment -->octolabs.io"));
        SamlResponse extended = SamlResponse.parse(xml.replaceFirst("ross@octolabs.io", "ross@octolabs.io<!-- and a comment -->.example.com"));

        assertThat(validator.check(injected)).isEmpty();
        assertThat(injected.nameId()).contains("ross@octolabs.io");
        assertThat(codes(validator.check(extended))).containsExactly(SamlErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void parseWhenRubySamlNodeTextAttackThenNameIdIsTheWholeSignedText() {
        SamlResponse response = SamlResponse.parse(Fixtures.bytes("saml-libs/ruby-saml/response_node_text_attack2.xml.base64"));

        assertThat(response.nameId()).contains("test@onelogin.com");
    }

    @Test
    void validateWhenSeagateWithinSkewAfterSubjectConfirmationEndThenValidAndBeyondThenExpired() {
        // SubjectConfirmationData NotOnOrAfter is 21:47:06.106Z; 5 minutes of skew stretch it to 21:52:06.106Z.
        SamlValidator.Builder builder = SamlValidator.builder().trustedCertificatesPem(Fixtures.path(SEAGATE_PEM));
        SamlResponse response = SamlResponse.parse(Fixtures.bytes(SEAGATE));

        assertThat(builder.clock(Fixtures.clock("2015-10-08T21:52:06Z")).build().check(response)).isEmpty();
        assertThat(codes(builder.clock(Fixtures.clock("2015-10-08T21:52:07Z")).build().check(response)))
                .containsExactly(SamlErrorCodes.EXPIRED);
        assertThat(codes(builder.clockSkew(Duration.ZERO).clock(Fixtures.clock("2015-10-08T21:47:07Z")).build().check(response)))
                .containsExactly(SamlErrorCodes.EXPIRED);
    }
}
