/**
 * SAML 2.0 responses for AWS federation: decoding, validation and role claims, with no network
 * and no AWS SDK.
 *
 * <h2>Read the roles of a response (no verification)</h2>
 * <pre>{@code
 * List<AwsRole> roles = AwsRoles.from(samlResponseBase64);
 * }</pre>
 *
 * <h2>Validate a response from AD FS and pick a role</h2>
 * <pre>{@code
 * SamlValidator validator = SamlValidator.builder()
 *     .trustedMetadata(Path.of("FederationMetadata.xml"))
 *     .build();
 * try {
 *     SamlResponse response = validator.validate(samlResponseBase64);
 *     AwsRole role = RoleSelector.byArn("arn:aws:iam::123456789012:role/AWS-Dev").select(response.roles());
 *     // AssumeRoleWithSAML(role.roleArn(), role.principalArn(), response.toBase64())
 * } catch (SamlValidationException e) {
 *     e.errors().forEach(err -> System.err.println(err.code() + ": " + err.message()));
 * }
 * }</pre>
 *
 * <p>Every failure is a {@link org.adfssaml.core.SamlValidationException} carrying
 * {@link org.adfssaml.core.SamlError}s whose codes are the constants of
 * {@link org.adfssaml.core.SamlErrorCodes}. No message or {@code toString()} contains the
 * assertion.
 */
package org.adfssaml.core;
