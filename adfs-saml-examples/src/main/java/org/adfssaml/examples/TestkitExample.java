package org.adfssaml.examples;

import java.util.List;
import org.adfssaml.core.AwsRole;
import org.adfssaml.core.AwsRoles;
import org.adfssaml.core.SamlResponse;
import org.adfssaml.core.SamlValidator;
import org.adfssaml.testkit.TestIdp;

/**
 * What another project's tests do with the testkit and core: mint a signed SAML response offline, read its roles,
 * and validate it against the minting IdP's certificate.
 */
public final class TestkitExample {

    private TestkitExample() {
    }

    /**
     * @return the roles of a freshly minted, validated response
     */
    public static List<AwsRole> mintAndRead() {
        // snippet: testkit
        TestIdp idp = TestIdp.generate();
        String samlResponse = idp.response().role("123456789012", "AWS-Developer", "ADFS").base64();
        List<AwsRole> roles = AwsRoles.from(samlResponse); // no network, no signature check
        SamlResponse valid = SamlValidator.builder().trustedCertificates(List.of(idp.certificate())).build()
                .validate(samlResponse);
        // end snippet
        if (!valid.roles().equals(roles)) {
            throw new IllegalStateException("expected the validated response to offer " + roles + ", found "
                    + valid.roles());
        }
        return roles;
    }
}
