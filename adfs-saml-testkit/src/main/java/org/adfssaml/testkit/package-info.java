/**
 * Test doubles for AD FS → AWS federation, usable from any JUnit test without network access
 * to real services.
 *
 * <ul>
 * <li>{@link org.adfssaml.testkit.TestIdp} and {@link org.adfssaml.testkit.SamlResponseBuilder}
 * mint signed SAML responses exactly as AD FS issues them for the AWS relying party
 * ({@code urn:amazon:webservices}), with every field overridable for negative tests, plus the
 * IdP's {@code FederationMetadata.xml} and PEM certificate.</li>
 * <li>{@link org.adfssaml.testkit.RoleClaims} computes Role values the way AWS's AD FS claim rules
 * do.</li>
 * <li>{@link org.adfssaml.testkit.StsEmulator} is an STS that the AWS SDK's {@code StsClient}
 * talks to over loopback HTTP: {@code AssumeRoleWithSAML} and a SigV4-verified
 * {@code GetCallerIdentity}.</li>
 * <li>{@code AdfsEmulator} serves AD FS's sign-in pages over HTTPS.</li>
 * </ul>
 *
 * <p>Everything under {@code org.adfssaml.testkit.internal} is implementation, not API.
 */
package org.adfssaml.testkit;
