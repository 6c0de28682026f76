package org.adfssaml.examples;

import java.io.Console;
import java.util.List;
import org.adfssaml.core.RoleSelector;
import org.adfssaml.provider.AdfsCredentialsProvider;
import org.adfssaml.provider.AdfsSignIn;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

/**
 * Lists the S3 buckets of a role, signed in through AD FS with the user's password: the AWS blog's Python script
 * in a few lines of Java.
 *
 * <pre>
 * java -cp adfs-saml.jar org.adfssaml.examples.S3ListBucketsExample \
 *     https://adfs.example.com 'EXAMPLE\alice' 123456789012 AWS-Developer
 * </pre>
 */
public final class S3ListBucketsExample {

    private S3ListBucketsExample() {
    }

    /**
     * @param args the AD FS URL, the user name, the account id and the role name
     */
    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: S3ListBucketsExample IDP_URL USERNAME ACCOUNT_ID ROLE_NAME");
            System.exit(2);
        }
        Console console = System.console();
        if (console == null) {
            System.err.println("S3ListBucketsExample asks for the password on a terminal: run it in one");
            System.exit(2);
        }
        for (Bucket bucket : listBuckets(args[0], args[1], () -> console.readPassword("Password for %s: ", args[1]),
                args[2], args[3])) {
            System.out.println(bucket.name());
        }
    }

    /**
     * Signs in, assumes the role and lists its buckets.
     *
     * @param idpUrl the AD FS host or sign-in URL
     * @param username {@code DOMAIN\\user} or {@code user@domain}
     * @param password asked when the provider signs in (again before the credentials expire)
     * @param accountId the 12-digit account id
     * @param roleName the role name
     * @return the buckets
     */
    public static List<Bucket> listBuckets(String idpUrl, String username, java.util.function.Supplier<char[]> password,
            String accountId, String roleName) {
        // snippet: s3-list-buckets
        try (AdfsCredentialsProvider credentials = AdfsCredentialsProvider.builder()
                    .signIn(AdfsSignIn.builder()
                            .idpUrl(idpUrl)
                            .username(username)
                            .passwordSource(password)
                            .build())
                    .roleSelector(RoleSelector.byAccountAndName(accountId, roleName))
                    .build();
                S3Client s3 = S3Client.builder()
                    .credentialsProvider(credentials)
                    .region(Region.US_EAST_1)
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build()) {
            return s3.listBuckets().buckets();
        }
        // end snippet
    }
}
