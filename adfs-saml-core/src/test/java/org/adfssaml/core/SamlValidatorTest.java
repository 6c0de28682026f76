package org.adfssaml.core;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensaml.xmlsec.signature.support.SignatureConstants;

import static org.adfssaml.core.TestSigning.ADMIN;
import static org.adfssaml.core.TestSigning.DEV;
import static org.adfssaml.core.TestSigning.NOW;
import static org.adfssaml.core.TestSigning.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamlValidatorTest {

    static TestSigning idp;

    @BeforeAll
    static void keys() {
        idp = TestSigning.generate("ADFS Signing - adfs.example.test");
    }

    static SamlValidator.Builder validator() {
        return SamlValidator.builder().trustedCertificates(List.of(idp.certificate)).clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static List<String> codes(List<SamlError> errors) {
        return errors.stream().map(SamlError::code).toList();
    }

    @Test
    void validateWhenAssertionSignedByTrustedKeyThenReturnsRoles() {
        SamlResponse response = validator().build().validate(idp.signedBase64(new TestSigning.Spec()));

        assertThat(response.roles()).containsExactly(AwsRole.of(DEV, PROVIDER), AwsRole.of(ADMIN, PROVIDER));
        assertThat(response.roleSessionName()).contains("jdoe@example.test");
    }

    @Test
    void validateWhenResponseAndAssertionSignedThenValid() {
        TestSigning.Spec spec = new TestSigning.Spec();
        spec.signResponse = true;
        assertThat(validator().build().check(SamlResponse.parse(idp.signedBase64(spec)))).isEmpty();
    }

    @Test
    void validateWhenOnlyResponseSignedThenValid() {
        TestSigning.Spec spec = new TestSigning.Spec();
        spec.signResponse = true;
        spec.signAssertion = false;
        assertThat(validator().build().check(SamlResponse.parse(idp.signedBase64(spec)))).isEmpty();
    }

    @Test
    void checkWhenRsaSha1ThenUnsupportedAlgorithmNamingAdfsSetting() {
        TestSigning.Spec spec = new TestSigning.Spec();
        spec.signatureAlgorithm = SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1;
        spec.digestAlgorithm = SignatureConstants.ALGO_ID_DIGEST_SHA1;
        List<SamlError> errors = validator().build().check(SamlResponse.parse(idp.signedBase64(spec)));
        assertThat(codes(errors)).containsExactly(SamlErrorCodes.UNSUPPORTED_ALGORITHM, SamlErrorCodes.UNSUPPORTED_ALGORITHM);
        assertThat(errors.get(0).message()).contains("http://www.w3.org/2000/09/xmldsig#rsa-sha1", "Secure hash algorithm to SHA-256");
    }

    @Test
    void checkWhenRsaSha1AllowedThenValid() {
        TestSigning.Spec spec = new TestSigning.Spec();
        spec.signatureAlgorithm = SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1;
        spec.digestAlgorithm = SignatureConstants.ALGO_ID_DIGEST_SHA1;
        assertThat(validator().allowRsaSha1(true).build().check(SamlResponse.parse(idp.signedBase64(spec)))).isEmpty();
    }

    @Test
    void buildWhenNoTrustAndNotSkippedThenIllegalState() {
        assertThatThrownBy(() -> SamlValidator.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("expected trusted certificates (trustedCertificates, trustedCertificatesPem, "
                        + "trustedKeyStore or trustedMetadata), found none");
    }

    @Test
    void buildWhenTrustAndSkipThenIllegalState() {
        assertThatThrownBy(() -> validator().skipSignatureVerification().build()).isInstanceOf(IllegalStateException.class)
                .hasMessage("expected either trust or skipSignatureVerification(), found both");
    }

    @Test
    void checkWhenSignatureSkippedExplicitlyThenUnsignedAccepted() {
        TestSigning.Spec spec = new TestSigning.Spec();
        spec.signAssertion = false;
        SamlValidator validator = SamlValidator.builder().skipSignatureVerification().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

        assertThat(validator.check(SamlResponse.parse(TestSigning.xml(spec)))).isEmpty();
    }

    @Test
    void checkWhenTrustFromKeyStoreThenValid() throws Exception {
        java.security.KeyStore keyStore = java.security.KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setCertificateEntry("adfs", idp.certificate);
        SamlValidator validator = SamlValidator.builder().trustedKeyStore(keyStore).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

        assertThat(validator.check(SamlResponse.parse(idp.signedXml(new TestSigning.Spec())))).isEmpty();
    }

    @Test
    void checkWhenTrustFromMetadataBytesThenValid() throws Exception {
        String metadata = """
                <EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="http://adfs.example.test/adfs/services/trust">
                <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
                <KeyDescriptor use="encryption"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data>
                <X509Certificate>%s</X509Certificate></X509Data></KeyInfo></KeyDescriptor>
                <KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data>
                <X509Certificate>%s</X509Certificate></X509Data></KeyInfo></KeyDescriptor>
                </IDPSSODescriptor></EntityDescriptor>""".formatted(
                java.util.Base64.getEncoder().encodeToString(TestSigning.generate("enc").certificate.getEncoded()),
                java.util.Base64.getMimeEncoder().encodeToString(idp.certificate.getEncoded()));
        byte[] bytes = metadata.getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(FederationMetadata.parse(bytes).signingCertificates()).containsExactly(idp.certificate);
        assertThat(SamlValidator.builder().trustedMetadata(bytes).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()
                .check(SamlResponse.parse(idp.signedXml(new TestSigning.Spec())))).isEmpty();
    }

    @Test
    void parseWhenMetadataWithoutSigningCertificateThenInvalidTrust() {
        byte[] metadata = "<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\"/>"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> FederationMetadata.parse(metadata))
                .hasMessage("invalid_trust: expected a signing certificate (KeyDescriptor use=\"signing\") in the federation "
                        + "metadata, found none");
    }

    @Test
    void checkWhenPinnedCertificateExpiredThenTrustedUnlessValidityChecked() {
        TestSigning old = TestSigning.generate("ADFS Signing - old", Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2021-01-01T00:00:00Z"));
        SamlResponse response = SamlResponse.parse(old.signedXml(new TestSigning.Spec()));
        SamlValidator.Builder builder = SamlValidator.builder().trustedCertificates(List.of(old.certificate))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(builder.build().check(response)).isEmpty();
        List<SamlError> errors = builder.checkCertificateValidity(true).build().check(response);
        assertThat(codes(errors)).containsExactly(SamlErrorCodes.UNTRUSTED_SIGNER);
        assertThat(errors.get(0).message()).startsWith("expected the signing certificate to be valid at 2031-03-04T05:06:07Z, "
                + "found 'CN=ADFS Signing - old' (serial ").endsWith(", valid 2020-01-01T00:00:00Z to 2021-01-01T00:00:00Z)");
    }

    @Test
    void checkWhenNoClockGivenThenSystemClockMakesFutureResponseNotYetValid() {
        // The response is issued in 2031; only an injected clock makes it valid (see the other tests).
        SamlValidator validator = SamlValidator.builder().trustedCertificates(List.of(idp.certificate)).build();

        assertThat(codes(validator.check(SamlResponse.parse(idp.signedXml(new TestSigning.Spec())))))
                .containsOnly(SamlErrorCodes.NOT_YET_VALID);
    }

    @Test
    void checkWhenRegionalSignInEndpointThenValid() {
        TestSigning.Spec spec = new TestSigning.Spec();
        spec.destination = "https://us-east-1.signin.aws.amazon.com/saml";
        spec.recipient = "https://eu-central-1.signin.aws.amazon.com/saml";

        assertThat(validator().build().check(SamlResponse.parse(idp.signedXml(spec)))).isEmpty();
    }

    @Test
    void checkWhenChinaRolesWithChinaEndpointAndAudienceThenValid() {
        TestSigning.Spec spec = new TestSigning.Spec().roles(
                "arn:aws-cn:iam::123456789012:saml-provider/ADFS,arn:aws-cn:iam::123456789012:role/Dev");
        spec.destination = "https://signin.amazonaws.cn/saml";
        spec.recipient = "https://signin.amazonaws.cn/saml";
        spec.audience = "urn:amazon:webservices:cn-north-1";

        assertThat(validator().build().check(SamlResponse.parse(idp.signedXml(spec)))).isEmpty();
    }

    @Test
    void checkWhenEachPartitionsSignInEndpointThenAcceptedOnlyForRolesOfThatPartition() {
        Map<String, List<String>> endpoints = Map.of(
                "aws", List.of("https://signin.aws.amazon.com/saml", "https://signin.aws.amazon.com/saml/",
                        "https://us-gov-west-1.signin.aws.amazon.com/saml"),
                "aws-cn", List.of("https://signin.amazonaws.cn/saml", "https://cn-north-1.signin.amazonaws.cn/saml/"),
                "aws-us-gov", List.of("https://signin.amazonaws-us-gov.com/saml", "https://us-gov-east-1.signin.amazonaws-us-gov.com/saml"));
        for (String rolePartition : endpoints.keySet()) {
            for (Map.Entry<String, List<String>> e : endpoints.entrySet()) {
                for (String endpoint : e.getValue()) {
                    TestSigning.Spec spec = new TestSigning.Spec().roles("arn:" + rolePartition + ":iam::123456789012:saml-provider/ADFS,arn:"
                            + rolePartition + ":iam::123456789012:role/Dev");
                    spec.destination = endpoint;
                    spec.recipient = endpoint;

                    List<String> codes = codes(validator().build().check(SamlResponse.parse(idp.signedXml(spec))));

                    assertThat(codes).as(rolePartition + " roles, " + endpoint).isEqualTo(e.getKey().equals(rolePartition)
                            ? List.of() : List.of(SamlErrorCodes.WRONG_DESTINATION, SamlErrorCodes.WRONG_RECIPIENT));
                }
            }
        }
    }

    @Test
    void checkWhenNearlyTheGlobalSignInEndpointThenWrongDestinationAndRecipient() {
        for (String endpoint : List.of("http://signin.aws.amazon.com/saml", "https://signin.aws.amazon.com/saml?x=1",
                "https://signin.aws.amazon.com/SAML", "https://signin.aws.amazon.com/saml//",
                "https://signin.aws.amazon.com.evil.test/saml", "https://signin.amazonaws.cn/saml.", "https://x.signin.aws.amazon.com/saml")) {
            TestSigning.Spec spec = new TestSigning.Spec();
            spec.destination = endpoint;
            spec.recipient = endpoint;

            List<SamlError> errors = validator().build().check(SamlResponse.parse(idp.signedXml(spec)));

            assertThat(codes(errors)).as(endpoint).containsExactly(SamlErrorCodes.WRONG_DESTINATION, SamlErrorCodes.WRONG_RECIPIENT);
            assertThat(errors.get(0).message()).isEqualTo("expected Destination an AWS sign-in endpoint of partition aws "
                    + "(https://signin.aws.amazon.com/saml or https://<region>.signin.aws.amazon.com/saml), found " + endpoint);
        }
    }

    @Test
    void checkWhenGovCloudRolesWithCommercialEndpointThenWrongDestinationAndRecipient() {
        TestSigning.Spec spec = new TestSigning.Spec().roles(
                "arn:aws-us-gov:iam::123456789012:saml-provider/ADFS,arn:aws-us-gov:iam::123456789012:role/Dev");
        spec.audience = "urn:amazon:webservices:govcloud";
        List<SamlError> errors = validator().build().check(SamlResponse.parse(idp.signedXml(spec)));

        assertThat(codes(errors)).containsExactly(SamlErrorCodes.WRONG_DESTINATION, SamlErrorCodes.WRONG_RECIPIENT);
        assertThat(errors.get(1).message()).isEqualTo("expected SubjectConfirmationData Recipient an AWS sign-in endpoint of "
                + "partition aws-us-gov (https://signin.amazonaws-us-gov.com/saml), found https://signin.aws.amazon.com/saml");
    }

    @Test
    void checkWhenAudienceAndDestinationConfiguredThenOnlyThoseAccepted() {
        TestSigning.Spec spec = new TestSigning.Spec();
        spec.audience = "urn:example:sp";
        spec.destination = "https://sp.example.test/acs";
        spec.recipient = "https://sp.example.test/acs";
        SamlValidator configured = validator().audiences("urn:example:sp").destinations("https://sp.example.test/acs").build();
        SamlResponse response = SamlResponse.parse(idp.signedXml(spec));

        assertThat(configured.check(response)).isEmpty();
        assertThat(codes(configured.check(SamlResponse.parse(idp.signedXml(new TestSigning.Spec())))))
                .containsExactly(SamlErrorCodes.WRONG_DESTINATION, SamlErrorCodes.WRONG_AUDIENCE, SamlErrorCodes.WRONG_RECIPIENT);
    }

    @Test
    void validateWhenSeveralProblemsThenExceptionCarriesEveryError() {
        TestSigning.Spec spec = new TestSigning.Spec();
        spec.audience = "urn:example:other";
        spec.notOnOrAfter = NOW.minusSeconds(3600);

        SamlValidationException e = org.junit.jupiter.api.Assertions.assertThrows(SamlValidationException.class,
                () -> validator().build().validate(idp.signedBase64(spec)));

        assertThat(codes(e.errors())).containsExactly(SamlErrorCodes.WRONG_AUDIENCE, SamlErrorCodes.EXPIRED);
        assertThat(e.hasCode(SamlErrorCodes.EXPIRED)).isTrue();
        assertThat(e.hasCode(SamlErrorCodes.INVALID_SIGNATURE)).isFalse();
        assertThat(e.getMessage()).startsWith("wrong_audience: expected an Audience among").contains("; expired: expected Conditions");
    }

    @Test
    void toBuilderWhenRebuiltThenSameBehaviour() {
        SamlValidator original = validator().audiences("urn:example:sp").build();
        TestSigning.Spec spec = new TestSigning.Spec();
        spec.audience = "urn:example:sp";

        assertThat(original.toBuilder().build().check(SamlResponse.parse(idp.signedXml(spec)))).isEmpty();
    }

    @Test
    void validateWhenSharedAcrossThreadsThenEveryCallSucceeds() throws Exception {
        SamlValidator validator = validator().build();
        String signed = idp.signedBase64(new TestSigning.Spec());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<SamlResponse>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(() -> validator.validate(signed)));
            }
            for (java.util.concurrent.Future<SamlResponse> f : results) {
                assertThat(f.get().roles()).hasSize(2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void checkWhenDestinationAbsentThenAcceptedBecauseRecipientIsChecked() {
        String xml = idp.signedXml(new TestSigning.Spec()).replace(" Destination=\"https://signin.aws.amazon.com/saml\"", "");
        SamlResponse response = SamlResponse.parse(xml);

        assertThat(response.destination()).isEmpty();
        assertThat(validator().build().check(response)).isEmpty();
    }

    @Test
    void checkWhenStatusHasSecondLevelCodeAndMessageThenBothInError() {
        TestSigning.Spec spec = new TestSigning.Spec();
        spec.withAssertion = false;
        String xml = TestSigning.xml(spec).replace("<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/>",
                "<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Responder\"><samlp:StatusCode "
                        + "Value=\"urn:oasis:names:tc:SAML:2.0:status:AuthnFailed\"/></samlp:StatusCode>"
                        + "<samlp:StatusMessage>MSIS7012</samlp:StatusMessage>");
        List<SamlError> errors = validator().build().check(SamlResponse.parse(xml));

        assertThat(errors).containsExactly(new SamlError(SamlErrorCodes.STATUS_NOT_SUCCESS, "expected status "
                + "urn:oasis:names:tc:SAML:2.0:status:Success, found urn:oasis:names:tc:SAML:2.0:status:Responder (second-level "
                + "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed) with message 'MSIS7012'"));
    }
}
