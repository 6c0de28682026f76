package org.adfssaml.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class StsTargetTest {

    @Test
    void forPartitionWhenAwsWithoutRegionThenUsEast1RegionalEndpoint() {
        StsTarget target = StsTarget.forPartition("aws", null, null);

        assertThat(target.region()).isEqualTo(Region.US_EAST_1);
        assertThat(target.endpoint()).isEqualTo(URI.create("https://sts.us-east-1.amazonaws.com"));
    }

    @Test
    void forPartitionWhenAwsWithConfiguredRegionThenThatRegionsEndpoint() {
        StsTarget target = StsTarget.forPartition("aws", Region.EU_WEST_1, null);

        assertThat(target.region()).isEqualTo(Region.EU_WEST_1);
        assertThat(target.endpoint()).isEqualTo(URI.create("https://sts.eu-west-1.amazonaws.com"));
    }

    @Test
    void forPartitionWhenChinaThenCnNorth1EndpointEvenIfAnotherPartitionsRegionIsConfigured() {
        StsTarget target = StsTarget.forPartition("aws-cn", Region.EU_WEST_1, null);

        assertThat(target.region()).isEqualTo(Region.CN_NORTH_1);
        assertThat(target.endpoint()).isEqualTo(URI.create("https://sts.cn-north-1.amazonaws.com.cn"));
    }

    @Test
    void forPartitionWhenChinaWithChinaRegionConfiguredThenThatRegion() {
        StsTarget target = StsTarget.forPartition("aws-cn", Region.CN_NORTHWEST_1, null);

        assertThat(target.region()).isEqualTo(Region.CN_NORTHWEST_1);
        assertThat(target.endpoint()).isEqualTo(URI.create("https://sts.cn-northwest-1.amazonaws.com.cn"));
    }

    @Test
    void forPartitionWhenGovCloudThenUsGovWest1Endpoint() {
        StsTarget target = StsTarget.forPartition("aws-us-gov", null, null);

        assertThat(target.region()).isEqualTo(Region.US_GOV_WEST_1);
        assertThat(target.endpoint()).isEqualTo(URI.create("https://sts.us-gov-west-1.amazonaws.com"));
    }

    @Test
    void forPartitionWhenEndpointConfiguredThenOverrideWins() {
        StsTarget target = StsTarget.forPartition("aws-cn", null, URI.create("http://127.0.0.1:4566"));

        assertThat(target.region()).isEqualTo(Region.CN_NORTH_1);
        assertThat(target.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
    }

    @Test
    void forPartitionWhenUnknownThenErrorListsKnownPartitions() {
        assertThatThrownBy(() -> StsTarget.forPartition("aws-eu", null, null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Unknown AWS partition 'aws-eu': expected aws, aws-cn, aws-us-gov, aws-iso or aws-iso-b");
    }

    @Test
    void partitionOfArnWhenNotAnArnThenErrorShowsExample() {
        assertThat(StsTarget.partitionOfArn("arn:aws-us-gov:iam::123456789012:role/X")).isEqualTo("aws-us-gov");
        assertThatThrownBy(() -> StsTarget.partitionOfArn("role/X"))
            .hasMessage("Expected an ARN such as arn:aws:iam::123456789012:role/Name, found 'role/X'");
    }
}
