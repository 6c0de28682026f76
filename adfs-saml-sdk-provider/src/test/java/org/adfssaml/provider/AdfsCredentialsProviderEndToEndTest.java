package org.adfssaml.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.adfssaml.core.RoleSelector;
import org.adfssaml.core.SamlValidator;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.AdfsUser;
import org.adfssaml.testkit.PageStyle;
import org.adfssaml.testkit.StsEmulator;
import org.adfssaml.testkit.TestIdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/** The whole chain over real HTTP(S): AD FS emulator → AdfsSignIn → provider → STS emulator → an SDK client. */
class AdfsCredentialsProviderEndToEndTest {
    private static final String USER = "alice@example.test";
    private static final String PASSWORD = "Correct-Horse-7";
    private static final String DEV = "arn:aws:iam::123456789012:role/AWS-Dev";
    private static final String ADMIN = "arn:aws:iam::123456789012:role/AWS-Admin";
    private static final String PROVIDER = "arn:aws:iam::123456789012:saml-provider/ADFS";

    private static TestIdp idp;
    private AdfsEmulator adfs;
    private StsEmulator sts;

    @BeforeAll
    static void generateIdp() {
        idp = TestIdp.generate();
    }

    @BeforeEach
    void start() {
        adfs = AdfsEmulator.builder()
                           .idp(idp)
                           .pageStyle(PageStyle.ADFS_2019)
                           .user(AdfsUser.builder(USER).password(PASSWORD)
                                         .roles(DEV + "," + PROVIDER, ADMIN + "," + PROVIDER).build())
                           .build()
                           .start();
        sts = StsEmulator.builder().trust(idp).build().start();
    }

    @AfterEach
    void stop() {
        sts.close();
        adfs.close();
    }

    private AdfsSignIn.Builder signIn(AtomicReference<String> password) {
        return AdfsSignIn.builder()
                         .idpUrl(adfs.signOnUrl())
                         .username(USER)
                         .passwordSource(() -> password.get().toCharArray())
                         .trustStore(adfs.trustStore());
    }

    @Test
    void getCallerIdentityWhenProviderSignsInToAdfsThenAssumedRoleIsTheSelectedOne() {
        try (AdfsCredentialsProvider provider = AdfsCredentialsProvider.builder()
                                                                       .signIn(signIn(new AtomicReference<>(PASSWORD)).build())
                                                                       .roleSelector(RoleSelector.byArn(ADMIN))
                                                                       .samlValidator(SamlValidator.builder()
                                                                                                   .trustedCertificates(java.util.List.of(idp.certificate()))
                                                                                                   .build())
                                                                       .stsEndpoint(sts.endpoint())
                                                                       .build();
             StsClient client = StsClient.builder()
                                         .endpointOverride(sts.endpoint())
                                         .region(Region.US_EAST_1)
                                         .credentialsProvider(provider)
                                         .httpClient(UrlConnectionHttpClient.create())
                                         .build()) {

            String arn = client.getCallerIdentity().arn();

            assertThat(arn).startsWith("arn:aws:sts::123456789012:assumed-role/AWS-Admin/");
            assertThat(adfs.requestLog().passwordAttempts(USER)).isEqualTo(1);
            assertThat(sts.assumeRoleCalls()).isEqualTo(1);
        }
    }

    @Test
    void resolveCredentialsWhenPasswordWrongThenOnePasswordPostAcross50CallsAndNoStsCall() {
        AtomicReference<String> password = new AtomicReference<>("wrong-password");
        try (AdfsCredentialsProvider provider = AdfsCredentialsProvider.builder()
                                                                       .signIn(signIn(password).build())
                                                                       .roleSelector(RoleSelector.byArn(DEV))
                                                                       .stsEndpoint(sts.endpoint())
                                                                       .build()) {
            for (int i = 0; i < 50; i++) {
                assertThatThrownBy(provider::resolveCredentials).isInstanceOf(AdfsAuthenticationException.class);
            }
            assertThat(adfs.requestLog().passwordAttempts(USER)).isEqualTo(1);
            assertThat(sts.assumeRoleCalls()).isZero();

            // once the password source yields another password, the provider recovers without being rebuilt
            password.set(PASSWORD);
            AwsSessionCredentials credentials = provider.resolveCredentials();

            assertThat(credentials.expirationTime()).isPresent();
            assertThat(adfs.requestLog().passwordAttempts(USER)).isEqualTo(2);
        }
    }

    @Test
    void resolveCredentialsWhenTwoRolesAndOnlyOneSelectorThenErrorListsBothAndNoStsCall() {
        try (AdfsCredentialsProvider provider = AdfsCredentialsProvider.builder()
                                                                       .signIn(signIn(new AtomicReference<>(PASSWORD)).build())
                                                                       .stsEndpoint(sts.endpoint())
                                                                       .duration(Duration.ofHours(1))
                                                                       .build()) {
            assertThatThrownBy(provider::resolveCredentials)
                .isInstanceOf(org.adfssaml.core.NoMatchingRoleException.class)
                .hasMessageContaining(DEV)
                .hasMessageContaining(ADMIN);
            assertThat(sts.assumeRoleCalls()).isZero();
        }
    }
}
