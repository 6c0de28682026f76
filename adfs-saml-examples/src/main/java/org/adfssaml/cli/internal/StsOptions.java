package org.adfssaml.cli.internal;

import java.net.URI;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The options that say which role to assume and how; each falls back to the profile's {@code adfs_*} setting. */
public final class StsOptions {

    final CliOption<String> roleArn = CliOption.of(String.class, OptionSpec.builder("--role-arn").paramLabel("ARN")
            .description("The role to assume; without it a single role is taken, several are offered as a menu "
                    + "(profile: adfs_role_arn)."));

    final CliOption<Integer> duration = CliOption.of(Integer.class, OptionSpec.builder("--duration")
            .paramLabel("SECONDS")
            .description("Session duration in seconds, 900..43200 (else the assertion's SessionDuration; "
                    + "profile: adfs_session_duration)."));

    final CliOption<String> region = CliOption.of(String.class, OptionSpec.builder("--region").paramLabel("REGION")
            .description("Region of the STS endpoint (default: the role's partition's default; profile: region)."));

    final CliOption<URI> stsEndpoint = CliOption.of(URI.class, OptionSpec.builder("--sts-endpoint").paramLabel("URL")
            .description("STS endpoint override (profile: adfs_sts_endpoint)."));

    /** Adds these options to {@code command}. */
    void addTo(CommandSpec command) {
        CliOption.addTo(command, roleArn, duration, region, stsEndpoint);
    }
}
