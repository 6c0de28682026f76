package org.adfssaml.core;

import java.util.List;

/**
 * One-line access to the roles of a SAML response, for other projects' code and tests. No
 * signature or time check happens here: use {@link SamlValidator} for responses you act on.
 *
 * <pre>{@code
 * List<AwsRole> roles = AwsRoles.from(samlResponseBase64);
 * }</pre>
 */
public final class AwsRoles {

    private AwsRoles() {
    }

    /**
     * The roles of a response: every Role attribute value parsed, duplicates removed, in order
     * of first appearance.
     *
     * @param samlResponseBase64OrXml the response, base64 or XML
     * @return the roles, immutable
     * @throws SamlValidationException {@code malformed_response} / {@code oversized_input} when the
     *                                 input is not a SAML response, {@code malformed_role} (one
     *                                 error per bad value) when a Role value is malformed
     */
    public static List<AwsRole> from(String samlResponseBase64OrXml) {
        SamlResponse response = SamlResponse.parse(samlResponseBase64OrXml);
        if (!response.roleErrors().isEmpty()) {
            throw new SamlValidationException(response.roleErrors());
        }
        return response.roles();
    }
}
