package org.adfssaml.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** The STS emulator driven by the real AWS SDK {@code StsClient} over HTTP. */
class StsEmulatorSdkTest {

    private static final String ACCOUNT = "123456789012";
    private static final String ROLE = "arn:aws:iam::123456789012:role/AWS-Dev";
    private static final String LONG_ROLE = "arn:aws:iam::123456789012:role/team/AWS-LongSessions";
    private static final String PROVIDER = "arn:aws:iam::123456789012:saml-provider/ADFS";

    private static TestIdp idp;
    private static TestIdp otherIdp;

    private StsEmulator sts;
    private StsClient anonymous;
    private StsClient anonymousNoRetry;

    @BeforeAll
    static void idps() {
        idp = TestIdp.generate();
        otherIdp = TestIdp.generate("attacker.example.test");
    }

    @BeforeEach
    void start() {
        sts = StsEmulator.builder()
                .trust(idp)
                .maxSessionDuration(LONG_ROLE, Duration.ofHours(4))
                .build()
                .start();
        anonymous = client(AnonymousCredentialsProvider.create(), true);
        anonymousNoRetry = client(AnonymousCredentialsProvider.create(), false);
    }

    @AfterEach
    void stop() {
        anonymous.close();
        anonymousNoRetry.close();
        sts.close();
    }

    private StsClient client(AwsCredentialsProvider credentials, boolean retry) {
        return StsClient.builder()
                .endpointOverride(sts.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> {
                    if (!retry) {
                        c.retryStrategy(AwsRetryStrategy.doNotRetry());
                    }
                })
                .build();
    }

    private SamlResponseBuilder response() {
        return idp.response()
                .role(ACCOUNT, "AWS-Dev", "ADFS")
                .roles(RoleClaims.roleValue(ACCOUNT, "team/AWS-LongSessions", "ADFS"))
                .roleSessionName("alice@example.test")
                .nameId("EXAMPLE\\alice");
    }

    private AssumeRoleWithSamlResponse assume(StsClient client, String samlResponse,
            Consumer<AssumeRoleWithSamlRequest.Builder> extra) {
        AssumeRoleWithSamlRequest.Builder request = AssumeRoleWithSamlRequest.builder()
                .roleArn(ROLE).principalArn(PROVIDER).samlAssertion(samlResponse);
        extra.accept(request);
        return client.assumeRoleWithSAML(request.build());
    }

    private StsException refusal(String samlResponse, Consumer<AssumeRoleWithSamlRequest.Builder> extra) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> assume(anonymousNoRetry, samlResponse, extra));
        assertThat(thrown).isInstanceOf(StsException.class);
        return (StsException) thrown;
    }

    @Test
    void assumeRoleWithSamlWhenAssertionValidThenReturnsStsShapedCredentials() {
        Instant before = Instant.now();

        AssumeRoleWithSamlResponse result = assume(anonymous, response().base64(), r -> { });

        assertThat(result.credentials().accessKeyId()).startsWith("ASIA").hasSize(20);
        assertThat(result.credentials().secretAccessKey()).hasSize(40);
        assertThat(result.credentials().sessionToken()).isNotBlank();
        assertThat(result.credentials().expiration())
                .isBetween(before.plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofHours(1)));
        assertThat(result.assumedRoleUser().arn())
                .isEqualTo("arn:aws:sts::123456789012:assumed-role/AWS-Dev/alice@example.test");
        assertThat(result.assumedRoleUser().assumedRoleId()).matches("AROA[A-Z2-7]{17}:alice@example\\.test");
        assertThat(result.subject()).isEqualTo("EXAMPLE\\alice");
        assertThat(result.subjectType()).isEqualTo("persistent");
        assertThat(result.issuer()).isEqualTo("http://adfs.example.test/adfs/services/trust");
        assertThat(result.audience()).isEqualTo("https://signin.aws.amazon.com/saml");
        assertThat(result.nameQualifier()).isNotBlank();
        assertThat(result.sourceIdentity()).isNull();
        assertThat(result.packedPolicySize()).isNull();
        assertThat(result.responseMetadata().requestId()).matches("[0-9a-f-]{36}");
        assertThat(sts.assumeRoleCalls()).isEqualTo(1);
    }

    @Test
    void assumeRoleWithSamlWhenSourceIdentityAndTagsThenEchoedWithPackedPolicySize() {
        String saml = response().sourceIdentity("alice").principalTag("Department", "Engineering")
                .transitiveTagKeys("Department").base64();

        AssumeRoleWithSamlResponse result = assume(anonymous, saml, r -> { });

        assertThat(result.sourceIdentity()).isEqualTo("alice");
        // 21 bytes of tag key and value, as a share of the 2048-byte packed limit, rounded up.
        assertThat(result.packedPolicySize()).isEqualTo(2);
    }

    @Test
    void assumeRoleWithSamlWhenPolicyArnsGivenThenPackedPolicySizeAndArnsRecorded() {
        AssumeRoleWithSamlResponse result = assume(anonymous, response().base64(), r -> r.policyArns(
                p -> p.arn("arn:aws:iam::aws:policy/ReadOnlyAccess"),
                p -> p.arn("arn:aws:iam::123456789012:policy/Boundary")));

        // 79 characters of policy ARNs, as a share of the 2048-byte packed limit, rounded up.
        assertThat(result.packedPolicySize()).isEqualTo(4);
        assertThat(sts.calls().get(0).parameter("PolicyArns.member.2.arn"))
                .contains("arn:aws:iam::123456789012:policy/Boundary");
    }

    @Test
    void assumeRoleWithSamlWhenDurationWithinRoleMaximumThenExpirationFollowsIt() {
        Instant before = Instant.now();

        AssumeRoleWithSamlResponse result = assume(anonymous, response().base64(),
                r -> r.roleArn(LONG_ROLE).durationSeconds(4 * 3600));

        assertThat(result.credentials().expiration())
                .isBetween(before.plus(Duration.ofHours(4)).minusSeconds(1), Instant.now().plus(Duration.ofHours(4)));
        assertThat(result.assumedRoleUser().arn())
                .isEqualTo("arn:aws:sts::123456789012:assumed-role/AWS-LongSessions/alice@example.test");
    }

    @Test
    void assumeRoleWithSamlWhenSessionDurationAttributeShorterThenCredentialsShortened() {
        Instant before = Instant.now();

        AssumeRoleWithSamlResponse result = assume(anonymous,
                response().sessionDuration(Duration.ofMinutes(20)).base64(), r -> { });

        assertThat(result.credentials().expiration())
                .isBetween(before.plus(Duration.ofMinutes(20)).minusSeconds(1), Instant.now().plus(Duration.ofMinutes(20)));
    }

    @Test
    void assumeRoleWithSamlWhenDurationAboveRoleMaximumThenValidationError() {
        StsException e = refusal(response().base64(), r -> r.durationSeconds(7200));

        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }

    @Test
    void assumeRoleWithSamlWhenCredentialLifetimeSetThenCredentialsExpireThatLongAfterIssueWhateverTheDuration() {
        Instant issued = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusMillis(250);
        try (StsEmulator shortLived = StsEmulator.builder().trust(idp).clock(Clock.fixed(issued, java.time.ZoneOffset.UTC))
                .credentialLifetime(Duration.ofSeconds(10)).build().start();
             StsClient client = StsClient.builder().endpointOverride(shortLived.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(AnonymousCredentialsProvider.create())
                     .httpClient(UrlConnectionHttpClient.create())
                     .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {

            AssumeRoleWithSamlResponse result = assume(client, response().base64(), r -> r.durationSeconds(3600));

            // to the millisecond, so that a test knows when a provider will refresh
            assertThat(result.credentials().expiration()).isEqualTo(issued.plusSeconds(10));
            // the requested duration is still checked against the role's maximum
            assertThatThrownBy(() -> assume(client, response().base64(), r -> r.durationSeconds(7200)))
                    .isInstanceOf(StsException.class)
                    .hasMessageStartingWith("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        assertThatThrownBy(() -> StsEmulator.builder().credentialLifetime(Duration.ZERO))
                .hasMessage("credentialLifetime: expected a positive duration, found PT0S");
    }

    @Test
    void assumeRoleWithSamlWhenDurationBelow900ThenValidationErrorWithConstraint() {
        StsException e = refusal(response().base64(), r -> r.durationSeconds(899));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value '899' at "
                + "'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
    }

    @Test
    void assumeRoleWithSamlWhenSignedByUntrustedIdpThenInvalidIdentityToken() {
        StsException e = refusal(response().signWith(otherIdp).base64(), r -> { });

        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidIdentityToken");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Response signature invalid");
    }

    @Test
    void assumeRoleWithSamlWhenUnsignedThenInvalidIdentityToken() {
        StsException e = refusal(response().unsigned().base64(), r -> { });

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidIdentityToken");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Response signature invalid");
    }

    @Test
    void assumeRoleWithSamlWhenAssertionExpiredOnEmulatorClockThenExpiredTokenException() {
        String saml = response().base64();
        sts.setClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(2)));

        StsException e = refusal(saml, r -> { });

        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Token must be redeemed within 5 minutes of issuance");
    }

    @Test
    void assumeRoleWithSamlWhenAudienceWrongThenInvalidIdentityToken() {
        StsException e = refusal(response().audience("urn:example:other").base64(), r -> { });

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidIdentityToken");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Response does not contain the required audience");
    }

    @Test
    void assumeRoleWithSamlWhenRoleSessionNameMissingThenInvalidIdentityToken() {
        StsException e = refusal(response().roleSessionName(null).base64(), r -> { });

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidIdentityToken");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("RoleSessionName is required in AuthnResponse");
    }

    @Test
    void assumeRoleWithSamlWhenRoleSessionNameHasSpacesThenInvalidIdentityToken() {
        StsException e = refusal(response().roleSessionName("Alice Smith").base64(), r -> { });

        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}");
    }

    @Test
    void assumeRoleWithSamlWhenRolePairNotOfferedThenAccessDenied() {
        StsException e = refusal(response().base64(),
                r -> r.roleArn("arn:aws:iam::123456789012:role/AWS-Admin"));

        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Not authorized to perform sts:AssumeRoleWithSAML");
    }

    @Test
    void assumeRoleWithSamlWhenProviderOfAnotherAccountThenAccessDenied() {
        StsException e = refusal(response().base64(),
                r -> r.principalArn("arn:aws:iam::210987654321:saml-provider/ADFS"));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
    }

    @Test
    void assumeRoleWithSamlWhenThrottledOnceThenSdkRetriesAndSucceeds() {
        sts.throttleNext(1);

        AssumeRoleWithSamlResponse result = assume(anonymous, response().base64(), r -> { });

        assertThat(result.credentials().accessKeyId()).startsWith("ASIA");
        assertThat(sts.assumeRoleCalls()).isEqualTo(2);
        assertThat(sts.calls()).extracting(StsCall::errorCode)
                .containsExactly(java.util.Optional.of("Throttling"), java.util.Optional.empty());
    }

    @Test
    void assumeRoleWithSamlWhenThrottledWithoutRetryThenThrottlingError() {
        sts.throttleNext(1);

        StsException e = refusal(response().base64(), r -> { });

        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
        assertThat(e.isThrottlingException()).isTrue();
    }

    @Test
    void assumeRoleWithSamlWhenServerFailsThenSdkSeesStatusAndCode() {
        sts.failNext(503);

        StsException e = refusal(response().base64(), r -> { });

        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
    }

    @Test
    void assumeRoleWithSamlWhenCustomErrorScriptedThenSdkSeesIt() {
        sts.errorNext(403, "RegionDisabledException", "STS is not activated in this region for account:123456789012.");

        StsException e = refusal(response().base64(), r -> { });

        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RegionDisabledException");
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("STS is not activated in this region for account:123456789012.");
    }

    @Test
    void callsWhenAssumeRoleAnsweredThenParametersKeptAndAssertionRedacted() {
        String saml = response().base64();
        assume(anonymous, saml, r -> r.durationSeconds(900).policy("{\"Version\":\"2012-10-17\"}"));

        StsCall call = sts.calls().get(0);

        assertThat(call.action()).isEqualTo("AssumeRoleWithSAML");
        assertThat(call.httpStatus()).isEqualTo(200);
        assertThat(call.parameter("RoleArn")).contains(ROLE);
        assertThat(call.parameter("PrincipalArn")).contains(PROVIDER);
        assertThat(call.parameter("DurationSeconds")).contains("900");
        assertThat(call.parameter("SAMLAssertion")).contains(StsCall.REDACTED);
        assertThat(call.parameter("Policy")).contains(StsCall.REDACTED);
        assertThat(call.toString()).doesNotContain(saml.substring(0, 40));
    }

    @Test
    void getCallerIdentityWhenSignedWithIssuedCredentialsThenReturnsAssumedRole() {
        AssumeRoleWithSamlResponse assumed = assume(anonymous, response().base64(), r -> { });
        AwsSessionCredentials session = AwsSessionCredentials.create(assumed.credentials().accessKeyId(),
                assumed.credentials().secretAccessKey(), assumed.credentials().sessionToken());

        try (StsClient signed = client(StaticCredentialsProvider.create(session), false)) {
            GetCallerIdentityResponse identity = signed.getCallerIdentity();

            assertThat(identity.arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/AWS-Dev/alice@example.test");
            assertThat(identity.userId()).isEqualTo(assumed.assumedRoleUser().assumedRoleId());
            assertThat(identity.account()).isEqualTo(ACCOUNT);
        }
        assertThat(sts.getCallerIdentityCalls()).isEqualTo(1);
        assertThat(sts.calls().get(1).accessKeyId()).contains(assumed.credentials().accessKeyId());
    }

    @Test
    void getCallerIdentityWhenSecretWrongThenSignatureDoesNotMatch() {
        AssumeRoleWithSamlResponse assumed = assume(anonymous, response().base64(), r -> { });
        String secret = assumed.credentials().secretAccessKey();
        // another first character: a secret that already starts with the replacement would stay right
        String wrongSecret = (secret.charAt(0) == '0' ? "1" : "0") + secret.substring(1);
        AwsSessionCredentials wrong = AwsSessionCredentials.create(assumed.credentials().accessKeyId(), wrongSecret,
                assumed.credentials().sessionToken());

        try (StsClient signed = client(StaticCredentialsProvider.create(wrong), false)) {
            assertThatThrownBy(signed::getCallerIdentity)
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                        assertThat(e.awsErrorDetails().errorMessage()).startsWith(
                                "The request signature we calculated does not match the signature you provided.");
                    });
        }
    }

    @Test
    void getCallerIdentityWhenSessionTokenWrongThenInvalidClientTokenId() {
        AssumeRoleWithSamlResponse assumed = assume(anonymous, response().base64(), r -> { });
        AwsSessionCredentials wrong = AwsSessionCredentials.create(assumed.credentials().accessKeyId(),
                assumed.credentials().secretAccessKey(), "forged-token");

        try (StsClient signed = client(StaticCredentialsProvider.create(wrong), false)) {
            assertThatThrownBy(signed::getCallerIdentity)
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("The security token included in the request is invalid.");
                    });
        }
    }

    @Test
    void getCallerIdentityWhenCredentialsExpiredOnEmulatorClockThenExpiredToken() {
        AssumeRoleWithSamlResponse assumed = assume(anonymous, response().base64(), r -> r.durationSeconds(900));
        AwsSessionCredentials session = AwsSessionCredentials.create(assumed.credentials().accessKeyId(),
                assumed.credentials().secretAccessKey(), assumed.credentials().sessionToken());
        sts.setClock(Clock.fixed(assumed.credentials().expiration(), java.time.ZoneOffset.UTC));

        try (StsClient signed = client(StaticCredentialsProvider.create(session), false)) {
            assertThatThrownBy(signed::getCallerIdentity)
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("The security token included in the request is expired");
                    });
        }
    }

    @Test
    void getCallerIdentityWhenAnonymousThenMissingAuthenticationToken() {
        assertThatThrownBy(anonymousNoRetry::getCallerIdentity)
                .isInstanceOfSatisfying(StsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingAuthenticationToken");
                });
    }
}
