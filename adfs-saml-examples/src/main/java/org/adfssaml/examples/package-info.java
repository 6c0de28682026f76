/**
 * Runnable examples to copy: SDK clients whose credentials come from an AD FS sign-in through
 * {@link org.adfssaml.provider.AdfsCredentialsProvider}.
 *
 * <ul>
 *   <li>{@link org.adfssaml.examples.S3ListBucketsExample}: the AWS blog's "list my S3 buckets", in Java.</li>
 *   <li>{@link org.adfssaml.examples.ProfileExample}: the settings of a {@code ~/.aws/config} profile written by
 *       {@code adfs-saml configure}.</li>
 *   <li>{@link org.adfssaml.examples.MfaHandlerExample}: answering AD FS MFA (codes and push approvals).</li>
 *   <li>{@link org.adfssaml.examples.RoleSelectorExample}: choosing among the roles the IdP grants.</li>
 *   <li>{@link org.adfssaml.examples.TestkitExample}: another project's tests minting and reading SAML responses.</li>
 * </ul>
 *
 * The README's snippets are taken from these classes, which the build compiles and the tests run against the
 * testkit's AD FS and STS emulators.
 */
package org.adfssaml.examples;
