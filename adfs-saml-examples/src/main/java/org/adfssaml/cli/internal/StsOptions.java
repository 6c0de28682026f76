package org.adfssaml.cli.internal;

import java.net.URI;
import picocli.CommandLine.Option;

/** The options that say which role to assume and how; each falls back to the profile's {@code adfs_*} setting. */
public final class StsOptions {

    @Option(names = "--role-arn", paramLabel = "ARN",
            description = "The role to assume; without it a single role is taken, several are offered as a menu "
                    + "(profile: adfs_role_arn).")
    String roleArn;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Session duration in seconds, 900..43200 (else the assertion's SessionDuration; "
                    + "profile: adfs_session_duration).")
    Integer duration;

    @Option(names = "--region", paramLabel = "REGION",
            description = "Region of the STS endpoint (default: the role's partition's default; profile: region).")
    String region;

    @Option(names = "--sts-endpoint", paramLabel = "URL",
            description = "STS endpoint override (profile: adfs_sts_endpoint).")
    URI stsEndpoint;
}
