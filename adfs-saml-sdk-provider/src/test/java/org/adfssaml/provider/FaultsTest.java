package org.adfssaml.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.AdfsUser;
import org.adfssaml.testkit.MfaKind;
import org.adfssaml.testkit.PageStyle;
import org.adfssaml.testkit.RequestLog;
import org.adfssaml.testkit.StsEmulator;
import org.adfssaml.testkit.TestIdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.retry.RetryMode;

/**
 * Faults of issue 6 through the whole chain (AD FS emulator, real {@link AdfsSignIn}, provider, real SDK STS
 * client, STS emulator): with nothing cached the fault surfaces as a clear error; with valid cached credentials
 * the provider keeps serving them while the fault lasts and signs in again once it ends.
 *
 * <p>The emulators run on a clock 13 minutes behind real time, so 15-minute credentials expire 2 real minutes
 * from now: every call falls inside the 5-minute prefetch window (so it tries to refresh) and none reaches the
 * 60-second stale time while a test runs.
 */
class FaultsTest {
    private static final String USER = "alice@example.test";
    private static final String PASSWORD = "Correct-Horse-7";
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/AWS-Dev";
    private static final String PROVIDER_ARN = "arn:aws:iam::123456789012:saml-provider/ADFS";

    private static TestIdp idp;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final MutableClock clock = MutableClock.behindRealTime(Duration.ofMinutes(13));

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

    private static AdfsUser.Builder alice() {
        return AdfsUser.builder(USER).password(PASSWORD).roles(ROLE_ARN + "," + PROVIDER_ARN);
    }

    private AdfsEmulator adfs(AdfsUser user) {
        return closeLater(AdfsEmulator.builder().idp(idp).pageStyle(PageStyle.ADFS_2019).clock(clock).user(user).build().start());
    }

    private StsEmulator sts() {
        return closeLater(StsEmulator.builder().trust(idp).clock(clock).build().start());
    }

    private AdfsSignIn.Builder signIn(AdfsEmulator adfs) {
        return AdfsSignIn.builder()
                         .idpUrl(adfs.signOnUrl())
                         .username(USER)
                         .passwordSource(PASSWORD::toCharArray)
                         .trustStore(adfs.trustStore());
    }

    private AdfsCredentialsProvider provider(AdfsSignIn signIn, StsEmulator sts) {
        return closeLater(AdfsCredentialsProvider.builder()
                                                 .signIn(signIn)
                                                 .trustedCertificates(List.of(idp.certificate()))
                                                 .clock(clock)
                                                 .stsEndpoint(sts.endpoint())
                                                 .environment(name -> null)
                                                 .duration(Duration.ofMinutes(15))
                                                 .staleTime(Duration.ofSeconds(60))
                                                 .prefetchTime(Duration.ofMinutes(5))
                                                 .build());
    }

    /**
     * Signs in once, then checks that the fault leaves the cached credentials served and that the next call recovers.
     * An AD FS fault stops the refresh before AD FS issues a response; an STS fault comes after AD FS issued one.
     */
    private static void assertCachedServedDuringFaultThenRecovers(AdfsCredentialsProvider provider, AdfsEmulator adfs,
                                                                  StsEmulator sts, Runnable fault) {
        assertCachedServedDuringFaultThenRecovers(provider, adfs, sts, fault, 0);
    }

    private static void assertCachedServedDuringFaultThenRecovers(AdfsCredentialsProvider provider, AdfsEmulator adfs,
                                                                  StsEmulator sts, Runnable fault,
                                                                  int adfsSignInsDuringFault) {
        AwsSessionCredentials cached = provider.resolveCredentials();
        int signIns = adfs.requestLog().signInCount(USER);
        int stsCalls = sts.assumeRoleCalls();

        fault.run();
        AwsSessionCredentials duringFault = provider.resolveCredentials();

        assertThat(duringFault).isEqualTo(cached);
        AwsSessionCredentials recovered = provider.resolveCredentials();
        assertThat(recovered.accessKeyId()).isNotEqualTo(cached.accessKeyId());
        assertThat(adfs.requestLog().signInCount(USER)).isEqualTo(signIns + adfsSignInsDuringFault + 1);
        assertThat(sts.assumeRoleCalls()).isGreaterThan(stsCalls);
    }

    @Test
    void resolveCredentialsWhenAdfsAnswers500ThenErrorNamesPageAndStatusAndCachedServedUntilItRecovers() {
        AdfsEmulator adfs = adfs(alice().build());
        StsEmulator sts = sts();
        AdfsCredentialsProvider provider = provider(signIn(adfs).build(), sts);
        adfs.failNext(500);

        assertThatThrownBy(provider::resolveCredentials)
            .isExactlyInstanceOf(AdfsSignInException.class)
            .hasMessage("Cannot act on the page " + adfs.baseUri().resolve("/adfs/ls/IdpInitiatedSignOn.aspx") + " (title '', forms none, AuthMethod none) (HTTP 500)"
                        + ": expected a sign-in form, a relying-party picker, an MFA page or the SAMLResponse auto-post page");
        assertThat(adfs.requestLog().passwordAttempts(USER)).isZero();
        assertThat(sts.assumeRoleCalls()).isZero();

        assertCachedServedDuringFaultThenRecovers(provider, adfs, sts, () -> adfs.failNext(500));
    }

    @Test
    void resolveCredentialsWhenAdfsSlowerThanReadTimeoutThenTimeoutNamesUrlAndCachedServedUntilItRecovers() {
        AdfsEmulator adfs = adfs(alice().build());
        StsEmulator sts = sts();
        AdfsCredentialsProvider provider = provider(signIn(adfs).readTimeout(Duration.ofMillis(300)).build(), sts);
        adfs.delayNext(Duration.ofSeconds(2));

        assertThatThrownBy(provider::resolveCredentials)
            .isExactlyInstanceOf(AdfsSignInException.class)
            .hasMessageStartingWith("Could not reach the IdP at " + adfs.baseUri().resolve("/adfs/ls/IdpInitiatedSignOn.aspx") + ": ")
            .hasMessageContaining("timed out");
        assertThat(sts.assumeRoleCalls()).isZero();

        assertCachedServedDuringFaultThenRecovers(provider, adfs, sts, () -> adfs.delayNext(Duration.ofSeconds(2)));
    }

    @Test
    void resolveCredentialsWhenAdfsDropsConnectionThenErrorNamesUrlAndCachedServedUntilItRecovers() {
        AdfsEmulator adfs = adfs(alice().build());
        StsEmulator sts = sts();
        AdfsCredentialsProvider provider = provider(signIn(adfs).build(), sts);
        adfs.dropNext();

        assertThatThrownBy(provider::resolveCredentials)
            .isExactlyInstanceOf(AdfsSignInException.class)
            .hasMessage("Could not reach the IdP at " + adfs.baseUri().resolve("/adfs/ls/IdpInitiatedSignOn.aspx") + ": "
                        + "org.apache.hc.core5.http.NoHttpResponseException: The target server failed to respond");
        assertThat(sts.assumeRoleCalls()).isZero();

        assertCachedServedDuringFaultThenRecovers(provider, adfs, sts, adfs::dropNext);
    }

    @Test
    void resolveCredentialsWhenAdfsAnswersUnknownHtmlPageThenErrorDescribesPageAndCachedServedUntilItRecovers() {
        AdfsEmulator adfs = adfs(alice().build());
        StsEmulator sts = sts();
        AdfsCredentialsProvider provider = provider(signIn(adfs).build(), sts);
        // HTTP 200 with an HTML page that is neither a form, an MFA page, an error page nor a SAML auto-post
        adfs.failNext(200);

        assertThatThrownBy(provider::resolveCredentials)
            .isExactlyInstanceOf(AdfsSignInException.class)
            .hasMessage("Cannot act on the page " + adfs.baseUri().resolve("/adfs/ls/IdpInitiatedSignOn.aspx") + " (title '', forms none, AuthMethod none)"
                        + ": expected a sign-in form, a relying-party picker, an MFA page or the SAMLResponse auto-post page");
        assertThat(adfs.requestLog().passwordAttempts(USER)).isZero();
        assertThat(sts.assumeRoleCalls()).isZero();

        assertCachedServedDuringFaultThenRecovers(provider, adfs, sts, () -> adfs.failNext(200));
    }

    @Test
    void resolveCredentialsWhenMfaPushTimesOutThenMfaTimeoutAndCachedServedUntilItRecovers() {
        AdfsEmulator adfs = adfs(alice().mfa(MfaKind.AZURE_MFA_PUSH).pushApprovedAfterPolls(2).build());
        StsEmulator sts = sts();
        AdfsSignIn signIn = signIn(adfs).mfaPollInterval(Duration.ofMillis(20)).mfaTimeout(Duration.ofSeconds(2))
                                        .mfaHandler(challenge -> new char[0]).build();
        AdfsCredentialsProvider provider = provider(signIn, sts);
        AwsSessionCredentials cached = provider.resolveCredentials();
        List<RequestLog.Entry> firstSignIn = adfs.requestLog().entries();
        int firstPoll = firstSignIn.stream().map(RequestLog.Entry::outcome).toList().indexOf(RequestLog.Outcome.MFA_PENDING);
        assertThat(firstPoll).isPositive();

        // the fault: the first approval poll of the next sign-in answers "pending" only after the MFA timeout
        for (int i = 0; i < firstPoll; i++) {
            adfs.delayNext(Duration.ZERO);
        }
        adfs.delayNext(Duration.ofSeconds(3));
        AwsSessionCredentials duringFault = provider.resolveCredentials();

        assertThat(duringFault).isEqualTo(cached);
        assertThat(adfs.requestLog().entries()).hasSize(firstSignIn.size() + firstPoll + 1);
        assertThat(adfs.requestLog().signInCount(USER)).isEqualTo(1);
        AwsSessionCredentials recovered = provider.resolveCredentials();
        assertThat(recovered.accessKeyId()).isNotEqualTo(cached.accessKeyId());
        assertThat(adfs.requestLog().signInCount(USER)).isEqualTo(2);

        // with nothing cached the same fault is the MFA timeout itself, and the password is not remembered as refused
        AdfsSignIn fresh = signIn(adfs).mfaPollInterval(Duration.ofMillis(20)).mfaTimeout(Duration.ofSeconds(2))
                                       .mfaHandler(challenge -> new char[0]).build();
        for (int i = 0; i < firstPoll; i++) {
            adfs.delayNext(Duration.ZERO);
        }
        adfs.delayNext(Duration.ofSeconds(3));
        assertThatThrownBy(provider(fresh, sts)::resolveCredentials)
            .isInstanceOfSatisfying(AdfsAuthenticationException.class,
                                    e -> assertThat(e.reason()).isEqualTo(AdfsAuthenticationException.Reason.MFA_TIMEOUT))
            .hasMessage("The AzureMfaAuthentication approval did not arrive within PT2S for " + USER);
        assertThat(fresh.signIn().roles()).isNotEmpty();
    }

    @Test
    void resolveCredentialsWhenStsThrottlesDuringRefreshThenSdkRetriesAndNewCredentials() {
        AdfsEmulator adfs = adfs(alice().build());
        StsEmulator sts = sts();
        AdfsCredentialsProvider provider = provider(signIn(adfs).build(), sts);
        AwsSessionCredentials cached = provider.resolveCredentials();
        sts.throttleNext(1);

        AwsSessionCredentials refreshed = provider.resolveCredentials();

        assertThat(refreshed.accessKeyId()).isNotEqualTo(cached.accessKeyId());
        assertThat(sts.assumeRoleCalls()).isEqualTo(3);
        assertThat(adfs.requestLog().signInCount(USER)).isEqualTo(2);
    }

    @Test
    void resolveCredentialsWhenStsAnswersExpiredTokenThenStsRefusedAndCachedServedUntilItRecovers() {
        AdfsEmulator adfs = adfs(alice().build());
        StsEmulator sts = sts();
        AdfsCredentialsProvider provider = provider(signIn(adfs).build(), sts);
        sts.errorNext(400, "ExpiredTokenException", "Token must be redeemed within 5 minutes of issuance");

        assertThatThrownBy(provider::resolveCredentials)
            .isInstanceOfSatisfying(StsRefusedException.class, e -> {
                assertThat(e.errorCode()).isEqualTo("ExpiredTokenException");
                assertThat(e.statusCode()).isEqualTo(400);
            })
            .hasMessageStartingWith("AWS STS refused AssumeRoleWithSAML for role " + ROLE_ARN + ": ExpiredTokenException: "
                                    + "Token must be redeemed within 5 minutes of issuance (HTTP 400, request id ")
            .hasMessageEndingWith("). The SAML assertion was already expired when STS received it: check that this "
                                  + "machine's clock is correct (NTP) and sign in again");

        assertCachedServedDuringFaultThenRecovers(provider, adfs, sts,
            () -> sts.errorNext(400, "ExpiredTokenException", "Token must be redeemed within 5 minutes of issuance"), 1);
    }

    @Test
    void resolveCredentialsWhenSts5xxOnceThenSdkRetriesAndWhenPersistentThenCachedServedUntilItRecovers() {
        AdfsEmulator adfs = adfs(alice().build());
        StsEmulator sts = sts();
        AdfsCredentialsProvider provider = provider(signIn(adfs).build(), sts);
        sts.failNext(503);

        provider.resolveCredentials();

        assertThat(sts.assumeRoleCalls()).isEqualTo(2);
        assertThat(adfs.requestLog().signInCount(USER)).isEqualTo(1);
        assertCachedServedDuringFaultThenRecovers(provider, adfs, sts, () -> {
            for (int attempt = 0; attempt < SDK_ATTEMPTS; attempt++) {
                sts.failNext(500);
            }
        }, 1);
    }

    @Test
    void resolveCredentialsWhenSts5xxOnEveryAttemptThenErrorNamesStatusAndNoCredentials() {
        AdfsEmulator adfs = adfs(alice().build());
        StsEmulator sts = sts();
        AdfsCredentialsProvider provider = provider(signIn(adfs).build(), sts);
        for (int attempt = 0; attempt < SDK_ATTEMPTS; attempt++) {
            sts.failNext(500);
        }

        assertThatThrownBy(provider::resolveCredentials)
            .isInstanceOfSatisfying(StsRefusedException.class, e -> assertThat(e.statusCode()).isEqualTo(500))
            .hasMessageStartingWith("AWS STS refused AssumeRoleWithSAML for role " + ROLE_ARN + ": InternalFailure: The "
                                    + "request processing has failed because of an unknown error, exception or failure. "
                                    + "(HTTP 500, request id ")
            .hasMessageEndingWith(")");
        assertThat(sts.assumeRoleCalls()).isEqualTo(SDK_ATTEMPTS);
        assertThat(provider.resolveCredentials().accessKeyId()).isNotBlank();
    }

    /**
     * The SDK's default (legacy) retry mode makes one attempt and three retries; standard and adaptive mode
     * (AWS_RETRY_MODE, aws.retryMode) make two retries.
     */
    private static final int SDK_ATTEMPTS = RetryMode.defaultRetryMode() == RetryMode.LEGACY ? 4 : 3;

    // --- disk ---

    @TempDir
    Path directory;

    private static final AwsSessionCredentials CREDENTIALS = AwsSessionCredentials.builder()
        .accessKeyId("ASIAEXAMPLE0000001").secretAccessKey("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        .sessionToken("FwoGZXIvYXdzEXAMPLETOKEN+/abc==").expirationTime(Instant.parse("2026-11-22T13:00:00Z")).build();

    private static final String ORIGINAL = "[default]\naws_access_key_id = AKIAORIGINAL\naws_secret_access_key = original\n";

    @Test
    void writeProfileWhenADirectoryStandsWhereTheFileShouldBeThenErrorNamesPathAndNothingChanged() throws IOException {
        Path target = directory.resolve("credentials");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep"), ORIGINAL);

        assertThatThrownBy(() -> SharedCredentialsFile.at(target).writeProfile("saml", CREDENTIALS))
            .isInstanceOf(UncheckedIOException.class)
            .hasMessageStartingWith("Could not write profile 'saml' to " + target + ": ")
            .hasMessageEndingWith("; the file was left unchanged");
        assertThat(Files.readString(target.resolve("keep"))).isEqualTo(ORIGINAL);
        try (Stream<Path> entries = Files.list(directory)) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void writeProfileWhenFileTruncatedMidLineThenErrorNamesPathAndLineAndFileUnchanged() throws IOException {
        Path target = directory.resolve("credentials");
        byte[] truncated = (ORIGINAL + "[saml]\naws_access_key_id = ASIAOLD\naws_secret_acc").getBytes(StandardCharsets.UTF_8);
        Files.write(target, truncated);

        assertThatThrownBy(() -> SharedCredentialsFile.at(target).writeProfile("saml", CREDENTIALS))
            .isInstanceOf(UncheckedIOException.class)
            .hasMessage("Could not write profile 'saml' to " + target + ": it is not a valid AWS credentials file: line 6: "
                        + "expected '[profile]', 'key = value', a comment or a blank line, found text without '='; "
                        + "the file was left unchanged");
        assertThat(Files.readAllBytes(target)).isEqualTo(truncated);
    }

    @Test
    void readProfileWhenFileTruncatedInsideAMultiByteCharacterThenErrorNamesPath() throws IOException {
        Path target = directory.resolve("credentials");
        byte[] full = (ORIGINAL + "# caf\u00e9\n").getBytes(StandardCharsets.UTF_8);
        byte[] truncated = java.util.Arrays.copyOf(full, full.length - 2);
        Files.write(target, truncated);

        assertThatThrownBy(() -> SharedCredentialsFile.at(target).readProfile("default"))
            .isInstanceOf(UncheckedIOException.class)
            .hasMessage("Could not read " + target + ": it is not a valid AWS credentials file: expected UTF-8 text, "
                        + "found bytes that are not UTF-8");
        assertThat(Files.readAllBytes(target)).isEqualTo(truncated);
    }

    @Test
    void writeProfileWhenStaleTempFileLeftByACrashBeforeRenameThenOriginalIntactAndWriteSucceeds() throws IOException {
        Path target = directory.resolve("credentials");
        Files.writeString(target, ORIGINAL);
        // what a writer killed between writing its temporary file and renaming it leaves behind
        Path stale = directory.resolve(".credentials.1234567890.tmp");
        Files.writeString(stale, "[saml]\naws_access_key_id = ASIAHALFWRIT");

        SharedCredentialsFile file = SharedCredentialsFile.at(target);
        assertThat(Files.readString(target)).isEqualTo(ORIGINAL);
        assertThat(file.readProfile("saml")).isEmpty();
        file.writeProfile("saml", CREDENTIALS);

        assertThat(Files.readString(target)).startsWith(ORIGINAL + "\n[saml]\naws_access_key_id = ASIAEXAMPLE0000001\n");
        assertThat(file.readProfile("saml")).contains(CREDENTIALS);
        assertThat(Files.readString(target)).doesNotContain("ASIAHALFWRIT");
    }
}
