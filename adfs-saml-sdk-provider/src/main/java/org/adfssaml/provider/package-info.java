/**
 * Federated AWS credentials from AD FS: sign-in, role choice, STS and the files the AWS CLI reads.
 *
 * <ul>
 * <li>{@link org.adfssaml.provider.AdfsSignIn} signs in to AD FS and returns the SAML response.</li>
 * <li>{@link org.adfssaml.provider.AdfsCredentialsProvider} is an SDK {@code AwsCredentialsProvider} that signs in,
 * picks a role with a core {@code RoleSelector}, calls STS {@code AssumeRoleWithSAML} and renews the credentials by
 * signing in again before they expire (the SDK's own {@code StsAssumeRoleWithSamlCredentialsProvider} caching).</li>
 * <li>{@link org.adfssaml.provider.AdfsProfile} reads the {@code adfs_*} keys of a profile in {@code ~/.aws/config};
 * {@link org.adfssaml.provider.AdfsCredentialsProvider#create(String)} builds a provider from one.</li>
 * <li>{@link org.adfssaml.provider.SharedCredentialsFile} writes a profile into {@code ~/.aws/credentials}
 * atomically; {@link org.adfssaml.provider.CredentialProcessOutput} formats the AWS CLI {@code credential_process}
 * JSON.</li>
 * </ul>
 *
 * <p>Classes in {@code org.adfssaml.provider.internal} are not API.
 */
package org.adfssaml.provider;
