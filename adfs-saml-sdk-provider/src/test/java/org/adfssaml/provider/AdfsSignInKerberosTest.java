package org.adfssaml.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.adfssaml.core.AwsRole;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.AdfsUser;
import org.adfssaml.testkit.EmbeddedKdc;
import org.adfssaml.testkit.RequestLog;
import org.adfssaml.testkit.TestIdp;
import org.apache.kerby.kerberos.kerb.client.KrbClient;
import org.apache.kerby.kerberos.kerb.type.ticket.TgtTicket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPNEGO/Kerberos sign-ins against the AD FS emulator with an embedded KDC (one per class). */
class AdfsSignInKerberosTest {
    private static final String REALM = "EXAMPLE.TEST";
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/AWS-Dev";
    private static final String PROVIDER_ARN = "arn:aws:iam::123456789012:saml-provider/ADFS";
    private static final String PASSWORD = "Kerb-Pa55word";

    @TempDir
    static Path dir;
    private static EmbeddedKdc kdc;
    private static AdfsEmulator adfs;

    @BeforeAll
    static void start() {
        kdc = EmbeddedKdc.start(dir.resolve("kdc"), REALM);
        kdc.createPrincipal("alice", PASSWORD);
        Path serviceKeytab = kdc.exportKeytab("HTTP/localhost");
        kdc.useKrb5Conf();
        adfs = AdfsEmulator.builder().idp(TestIdp.generate())
                .user(AdfsUser.builder("alice@" + REALM).password(PASSWORD).roles(ROLE_ARN + "," + PROVIDER_ARN).build(),
                        AdfsUser.builder("carol@" + REALM).password("unused").roles(ROLE_ARN + "," + PROVIDER_ARN).build())
                .kerberos(serviceKeytab, kdc.principal("HTTP/localhost"))
                .build().start();
    }

    @AfterAll
    static void stop() {
        if (adfs != null) {
            adfs.close();
        }
        if (kdc != null) {
            kdc.close();
        }
    }

    private static AdfsSignIn.Builder client() {
        return AdfsSignIn.builder().idpUrl(adfs.signOnUrl()).trustStore(adfs.trustStore()).authMethod(AuthMethod.KERBEROS);
    }

    @Test
    void kerberosWhenPrincipalAndPasswordThenSignedInWithNegotiateAndNoFormPost() {
        adfs.requestLog().clear();
        AdfsSignIn signIn = client().kerberosPrincipal("alice@" + REALM).passwordSource(PASSWORD::toCharArray).build();

        assertThat(signIn.signIn().roles()).containsExactly(AwsRole.of(ROLE_ARN, PROVIDER_ARN));
        assertThat(adfs.requestLog().entries()).anySatisfy(e -> assertThat(e.authScheme()).isEqualTo("Negotiate"));
        assertThat(adfs.requestLog().entries().stream().filter(RequestLog.Entry::isPost)).isEmpty();
        assertThat(adfs.requestLog().signInCount("alice@" + REALM)).isEqualTo(1);
    }

    @Test
    void kerberosWhenPrincipalAndKeytabThenSignedIn() {
        Path keytab = kdc.exportKeytab("carol");
        AdfsSignIn signIn = client().kerberosPrincipal("carol@" + REALM).kerberosKeytab(keytab).build();

        assertThat(signIn.signIn().roles()).containsExactly(AwsRole.of(ROLE_ARN, PROVIDER_ARN));
    }

    @Test
    void kerberosWhenTicketCacheOfTheUserThenSignedInWithoutPassword() throws Exception {
        KrbClient krb = new KrbClient();
        krb.setKdcRealm(REALM);
        krb.setKdcHost("localhost");
        krb.setKdcTcpPort(kdc.port());
        krb.setAllowUdp(false);
        krb.init();
        TgtTicket tgt = krb.requestTgt("alice@" + REALM, PASSWORD);
        Path ccache = dir.resolve("krb5cc_alice");
        krb.storeTicket(tgt, ccache.toFile());

        // a configured user name and password source must not replace a usable ticket cache
        AdfsSignIn signIn = client().kerberosTicketCache(ccache).username("alice@" + REALM).passwordSource(() -> {
            throw new AssertionError("the password must not be asked for when the ticket cache works");
        }).build();

        assertThat(signIn.signIn().roles()).containsExactly(AwsRole.of(ROLE_ARN, PROVIDER_ARN));
    }

    @Test
    void kerberosWhenWrongPasswordThenRefusedByTheKdcRememberedAndAdfsNeverContacted() {
        adfs.requestLog().clear();
        AdfsSignIn signIn = client().kerberosPrincipal("alice@" + REALM).passwordSource("wrong"::toCharArray).build();

        assertThatThrownBy(signIn::signIn).isInstanceOfSatisfying(AdfsAuthenticationException.class,
                e -> assertThat(e.reason()).isEqualTo(AdfsAuthenticationException.Reason.PASSWORD_REFUSED))
                .hasMessageStartingWith("Kerberos login for alice@" + REALM + " with the password failed: ");
        assertThatThrownBy(signIn::signIn).isInstanceOfSatisfying(AdfsAuthenticationException.class,
                e -> assertThat(e.reason()).isEqualTo(AdfsAuthenticationException.Reason.REMEMBERED_REFUSAL));
        assertThat(adfs.requestLog().entries()).isEmpty();
    }

    @Test
    void kerberosWhenNoTicketCacheButUserAndPasswordSourceThenFallsBackToThePassword() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        AdfsSignIn signIn = client().kerberosTicketCache(dir.resolve("no-such-cache")).username("alice@" + REALM)
                .passwordSource(() -> {
                    asked.incrementAndGet();
                    return PASSWORD.toCharArray();
                }).build();

        assertThat(signIn.signIn().roles()).containsExactly(AwsRole.of(ROLE_ARN, PROVIDER_ARN));
        assertThat(asked).hasValue(1);
    }

    @Test
    void kerberosWhenLoggedAtTraceThenNoSpnegoTokenPasswordOrSamlResponseInTheLog() {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        String b64;
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            b64 = client().kerberosPrincipal("alice@" + REALM).passwordSource(PASSWORD::toCharArray).build().signIn().toBase64();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(log).contains("Kerberos credential acquired for alice@" + REALM).contains("org.apache.hc.client5");
        // SPNEGO / Kerberos tokens are DER: base64 "YII..." (0x60 0x82)
        assertThat(log).doesNotContain(PASSWORD).doesNotContain("Negotiate YII").doesNotContain("YIIC").doesNotContain("YIID")
                .doesNotContain(b64.substring(64, 96));
    }
}
