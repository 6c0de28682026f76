package org.adfssaml.provider.internal;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.endpoints.StsEndpointParams;
import software.amazon.awssdk.services.sts.endpoints.StsEndpointProvider;

/**
 * Where {@code AssumeRoleWithSAML} goes for a role: the region (the configured one when it belongs to the role's
 * partition, else the partition's default) and an optional endpoint override. Without an override the SDK resolves
 * the regional endpoint of that region, e.g. {@code https://sts.cn-north-1.amazonaws.com.cn}.
 *
 * @param partition        the role's partition, e.g. {@code aws-cn}
 * @param region           the region to sign and route for
 * @param endpointOverride the configured endpoint, or {@code null}
 */
public record StsTarget(String partition, Region region, URI endpointOverride) {

    private static final Map<String, Region> PARTITION_DEFAULTS = Map.of(
        "aws", Region.US_EAST_1,
        "aws-cn", Region.CN_NORTH_1,
        "aws-us-gov", Region.US_GOV_WEST_1,
        "aws-iso", Region.of("us-iso-east-1"),
        "aws-iso-b", Region.of("us-isob-east-1"));

    /** Canonical constructor. */
    public StsTarget {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(region, "region");
    }

    /**
     * Chooses the target for a role's partition.
     *
     * @param partition        the role's partition ({@code aws}, {@code aws-cn}, {@code aws-us-gov}, {@code aws-iso},
     *                         {@code aws-iso-b})
     * @param configuredRegion the configured region, or {@code null}
     * @param configuredEndpoint the configured endpoint, or {@code null}
     * @return the target
     * @throws IllegalArgumentException for a partition this library does not know
     */
    public static StsTarget forPartition(String partition, Region configuredRegion, URI configuredEndpoint) {
        Region fallback = PARTITION_DEFAULTS.get(partition);
        if (fallback == null) {
            throw new IllegalArgumentException("Unknown AWS partition '" + partition
                                               + "': expected aws, aws-cn, aws-us-gov, aws-iso or aws-iso-b");
        }
        Region region = configuredRegion != null && partitionOf(configuredRegion).equals(partition) ? configuredRegion
                                                                                                     : fallback;
        return new StsTarget(partition, region, configuredEndpoint);
    }

    /**
     * The partition a region belongs to, by its name.
     *
     * @param region a region
     * @return its partition id
     */
    public static String partitionOf(Region region) {
        String id = region.id();
        if (id.startsWith("cn-")) {
            return "aws-cn";
        }
        if (id.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        if (id.startsWith("us-isob-")) {
            return "aws-iso-b";
        }
        if (id.startsWith("us-iso-")) {
            return "aws-iso";
        }
        return "aws";
    }

    /**
     * The partition of an ARN ({@code arn:PARTITION:...}).
     *
     * @param arn an ARN
     * @return its partition
     * @throws IllegalArgumentException when the text is not an ARN
     */
    public static String partitionOfArn(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 3);
        if (parts.length < 3 || !parts[0].equals("arn") || parts[1].isEmpty()) {
            throw new IllegalArgumentException("Expected an ARN such as arn:aws:iam::123456789012:role/Name, found '" + arn + "'");
        }
        return parts[1];
    }

    /** @return the endpoint requests go to: the override, else the SDK's resolution for the region */
    public URI endpoint() {
        if (endpointOverride != null) {
            return endpointOverride;
        }
        return StsEndpointProvider.defaultProvider()
                                  .resolveEndpoint(StsEndpointParams.builder().region(region).build())
                                  .join()
                                  .endpointUrl()
                                  .toUri();
    }

    /** @return the endpoint override, when one is configured */
    public Optional<URI> override() {
        return Optional.ofNullable(endpointOverride);
    }
}
