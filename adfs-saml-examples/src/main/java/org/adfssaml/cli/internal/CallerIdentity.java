package org.adfssaml.cli.internal;

import java.util.Map;
import org.adfssaml.cli.AdfsSamlCli;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.model.StsException;

/** {@code --verify}: who the new credentials are, according to STS. */
final class CallerIdentity {

    private static final Map<String, Region> PARTITION_REGIONS = Map.of(
            "aws", Region.US_EAST_1, "aws-cn", Region.CN_NORTH_1, "aws-us-gov", Region.US_GOV_WEST_1);

    private CallerIdentity() {
    }

    static String arn(Assume.Assumed assumed, Settings settings) {
        Region region = settings.region() != null ? Region.of(settings.region())
                : PARTITION_REGIONS.getOrDefault(assumed.role().partition(), Region.US_EAST_1);
        StsClientBuilder builder = StsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(assumed.credentials()))
                .region(region);
        if (settings.stsEndpoint() != null) {
            builder.endpointOverride(settings.stsEndpoint());
        }
        try (StsClient sts = builder.build()) {
            return sts.getCallerIdentity().arn();
        } catch (StsException e) {
            throw new CliException(AdfsSamlCli.STS_REFUSED, "STS refused GetCallerIdentity with the new credentials: "
                    + e.awsErrorDetails().errorMessage(), e);
        }
    }
}
