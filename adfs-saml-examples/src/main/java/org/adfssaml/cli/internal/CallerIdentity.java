package org.adfssaml.cli.internal;

import org.adfssaml.cli.AdfsSamlCli;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.model.StsException;

/** {@code --verify}: who the new credentials are, according to STS. */
final class CallerIdentity {

    private CallerIdentity() {
    }

    static String arn(AwsSessionCredentials credentials, Settings settings) {
        StsClientBuilder builder = StsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .region(Region.of(settings.region() != null ? settings.region() : "us-east-1"));
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
