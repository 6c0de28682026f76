package org.adfssaml.testkit.adfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.PageStyle;
import org.adfssaml.testkit.RequestLog.Outcome;
import org.adfssaml.testkit.adfs.WebClient.Page;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.Test;

class AdfsEmulatorFaultsTest {

    @Test
    void failNextWhenSetThenNextRequestGetsStatusAndFollowingIsServed() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            adfs.failNext(503);
            adfs.failNext(500);

            assertThat(client.get(adfs.signOnUrl()).status()).isEqualTo(503);
            assertThat(client.get(adfs.signOnUrl()).status()).isEqualTo(500);
            assertThat(client.get(adfs.signOnUrl()).status()).isEqualTo(200);
            assertThat(adfs.requestLog().withOutcome(Outcome.INJECTED_FAILURE)).extracting(e -> e.status())
                    .containsExactly(503, 500);
        }
    }

    @Test
    void dropNextWhenSetThenConnectionClosesWithoutAnswer() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            adfs.dropNext();

            assertThatThrownBy(() -> client.get(adfs.signOnUrl())).isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(NoHttpResponseException.class);
            assertThat(client.get(adfs.signOnUrl()).status()).isEqualTo(200);
            assertThat(adfs.requestLog().entries()).extracting(e -> e.outcome())
                    .containsExactly(Outcome.DROPPED, Outcome.SIGN_IN_PAGE);
        }
    }

    @Test
    void delayNextWhenLongerThanClientTimeoutThenClientTimesOutAndNextRequestIsServed() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019).build().start();
             WebClient impatient = new WebClient(adfs.trustStore(), b -> b.setDefaultRequestConfig(
                     RequestConfig.custom().setResponseTimeout(Timeout.ofMilliseconds(250)).build()));
             WebClient client = new WebClient(adfs.trustStore())) {
            adfs.delayNext(Duration.ofSeconds(3));

            assertThatThrownBy(() -> impatient.get(adfs.signOnUrl())).isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(SocketTimeoutException.class);
            Page page = client.get(adfs.signOnUrl());
            assertThat(page.status()).isEqualTo(200);
        }
    }

    @Test
    void setResponseDelayWhenLongerThanClientTimeoutThenEveryRequestTimesOutUntilSetBackToZero() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019).build().start();
             WebClient impatient = new WebClient(adfs.trustStore(), b -> b.setDefaultRequestConfig(
                     RequestConfig.custom().setResponseTimeout(Timeout.ofMilliseconds(250)).build()));
             WebClient client = new WebClient(adfs.trustStore())) {
            adfs.setResponseDelay(Duration.ofSeconds(2));

            // unlike delayNext, the delay stays: the second request is as slow as the first
            assertThatThrownBy(() -> impatient.get(adfs.signOnUrl())).isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(SocketTimeoutException.class);
            assertThatThrownBy(() -> impatient.get(adfs.signOnUrl())).isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(SocketTimeoutException.class);
            adfs.setResponseDelay(Duration.ZERO);
            assertThat(client.get(adfs.signOnUrl()).status()).isEqualTo(200);
            assertThatThrownBy(() -> adfs.setResponseDelay(Duration.ofMillis(-1)))
                    .hasMessage("delay must be zero or positive, found PT-0.001S");
        }
    }

    @Test
    void builderWhenInvalidThenMessagesSayWhatWasFound() {
        assertThatThrownBy(() -> AdfsEmulator.builder().build())
                .hasMessage("an AD FS emulator needs at least one user, found none");
        assertThatThrownBy(() -> Fixtures.emulator(PageStyle.ADFS_3_0).extranetLockoutThreshold(-1).build())
                .hasMessage("extranetLockoutThreshold must be 0 (off) or more, found -1");
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_3_0).plainHttp(true).build()) {
            assertThatThrownBy(adfs::baseUri).hasMessage("the AD FS emulator is not started: call start() first");
            assertThatThrownBy(() -> adfs.failNext(42)).hasMessage("status must be 100..599, found 42");
            assertThatThrownBy(adfs::caCertificate)
                    .hasMessage("the AD FS emulator runs plain HTTP: there is no CA certificate");
        }
    }
}
