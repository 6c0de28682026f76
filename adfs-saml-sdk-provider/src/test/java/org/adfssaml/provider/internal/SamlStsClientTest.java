package org.adfssaml.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.adfssaml.testkit.StsEmulator;
import org.adfssaml.testkit.TestIdp;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlResponse;

class SamlStsClientTest {

    @Test
    void prepareWhenClientIsOwnThenDryRunSendsNothingAndTheFirstRealCallSucceeds() {
        TestIdp idp = TestIdp.generate();
        try (StsEmulator sts = StsEmulator.builder().trust(idp).build().start();
             SamlStsClient client = SamlStsClient.create(Region.US_EAST_1, sts.endpoint())) {

            client.prepare();

            assertThat(sts.calls()).isEmpty();
            AssumeRoleWithSamlResponse response = client.assumeRoleWithSAML(r -> r
                    .roleArn("arn:aws:iam::123456789012:role/AWS-Dev")
                    .principalArn("arn:aws:iam::123456789012:saml-provider/ADFS")
                    .samlAssertion(idp.response().role("123456789012", "AWS-Dev", "ADFS").base64()));
            assertThat(response.credentials().accessKeyId()).isNotBlank();
            assertThat(sts.assumeRoleCalls()).isEqualTo(1);
        }
    }

    @Test
    void dryRunStoppedWhenThrownBeforeTransmissionThenTheSdkDoesNotRetryIt() {
        AtomicInteger attempts = new AtomicInteger();
        ExecutionInterceptor counting = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                attempts.incrementAndGet();
                throw new SamlStsClient.DryRunStopped();
            }
        };
        try (StsClient client = StsClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(counting)).build()) {

            assertThatThrownBy(() -> client.assumeRoleWithSAML(r -> r.roleArn("arn:aws:iam::000000000000:role/r")
                    .principalArn("arn:aws:iam::000000000000:saml-provider/p").samlAssertion("x")))
                    .isInstanceOf(SamlStsClient.DryRunStopped.class);
        }
        assertThat(attempts).hasValue(1);
    }

    @Test
    void dryRunStopWhenRequestIsMarkedThenStoppedElsePassed() {
        SamlStsClient.DryRunStop stop = new SamlStsClient.DryRunStop();
        ExecutionAttributes marked = new ExecutionAttributes();
        marked.putAttribute(SamlStsClient.DRY_RUN, Boolean.TRUE);

        stop.beforeTransmission(null, new ExecutionAttributes());

        assertThatThrownBy(() -> stop.beforeTransmission(null, marked))
                .isInstanceOf(SamlStsClient.DryRunStopped.class)
                .hasMessage("dry run stopped before transmission");
    }
}
