package org.adfssaml.cli.internal;

/**
 * The keys of a profile in the AWS config file that the CLI reads and {@code configure} writes: those of
 * {@link org.adfssaml.provider.AdfsProfile} (so a Java application can use the same profile with
 * {@code AdfsCredentialsProvider.create(profile)}), plus {@code adfs_trust_cert} and {@code adfs_relying_party},
 * which only the CLI reads.
 */
final class ProfileKeys {

    static final String IDP_URL = "adfs_idp_url";
    static final String AUTH = "adfs_auth";
    static final String USERNAME = "adfs_username";
    static final String RELYING_PARTY = "adfs_relying_party";
    static final String CA_BUNDLE = "adfs_ca_bundle";
    static final String TRUST_CERT = "adfs_trust_cert";
    static final String TRUST_METADATA = "adfs_trust_metadata";
    static final String ROLE_ARN = "adfs_role_arn";
    static final String DURATION = "adfs_session_duration";
    static final String REGION = "region";
    static final String STS_ENDPOINT = "adfs_sts_endpoint";
    static final String CREDENTIAL_PROCESS = "credential_process";

    private ProfileKeys() {
    }
}
