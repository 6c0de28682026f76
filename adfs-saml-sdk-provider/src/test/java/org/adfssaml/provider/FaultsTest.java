package org.adfssaml.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

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

    /** Signs in once, then checks that the fault leaves the cached credentials served and that the next call recovers. */
    private static void assertCachedServedDuringFaultThenRecovers(AdfsCredentialsProvider provider, AdfsEmulator adfs,
                                                                  StsEmulator sts, Runnable fault) {
        AwsSessionCredentials cached = provider.resolveCredentials();
        int signIns = adfs.requestLog().signInCount(USER);
        int stsCalls = sts.assumeRoleCalls();

        fault.run();
        AwsSessionCredentials duringFault = provider.resolveCredentials();

        assertThat(duringFault).isEqualTo(cached);
        AwsSessionCredentials recovered = provider.resolveCredentials();
        assertThat(recovered.accessKeyId()).isNotEqualTo(cached.accessKeyId());
        assertThat(adfs.requestLog().signInCount(USER)).isEqualTo(signIns + 1);
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
            .hasMessageStartingWith("Cannot act on the page " + adfs.baseUri().resolve("/adfs/ls/IdpInitiatedSignOn.aspx"))
            .hasMessageContaining("(HTTP 500)");
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
            .hasMessageStartingWith("Could not reach the IdP at " + adfs.baseUri().resolve("/adfs/ls/IdpInitiatedSignOn.aspx") + ": ");
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
            .hasMessageStartingWith("Cannot act on the page " + adfs.baseUri().resolve("/adfs/ls/IdpInitiatedSignOn.aspx"));
        assertThat(adfs.requestLog().passwordAttempts(USER)).isZero();
        assertThat(sts.assumeRoleCalls()).isZero();

        assertCachedServedDuringFaultThenRecovers(provider, adfs, sts, () -> adfs.failNext(200));
    }
}
