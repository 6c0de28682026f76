package org.adfssaml.core;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's core usage snippet, compiled and run against the genuine AD FS 3.0 response. */
class ReadmeExampleTest {

    @Test
    void readmeSnippetWhenSeagateResponseThenPicksTheDevRole() {
        String samlResponseBase64 = Fixtures.string("adfs-saml/seagate_adfs3_signed_aws_response.b64");
        Path metadataFile = Fixtures.path("adfs-saml/seagate_adfs3_FederationMetadata.xml");
        Clock clock = Fixtures.clock("2015-10-08T21:45:00Z"); // README: omit, the default is the system clock

        // snippet: core-usage
        // Roles only, no verification (e.g. in another project's tests):
        List<AwsRole> offered = AwsRoles.from(samlResponseBase64);

        // Verified against the IdP's published signing certificates:
        SamlValidator validator = SamlValidator.builder()
                .trustedMetadata(metadataFile)      // or .trustedCertificatesPem(Path.of("adfs-signing.pem"))
                .clock(clock)
                .build();                           // immutable, thread-safe: build once, reuse
        SamlResponse response = validator.validate(samlResponseBase64);   // SamlValidationException lists every error
        AwsRole role = RoleSelector.byAccountAndName("842327222694", "ADFS-Dev").select(response.roles());
        // STS AssumeRoleWithSAML: role.roleArn(), role.principalArn(), response.toBase64()
        // end snippet

        assertThat(offered).hasSize(2);
        assertThat(role.roleArn()).isEqualTo("arn:aws:iam::842327222694:role/ADFS-Dev");
        assertThat(role.principalArn()).isEqualTo("arn:aws:iam::842327222694:saml-provider/ADFS");
        assertThat(response.roleSessionName()).contains("admi@test.org");
    }
}
