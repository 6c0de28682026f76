package org.adfssaml.examples;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.adfssaml.provider.AdfsCredentialsProvider;
import org.adfssaml.provider.AdfsProfile;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * An STS client whose credentials come from a profile of {@code ~/.aws/config} that {@code adfs-saml configure}
 * wrote (its {@code adfs_*} keys); the password comes from {@code ADFS_PASSWORD} or the console.
 *
 * <pre>
 * adfs-saml configure --profile saml --idp-url https://adfs.example.com --username 'EXAMPLE\alice' \
 *     --role-arn arn:aws:iam::123456789012:role/AWS-Developer
 * java -cp adfs-saml.jar org.adfssaml.examples.ProfileExample saml
 * </pre>
 */
public final class ProfileExample {

    private ProfileExample() {
    }

    /**
     * @param args the profile name (default {@code saml})
     */
    public static void main(String[] args) {
        String profile = args.length > 0 ? args[0] : "saml";
        // snippet: from-profile
        try (AdfsCredentialsProvider credentials = AdfsCredentialsProvider.create(profile);
                StsClient sts = StsClient.builder()
                    .credentialsProvider(credentials)
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build()) {
            System.out.println(sts.getCallerIdentity().arn());
        }
        // end snippet
    }

    /**
     * The same with an explicit config file and password source (what tests and services without a console use).
     *
     * @param configFile the AWS config file
     * @param profile the profile name
     * @param password the password source
     * @param stsEndpoint an STS endpoint override, or {@code null}
     * @return the caller ARN STS reports for the credentials
     */
    public static String callerArn(Path configFile, String profile, Supplier<char[]> password, URI stsEndpoint) {
        AdfsProfile settings = AdfsProfile.load(configFile, profile);
        try (AdfsCredentialsProvider credentials = AdfsCredentialsProvider.builder()
                    .profile(settings)
                    .signIn(settings.signInBuilder().passwordSource(password).build())
                    .build()) {
            StsClientBuilder builder = StsClient.builder()
                    .credentialsProvider(credentials)
                    .region(settings.region().orElse(Region.US_EAST_1))
                    .httpClientBuilder(UrlConnectionHttpClient.builder());
            if (stsEndpoint != null) {
                builder.endpointOverride(stsEndpoint);
            }
            try (StsClient sts = builder.build()) {
                return sts.getCallerIdentity().arn();
            }
        }
    }
}
