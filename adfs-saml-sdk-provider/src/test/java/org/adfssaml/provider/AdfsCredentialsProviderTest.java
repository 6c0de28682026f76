package org.adfssaml.provider;

import static org.adfssaml.provider.CountingSignIn.ACCOUNT;
import static org.adfssaml.provider.CountingSignIn.PRINCIPAL_ARN;
import static org.adfssaml.provider.CountingSignIn.ROLE_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.adfssaml.core.NoMatchingRoleException;
import org.adfssaml.core.RoleSelector;
import org.adfssaml.testkit.StsCall;
import org.adfssaml.testkit.StsEmulator;
import org.adfssaml.testkit.TestIdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

class AdfsCredentialsProviderTest {

    private static TestIdp idp;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeAll
    static void generateIdp() {
        idp = TestIdp.generate();
    }

    @AfterEach
    void closeResources() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    private StsEmulator sts(MutableClock clock) {
        return closeLater(StsEmulator.builder().trust(idp).clock(clock).build().start());
    }

    private StsEmulator sts(MutableClock clock, Duration roleMax) {
        return closeLater(StsEmulator.builder().trust(idp).clock(clock).maxSessionDuration(ROLE_ARN, roleMax).build().start());
    }

    private AdfsCredentialsProvider.Builder provider(CountingSignIn signIn, StsEmulator sts) {
        return AdfsCredentialsProvider.builder()
                                      .samlSource(signIn, "test sign-in")
                                      .stsEndpoint(sts.endpoint())
                                      .environment(name -> null);
    }

    private AdfsCredentialsProvider build(AdfsCredentialsProvider.Builder builder) {
        return closeLater(builder.build());
    }

    private StsClient callerIdentityClient(StsEmulator sts, AwsCredentialsProvider credentials) {
        return closeLater(StsClient.builder()
                                   .endpointOverride(sts.endpoint())
                                   .region(Region.US_EAST_1)
                                   .credentialsProvider(credentials)
                                   .httpClient(UrlConnectionHttpClient.create())
                                   .build());
    }

    @Test
    void resolveCredentialsWhenSignedInThenSdkClientCallsGetCallerIdentityWithThem() {
        MutableClock clock = MutableClock.behindRealTime(Duration.ZERO);
        StsEmulator sts = sts(clock);
        CountingSignIn signIn = new CountingSignIn(idp, clock);
        AdfsCredentialsProvider provider = build(provider(signIn, sts));

        GetCallerIdentityResponse identity = callerIdentityClient(sts, provider).getCallerIdentity();

        assertThat(identity.arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/AWS-Dev/alice@example.test");
        assertThat(identity.account()).isEqualTo(ACCOUNT);
        assertThat(sts.getCallerIdentityCalls()).isEqualTo(1);
        assertThat(sts.calls("GetCallerIdentity")).isEqualTo(1);
        assertThat(sts.calls().stream().filter(c -> c.action().equals("GetCallerIdentity")).findFirst().orElseThrow()
                      .httpStatus()).isEqualTo(200);
        assertThat(signIn.calls()).isEqualTo(1);
    }

    @Test
    void resolveCredentialsWhenSignedInThenSessionCredentialsCarryExpirationAndProviderName() {
        MutableClock clock = MutableClock.behindRealTime(Duration.ZERO);
        StsEmulator sts = sts(clock);
        AdfsCredentialsProvider provider = build(provider(new CountingSignIn(idp, clock), sts));

        AwsSessionCredentials credentials = provider.resolveCredentials();

        assertThat(credentials.expirationTime()).contains(clock.instant().plusSeconds(3600).truncatedTo(
            java.time.temporal.ChronoUnit.SECONDS));
        assertThat(credentials.providerName()).hasValueSatisfying(name -> assertThat(name).startsWith("AdfsCredentialsProvider,"));
        assertThat(credentials.sessionToken()).isNotBlank();
        StsCall call = sts.calls().get(0);
        assertThat(call.parameter("RoleArn")).contains(ROLE_ARN);
        assertThat(call.parameter("PrincipalArn")).contains(PRINCIPAL_ARN);
        assertThat(call.parameter("DurationSeconds")).isEmpty();
    }

    @Test
    void resolveCredentialsWhenCredentialsNearExpiryThenSignsInAgainBeforeTheyExpire() {
        // credentials issued by an STS clock 13.5 minutes behind expire 90 s from now: inside the 5-minute prefetch
        // window, outside the 1-minute stale time
        MutableClock clock = MutableClock.behindRealTime(Duration.ofSeconds(900 - 90));
        StsEmulator sts = sts(clock);
        CountingSignIn signIn = new CountingSignIn(idp, clock);
        AdfsCredentialsProvider provider = build(provider(signIn, sts).duration(Duration.ofMinutes(15)));

        AwsSessionCredentials first = provider.resolveCredentials();
        clock.setToRealTime();
        AwsSessionCredentials second = provider.resolveCredentials();
        AwsSessionCredentials third = provider.resolveCredentials();

        assertThat(first.expirationTime().orElseThrow()).isAfter(Instant.now());
        assertThat(signIn.calls()).isEqualTo(2);
        assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
        assertThat(second.expirationTime().orElseThrow()).isAfter(first.expirationTime().orElseThrow());
        assertThat(third.accessKeyId()).isEqualTo(second.accessKeyId());
        assertThat(sts.assumeRoleCalls()).isEqualTo(2);
        assertThat(callerIdentityClient(sts, provider).getCallerIdentity().account()).isEqualTo(ACCOUNT);
    }

    @Test
    void resolveCredentialsWhen200ThreadsCallAcrossARefreshThenExactlyOneSignIn() throws Exception {
        MutableClock clock = MutableClock.behindRealTime(Duration.ofSeconds(900 - 90));
        StsEmulator sts = sts(clock);
        CountingSignIn signIn = new CountingSignIn(idp, clock);
        AdfsCredentialsProvider provider = build(provider(signIn, sts).duration(Duration.ofMinutes(15)));
        AwsSessionCredentials first = provider.resolveCredentials();
        clock.setToRealTime();

        ExecutorService pool = Executors.newFixedThreadPool(200);
        CountDownLatch start = new CountDownLatch(1);
        Set<String> accessKeys = ConcurrentHashMap.newKeySet();
        List<Future<?>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    accessKeys.add(provider.resolveCredentials().accessKeyId());
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        AwsSessionCredentials after = provider.resolveCredentials();

        assertThat(signIn.calls()).isEqualTo(2);
        assertThat(sts.assumeRoleCalls()).isEqualTo(2);
        assertThat(after.accessKeyId()).isNotEqualTo(first.accessKeyId());
        assertThat(accessKeys).isSubsetOf(first.accessKeyId(), after.accessKeyId()).contains(after.accessKeyId());
    }

    @Test
    void resolveCredentialsWhenSignInFailsDuringRefreshThenCachedCredentialsServedUntilStaleThenTheError()
        throws Exception {
        // expiry 92 s from now with a stale time of 88 s: the cached credentials may be served for about 4 more seconds
        MutableClock clock = MutableClock.behindRealTime(Duration.ofSeconds(900 - 92));
        StsEmulator sts = sts(clock);
        CountingSignIn signIn = new CountingSignIn(idp, clock);
        Duration staleTime = Duration.ofSeconds(88);
        AdfsCredentialsProvider provider = build(provider(signIn, sts).duration(Duration.ofMinutes(15))
                                                                     .staleTime(staleTime)
                                                                     .prefetchTime(Duration.ofMinutes(5)));
        AwsSessionCredentials cached = provider.resolveCredentials();
        AdfsSignInException adfsDown = new AdfsSignInException("Could not connect to https://adfs.example.test: "
                                                               + "Connection refused");
        signIn.failWith(adfsDown);

        AwsSessionCredentials duringOutage = provider.resolveCredentials();
        assertThat(duringOutage.accessKeyId()).isEqualTo(cached.accessKeyId());
        assertThat(signIn.calls()).isEqualTo(2);

        Instant stale = cached.expirationTime().orElseThrow().minus(staleTime);
        while (!Instant.now().isAfter(stale)) {
            Thread.sleep(Math.max(1, Math.min(200, Duration.between(Instant.now(), stale).toMillis() + 1)));
        }
        assertThatThrownBy(provider::resolveCredentials).isSameAs(adfsDown)
                                                        .hasMessage("Could not connect to https://adfs.example.test: "
                                                                    + "Connection refused");
        assertThat(signIn.calls()).isEqualTo(3);
        assertThat(sts.assumeRoleCalls()).isEqualTo(1);
    }

    @Test
    void resolveCredentialsWhenAsyncRefreshEnabledThenCachedCredentialsReturnedAndBackgroundSignInReplacesThem()
        throws Exception {
        MutableClock clock = MutableClock.behindRealTime(Duration.ofSeconds(900 - 90));
        StsEmulator sts = sts(clock);
        CountingSignIn signIn = new CountingSignIn(idp, clock);
        AdfsCredentialsProvider provider = build(provider(signIn, sts).duration(Duration.ofMinutes(15))
                                                                     .asyncCredentialUpdateEnabled(true));
        AwsSessionCredentials first = provider.resolveCredentials();
        clock.setToRealTime();

        AwsSessionCredentials served = provider.resolveCredentials();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (provider.resolveCredentials().accessKeyId().equals(first.accessKeyId()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        assertThat(served.accessKeyId()).isEqualTo(first.accessKeyId());
        assertThat(provider.resolveCredentials().accessKeyId()).isNotEqualTo(first.accessKeyId());
        assertThat(signIn.calls()).isEqualTo(2);
    }

    @Test
    void resolveCredentialsWhenLoggingAndFailingThenNoSecretInLogOrExceptionMessages() {
        MutableClock clock = MutableClock.behindRealTime(Duration.ZERO);
        StsEmulator sts = sts(clock, Duration.ofHours(1));
        CountingSignIn signIn = new CountingSignIn(idp, clock);
        AdfsCredentialsProvider provider = build(provider(signIn, sts).duration(Duration.ofHours(2)));
        String log;
        AwsSessionCredentials credentials;
        StsRefusedException refused;
        try (LogCapture capture = new LogCapture()) {
            credentials = provider.resolveCredentials();
            sts.errorNext(400, "InvalidIdentityToken", "Invalid SAML response");
            try (AdfsCredentialsProvider second = provider.toBuilder().build()) {
                refused = org.assertj.core.api.Assertions.catchThrowableOfType(StsRefusedException.class,
                                                                               second::resolveCredentials);
            }
            log = capture.text();
        }

        assertThat(log).contains("retrying once with 3600 seconds");
        for (String text : List.of(log, refused.getMessage(), provider.toString())) {
            assertThat(text).doesNotContain(credentials.secretAccessKey(), credentials.sessionToken(),
                                            signIn.lastAssertion(), signIn.lastAssertion().substring(0, 40));
        }
    }

    @Test
    void resolveCredentialsWhenAuthenticationRefusedThenOneSignInPerCallAndNoStsCall() {
        MutableClock clock = MutableClock.behindRealTime(Duration.ZERO);
        StsEmulator sts = sts(clock);
        CountingSignIn signIn = new CountingSignIn(idp, clock);
        AdfsAuthenticationException refused = new AdfsAuthenticationException(
            AdfsAuthenticationException.Reason.PASSWORD_REFUSED, "AD FS refused the password for EXAMPLE\\alice",
            "Incorrect user ID or password.");
        signIn.failWith(refused);
        AdfsCredentialsProvider provider = build(provider(signIn, sts));

        for (int i = 1; i <= 50; i++) {
            assertThatThrownBy(provider::resolveCredentials).isSameAs(refused);
            assertThat(signIn.calls()).isEqualTo(i);
        }
        assertThat(sts.assumeRoleCalls()).isZero();
    }

    @Test
    void resolveCredentialsWhenDurationAboveRoleMaximumThenRetriesOnceWith3600AndWarns() {
        MutableClock clock = MutableClock.behindRealTime(Duration.ofSeconds(3600 - 90));
        StsEmulator sts = sts(clock, Duration.ofHours(1));
        CountingSignIn signIn = new CountingSignIn(idp, clock);
        AdfsCredentialsProvider provider = build(provider(signIn, sts).duration(Duration.ofHours(2)));

        AwsSessionCredentials first;
        String log;
        try (LogCapture capture = new LogCapture()) {
            first = provider.resolveCredentials();
            log = capture.text();
        }
        assertThat(durationsSent(sts)).containsExactly("7200", "3600");
        assertThat(log).contains("STS refused DurationSeconds=7200 for role " + ROLE_ARN
                                 + " because it exceeds the role's MaxSessionDuration; retrying once with 3600 seconds");
        assertThat(first.expirationTime().orElseThrow()).isAfter(Instant.now());

        // the refresh asks for what the role allows straight away: no second refusal, no second warning
        clock.setToRealTime();
        provider.resolveCredentials();
        assertThat(signIn.calls()).isEqualTo(2);
        assertThat(durationsSent(sts)).containsExactly("7200", "3600", "3600");
    }

    @Test
    void resolveCredentialsWhenRoleMaximumBelowFallbackThenRetriesOnlyOnceAndReportsValidationError() {
        MutableClock clock = MutableClock.behindRealTime(Duration.ZERO);
        StsEmulator sts = sts(clock, Duration.ofMinutes(30));
        AdfsCredentialsProvider provider = build(provider(new CountingSignIn(idp, clock), sts).duration(Duration.ofHours(2)));

        assertThatThrownBy(provider::resolveCredentials)
            .isInstanceOfSatisfying(StsRefusedException.class, e -> {
                assertThat(e.errorCode()).isEqualTo("ValidationError");
                assertThat(e.stsMessage()).isEqualTo("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
                assertThat(e.roleArn()).isEqualTo(ROLE_ARN);
            });
        assertThat(durationsSent(sts)).containsExactly("7200", "3600");
    }

    @ParameterizedTest
    @CsvSource({"86400, 43200", "300, 900", "5400, 5400"})
    void resolveCredentialsWhenAssertionHasSessionDurationThenItIsRequestedWithinStsLimits(long attributeSeconds,
                                                                                          String expectedSeconds) {
        MutableClock clock = MutableClock.behindRealTime(Duration.ZERO);
        StsEmulator sts = sts(clock, Duration.ofHours(12));
        CountingSignIn signIn = new CountingSignIn(idp, clock)
            .responses(b -> b.role(ACCOUNT, "AWS-Dev", "ADFS").sessionDuration(Duration.ofSeconds(attributeSeconds)));
        AdfsCredentialsProvider provider = build(provider(signIn, sts));

        provider.resolveCredentials();

        assertThat(durationsSent(sts)).containsExactly(expectedSeconds);
    }

    @Test
    void resolveCredentialsWhenSessionPoliciesConfiguredThenSentToSts() {
        MutableClock clock = MutableClock.behindRealTime(Duration.ZERO);
        StsEmulator sts = sts(clock);
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                        + "\"Resource\":\"*\"}]}";
        AdfsCredentialsProvider provider = build(provider(new CountingSignIn(idp, clock), sts)
                                                     .policy(policy)
                                                     .policyArns(List.of("arn:aws:iam::aws:policy/ReadOnlyAccess")));

        provider.resolveCredentials();

        StsCall call = sts.calls().get(0);
        // the emulator records that a policy was sent, not its text
        assertThat(call.parameter("Policy")).contains(StsCall.REDACTED);
        assertThat(call.parameter("PolicyArns.member.1.arn")).contains("arn:aws:iam::aws:policy/ReadOnlyAccess");
    }

    @Test
    void resolveCredentialsWhenSeveralRolesAndDefaultSelectorThenNoMatchingRoleListsThem() {
        MutableClock clock = MutableClock.behindRealTime(Duration.ZERO);
        StsEmulator sts = sts(clock);
        CountingSignIn signIn = new CountingSignIn(idp, clock)
            .responses(b -> b.role(ACCOUNT, "AWS-Dev", "ADFS").role(ACCOUNT, "AWS-Admin", "ADFS"));
        AdfsCredentialsProvider provider = build(provider(signIn, sts));

        assertThatThrownBy(provider::resolveCredentials)
            .isInstanceOf(NoMatchingRoleException.class)
            .hasMessageContaining("arn:aws:iam::123456789012:role/AWS-Admin")
            .hasMessageContaining(ROLE_ARN);
        assertThat(sts.assumeRoleCalls()).isZero();
    }

    @Test
    void resolveCredentialsWhenSelectorByArnThenAssumesThatRole() {
        MutableClock clock = MutableClock.behindRealTime(Duration.ZERO);
        StsEmulator sts = sts(clock);
        CountingSignIn signIn = new CountingSignIn(idp, clock)
            .responses(b -> b.role(ACCOUNT, "AWS-Dev", "ADFS").role(ACCOUNT, "AWS-Admin", "ADFS"));
        AdfsCredentialsProvider provider = build(provider(signIn, sts)
                                                     .roleSelector(RoleSelector.byArn("arn:aws:iam::123456789012:role/AWS-Admin")));

        String arn = callerIdentityClient(sts, provider).getCallerIdentity().arn();

        assertThat(arn).isEqualTo("arn:aws:sts::123456789012:assumed-role/AWS-Admin/alice@example.test");
    }

    @Test
    void resolveCredentialsWhenAssertionExpiredThenStsRefusedWithClockHint() {
        MutableClock stsClock = MutableClock.behindRealTime(Duration.ZERO);
        StsEmulator sts = sts(stsClock);
        // minted two hours ago, valid for one: expired on STS's clock
        CountingSignIn signIn = new CountingSignIn(idp, MutableClock.behindRealTime(Duration.ofHours(2)));
        AdfsCredentialsProvider provider = build(provider(signIn, sts));

        assertThatThrownBy(provider::resolveCredentials)
            .isInstanceOfSatisfying(StsRefusedException.class, e -> {
                assertThat(e.errorCode()).isEqualTo("ExpiredTokenException");
                assertThat(e.hint()).contains(
                    "The SAML assertion was already expired when STS received it: check that this machine's clock is "
                    + "correct (NTP) and sign in again");
                assertThat(e.getMessage()).startsWith("AWS STS refused AssumeRoleWithSAML for role " + ROLE_ARN
                                                      + ": ExpiredTokenException: ");
            });
    }

    @Test
    void resolveCredentialsWhenStsAnswersEachErrorCodeThenStsRefusedCarriesCodeMessageAndHint() {
        MutableClock clock = MutableClock.behindRealTime(Duration.ZERO);
        StsEmulator sts = sts(clock);
        Map<String, String> hints = Map.of(
            "IDPRejectedClaim", "AWS rejected the assertion's claims: check that the role's trust policy names this SAML "
                                + "provider and that the Role attribute pairs this role with the right provider ARN",
            "InvalidIdentityToken", "AWS could not verify the assertion: check that the IAM SAML provider holds the IdP's "
                                    + "current signing certificate (update its metadata after an AD FS certificate rollover)",
            "MalformedPolicyDocument", "The inline session policy is not a valid IAM policy document",
            "PackedPolicyTooLarge", "The session policies and tags are too large: shorten the inline policy, policy ARNs "
                                    + "or session tags",
            "RegionDisabledException", "STS is not activated in this region for the account: activate it in IAM account "
                                       + "settings or configure another region",
            "AccessDenied", "The role's trust policy does not allow this assertion to assume it");
        for (Map.Entry<String, String> expected : hints.entrySet()) {
            CountingSignIn signIn = new CountingSignIn(idp, clock);
            try (AdfsCredentialsProvider provider = provider(signIn, sts).build()) {
                sts.errorNext(403, expected.getKey(), "Refused by test: " + expected.getKey());

                assertThatThrownBy(provider::resolveCredentials)
                    .isInstanceOfSatisfying(StsRefusedException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(expected.getKey());
                        assertThat(e.stsMessage()).isEqualTo("Refused by test: " + expected.getKey());
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.hint()).contains(expected.getValue());
                        assertThat(e.getMessage()).startsWith("AWS STS refused AssumeRoleWithSAML for role " + ROLE_ARN + ": "
                                                              + expected.getKey() + ": Refused by test: "
                                                              + expected.getKey() + " (HTTP 403")
                                                  .endsWith(". " + expected.getValue());
                    });
            }
        }
    }

    @Test
    void resolveCredentialsWhenStsAnswersAnUnknownCodeThenStsRefusedWithoutHint() {
        MutableClock clock = MutableClock.behindRealTime(Duration.ZERO);
        StsEmulator sts = sts(clock);
        AdfsCredentialsProvider provider = build(provider(new CountingSignIn(idp, clock), sts));
        sts.errorNext(400, "SomethingNew", "A new refusal");

        assertThatThrownBy(provider::resolveCredentials)
            .isInstanceOfSatisfying(StsRefusedException.class, e -> {
                assertThat(e.errorCode()).isEqualTo("SomethingNew");
                assertThat(e.hint()).isEmpty();
                assertThat(e.getMessage()).startsWith("AWS STS refused AssumeRoleWithSAML for role " + ROLE_ARN
                                                      + ": SomethingNew: A new refusal (HTTP 400").endsWith(")");
            });
    }

    @Test
    void resolveCredentialsWhenStsThrottlesOnceThenSdkRetriesAndSucceeds() {
        MutableClock clock = MutableClock.behindRealTime(Duration.ZERO);
        StsEmulator sts = sts(clock);
        CountingSignIn signIn = new CountingSignIn(idp, clock);
        AdfsCredentialsProvider provider = build(provider(signIn, sts));
        sts.throttleNext(1);

        provider.resolveCredentials();

        assertThat(sts.assumeRoleCalls()).isEqualTo(2);
        assertThat(signIn.calls()).isEqualTo(1);
    }

    @Test
    void resolveCredentialsWhenEndpointFromEnvironmentThenUsesIt() {
        MutableClock clock = MutableClock.behindRealTime(Duration.ZERO);
        StsEmulator sts = sts(clock);
        AdfsCredentialsProvider provider = build(AdfsCredentialsProvider.builder()
                                                                        .samlSource(new CountingSignIn(idp, clock), "test")
                                                                        .environment(name -> name.equals("AWS_ENDPOINT_URL_STS")
                                                                                             ? sts.endpoint().toString()
                                                                                             : null));

        provider.resolveCredentials();

        assertThat(sts.assumeRoleCalls()).isEqualTo(1);
    }

    @Test
    void buildWhenEnvironmentHasGenericAndStsEndpointsThenStsSpecificWins() {
        AdfsCredentialsProvider provider = build(AdfsCredentialsProvider.builder()
                                                                        .samlSource(() -> null, "test")
                                                                        .environment(Map.of(
                                                                            "AWS_ENDPOINT_URL", "https://generic.example.test",
                                                                            "AWS_ENDPOINT_URL_STS", "https://sts.example.test")::get));
        AdfsCredentialsProvider generic = build(AdfsCredentialsProvider.builder()
                                                                       .samlSource(() -> null, "test")
                                                                       .environment(Map.of(
                                                                           "AWS_ENDPOINT_URL", "https://generic.example.test")::get));

        assertThat(provider.stsTarget("aws").endpoint()).isEqualTo(URI.create("https://sts.example.test"));
        assertThat(generic.stsTarget("aws").endpoint()).isEqualTo(URI.create("https://generic.example.test"));
    }

    @Test
    void resolveCredentialsWhenRoleInChinaPartitionThenClientUsesCnNorth1() {
        MutableClock clock = MutableClock.behindRealTime(Duration.ZERO);
        StsEmulator sts = sts(clock);
        CountingSignIn signIn = new CountingSignIn(idp, clock)
            .responses(b -> b.roles("arn:aws-cn:iam::123456789012:saml-provider/ADFS,arn:aws-cn:iam::123456789012:role/AWS-Dev")
                             .destination("https://signin.amazonaws.cn/saml")
                             .recipient("https://signin.amazonaws.cn/saml"));
        AdfsCredentialsProvider provider = build(provider(signIn, sts).region(Region.EU_WEST_1));

        provider.resolveCredentials();

        assertThat(sts.calls().get(0).parameter("RoleArn")).contains("arn:aws-cn:iam::123456789012:role/AWS-Dev");
        assertThat(provider.stsTarget("aws-cn").region()).isEqualTo(Region.CN_NORTH_1);
        assertThat(provider.stsTarget("aws").region()).isEqualTo(Region.EU_WEST_1);
    }

    @Test
    void resolveCredentialsWhenSuppliedStsClientThenUsesItAndLeavesItOpen() {
        MutableClock clock = MutableClock.behindRealTime(Duration.ZERO);
        StsEmulator sts = sts(clock);
        StsClient client = closeLater(StsClient.builder()
                                               .endpointOverride(sts.endpoint())
                                               .region(Region.US_EAST_1)
                                               .credentialsProvider(AnonymousCredentialsProvider.create())
                                               .httpClient(UrlConnectionHttpClient.create())
                                               .build());
        AdfsCredentialsProvider first = AdfsCredentialsProvider.builder()
                                                               .samlSource(new CountingSignIn(idp, clock), "test")
                                                               .stsClient(client)
                                                               .build();
        first.resolveCredentials();
        first.close();
        try (AdfsCredentialsProvider second = first.toBuilder().build()) {
            second.resolveCredentials();
        }

        assertThat(sts.assumeRoleCalls()).isEqualTo(2);
    }

    @Test
    void toBuilderWhenBuiltThenSameSettings() {
        AdfsCredentialsProvider provider = build(AdfsCredentialsProvider.builder()
                                                                        .samlSource(() -> null, "test sign-in")
                                                                        .region(Region.EU_WEST_1)
                                                                        .stsEndpoint(URI.create("https://sts.example.test"))
                                                                        .duration(Duration.ofHours(2))
                                                                        .staleTime(Duration.ofMinutes(2))
                                                                        .prefetchTime(Duration.ofMinutes(10))
                                                                        .asyncCredentialUpdateEnabled(true)
                                                                        .environment(name -> null));

        AdfsCredentialsProvider copy = build(provider.toBuilder());

        assertThat(copy.toString()).isEqualTo(provider.toString());
        assertThat(copy.staleTime()).isEqualTo(Duration.ofMinutes(2));
        assertThat(copy.prefetchTime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(copy.asyncCredentialUpdateEnabled()).isTrue();
    }

    @Test
    void toStringWhenCredentialsResolvedThenContainsNoSecret() {
        MutableClock clock = MutableClock.behindRealTime(Duration.ZERO);
        StsEmulator sts = sts(clock);
        CountingSignIn signIn = new CountingSignIn(idp, clock);
        AdfsCredentialsProvider provider = build(provider(signIn, sts).duration(Duration.ofHours(1)));

        AwsSessionCredentials credentials = provider.resolveCredentials();

        assertThat(provider.toString())
            .startsWith("AdfsCredentialsProvider(signIn=test sign-in, roleSelector=")
            .contains("stsEndpoint=" + sts.endpoint(), "duration=PT1H", "staleTime=PT1M", "prefetchTime=PT5M", "async=false")
            .doesNotContain(credentials.secretAccessKey(), credentials.sessionToken(), credentials.accessKeyId());
    }

    @Test
    void buildWhenNoSignInThenErrorSaysWhatIsMissing() {
        assertThatThrownBy(() -> AdfsCredentialsProvider.builder().build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("No sign-in configured: expected signIn(AdfsSignIn)");
    }

    @Test
    void buildWhenDurationOutOfRangeThenErrorGivesRange() {
        assertThatThrownBy(() -> AdfsCredentialsProvider.builder().samlSource(() -> null, "test")
                                                        .duration(Duration.ofHours(13)).build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Invalid duration 46800 s: expected between 900 s (15 minutes) and 43200 s (12 hours)");
        assertThatThrownBy(() -> AdfsCredentialsProvider.builder().samlSource(() -> null, "test")
                                                        .duration(Duration.ofMinutes(10)).build())
            .hasMessage("Invalid duration 600 s: expected between 900 s (15 minutes) and 43200 s (12 hours)");
    }

    @Test
    void buildWhenPrefetchBeforeStaleThenErrorNamesBoth() {
        assertThatThrownBy(() -> AdfsCredentialsProvider.builder().samlSource(() -> null, "test")
                                                        .staleTime(Duration.ofMinutes(5)).prefetchTime(Duration.ofMinutes(1))
                                                        .build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Invalid refresh times: expected 0 <= staleTime <= prefetchTime, found staleTime PT5M and "
                        + "prefetchTime PT1M");
    }

    @Test
    void buildWhenEnvironmentEndpointMalformedThenErrorNamesVariable() {
        assertThatThrownBy(() -> AdfsCredentialsProvider.builder().samlSource(() -> null, "test")
                                                        .environment(Map.of("AWS_ENDPOINT_URL_STS", "http://bad host")::get)
                                                        .build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Invalid AWS_ENDPOINT_URL_STS: expected a URL such as https://sts.example.com, found 'http://bad host'");
    }

    private static List<String> durationsSent(StsEmulator sts) {
        return sts.calls().stream()
                  .filter(call -> call.action().equals("AssumeRoleWithSAML"))
                  .map(call -> call.parameter("DurationSeconds").orElse("none"))
                  .toList();
    }
}
