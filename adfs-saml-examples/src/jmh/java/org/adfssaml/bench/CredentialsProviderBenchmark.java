package org.adfssaml.bench;

import java.util.concurrent.TimeUnit;
import org.adfssaml.core.RoleSelector;
import org.adfssaml.provider.AdfsCredentialsProvider;
import org.adfssaml.provider.AdfsSignIn;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.AdfsUser;
import org.adfssaml.testkit.StsEmulator;
import org.adfssaml.testkit.TestIdp;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleWithSamlCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlRequest;

/**
 * {@code resolveCredentials()} once credentials are cached: {@link AdfsCredentialsProvider} (signed in once through
 * the AD FS emulator) against the SDK's own {@link StsAssumeRoleWithSamlCredentialsProvider} with a fixed request,
 * both served by the same STS emulator. Credentials last an hour and the prefetch time is five minutes, so no
 * refresh happens during a run (the setup checks each emulator was called exactly once, the teardown that no
 * further sign-in or STS call happened). Run with {@code -t 1} and {@code -t 4} to see contention.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CredentialsProviderBenchmark {

    private static final String ROLE = "arn:aws:iam::111122223333:role/AWS-Developer,"
            + "arn:aws:iam::111122223333:saml-provider/ADFS";

    private AdfsEmulator adfs;
    private StsEmulator sts;
    private AdfsCredentialsProvider adfsProvider;
    private StsClient sdkStsClient;
    private StsAssumeRoleWithSamlCredentialsProvider sdkProvider;

    /** Starts both emulators and warms both providers with one STS call each. */
    @Setup(Level.Trial)
    public void setUp() {
        TestIdp idp = TestIdp.generate();
        adfs = AdfsEmulator.builder().idp(idp)
                .user(AdfsUser.builder("EXAMPLE\\bench").password("bench-Passw0rd").roles(ROLE).build())
                .build().start();
        sts = StsEmulator.builder().trust(idp).build().start();
        adfsProvider = AdfsCredentialsProvider.builder()
                .signIn(AdfsSignIn.builder().idpUrl(adfs.signOnUrl()).username("EXAMPLE\\bench")
                        .passwordSource("bench-Passw0rd"::toCharArray).trustStore(adfs.trustStore()).build())
                .roleSelector(RoleSelector.onlyOne())
                .stsEndpoint(sts.endpoint())
                .region(Region.US_EAST_1)
                .build();
        sdkStsClient = StsClient.builder()
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .endpointOverride(sts.endpoint())
                .region(Region.US_EAST_1)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        AssumeRoleWithSamlRequest request = AssumeRoleWithSamlRequest.builder()
                .roleArn("arn:aws:iam::111122223333:role/AWS-Developer")
                .principalArn("arn:aws:iam::111122223333:saml-provider/ADFS")
                .samlAssertion(idp.response().roles(ROLE).base64())
                .build();
        sdkProvider = StsAssumeRoleWithSamlCredentialsProvider.builder()
                .stsClient(sdkStsClient)
                .refreshRequest(request)
                .build();
        adfsProvider.resolveCredentials();
        sdkProvider.resolveCredentials();
        checkCalls("after warm-up");
    }

    /** The providers must not have refreshed during the measurement. */
    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            checkCalls("after the run");
        } finally {
            adfsProvider.close();
            sdkProvider.close();
            sdkStsClient.close();
            adfs.close();
            sts.close();
        }
    }

    private void checkCalls(String when) {
        int signIns = adfs.requestLog().signInCount("EXAMPLE\\bench");
        int assumes = sts.assumeRoleCalls();
        if (signIns != 1 || assumes != 2) {
            throw new IllegalStateException("expected 1 sign-in and 2 AssumeRoleWithSAML calls " + when + ", found "
                    + signIns + " and " + assumes);
        }
    }

    /** The warm path of this project's provider. */
    @Benchmark
    public AwsCredentials adfsCredentialsProvider() {
        return adfsProvider.resolveCredentials();
    }

    /** The warm path of the SDK's own provider: the floor. */
    @Benchmark
    public AwsCredentials sdkStsAssumeRoleWithSamlProvider() {
        return sdkProvider.resolveCredentials();
    }
}
