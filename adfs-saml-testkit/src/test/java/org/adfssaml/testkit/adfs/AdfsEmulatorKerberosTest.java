package org.adfssaml.testkit.adfs;

import static org.adfssaml.testkit.adfs.Fixtures.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.Base64;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import org.adfssaml.core.SamlResponse;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.EmbeddedKdc;
import org.adfssaml.testkit.PageStyle;
import org.adfssaml.testkit.RequestLog.Outcome;
import org.adfssaml.testkit.adfs.WebClient.Page;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kerberos (SPNEGO) against an embedded Kerby KDC: the client obtains a real service ticket for
 * {@code HTTP/localhost} with JDK GSS, the emulator accepts it with the keytab the KDC exported.
 */
class AdfsEmulatorKerberosTest {

    @TempDir
    static Path dir;
    static EmbeddedKdc kdc;
    static Path keytab;

    @BeforeAll
    static void startKdc() {
        kdc = EmbeddedKdc.start(dir.resolve("kdc"), "EXAMPLE.TEST");
        kdc.createPrincipal("alice", PASSWORD);
        kdc.createPrincipal("mallory", "mallory-password");
        keytab = kdc.exportKeytab("HTTP/localhost");
        kdc.useKrb5Conf();
    }

    @AfterAll
    static void stopKdc() {
        kdc.close();
    }

    /** A SPNEGO token for HTTP@localhost, obtained as the given principal with its password. */
    private static String spnegoToken(String principal, String password) throws Exception {
        Configuration config = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                        Map.of("principal", principal, "refreshKrb5Config", "true", "storeKey", "false"))};
            }
        };
        Subject subject = new Subject();
        LoginContext login = new LoginContext("client", subject, callbacks -> {
            for (var callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName(principal);
                } else if (callback instanceof PasswordCallback pw) {
                    pw.setPassword(password.toCharArray());
                }
            }
        }, config);
        login.login();
        byte[] token = Subject.doAs(subject, (PrivilegedExceptionAction<byte[]>) () -> {
            GSSManager manager = GSSManager.getInstance();
            GSSName service = manager.createName("HTTP@localhost", GSSName.NT_HOSTBASED_SERVICE);
            GSSContext context = manager.createContext(service, new Oid("1.3.6.1.5.5.2"), null,
                    GSSContext.DEFAULT_LIFETIME);
            try {
                return context.initSecContext(new byte[0], 0, 0);
            } finally {
                context.dispose();
            }
        });
        login.logout();
        return Base64.getEncoder().encodeToString(token);
    }

    @Test
    void negotiateWhenTicketIsValidThenAuthenticatedAndSamlResponse() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019)
                .kerberos(keytab, kdc.principal("HTTP/localhost")).build().start();
             WebClient client = new WebClient(adfs.trustStore()).userAgent(AdfsEmulatorNtlmTest.IE11)) {
            Page challenge = client.get(adfs.signOnUrl());
            assertThat(challenge.headerValues("WWW-Authenticate")).contains("Negotiate");

            Page page = client.get(adfs.signOnUrl(),
                    Map.of("Authorization", "Negotiate " + spnegoToken(kdc.principal("alice"), PASSWORD)));

            assertThat(page.status()).isEqualTo(302);
            assertThat(client.cookie("MSISAuth")).isPresent();
            String response = Walk.samlResponse(client.follow(page));
            assertThat(SamlResponse.parse(response).roleSessionName()).contains("alice@example.test");
            assertThat(adfs.requestLog().withOutcome(Outcome.AUTHENTICATED)).singleElement()
                    .satisfies(e -> assertThat(e.authScheme()).isEqualTo("Negotiate"));
        }
    }

    @Test
    void negotiateWhenPrincipalIsNotAnAdfsUserThenRefused() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019)
                .kerberos(keytab, kdc.principal("HTTP/localhost")).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Page page = client.get(adfs.signOnUrl(),
                    Map.of("Authorization", "Negotiate " + spnegoToken(kdc.principal("mallory"), "mallory-password")));

            assertThat(page.status()).isEqualTo(401);
            assertThat(adfs.requestLog().last().orElseThrow().outcome()).isEqualTo(Outcome.IWA_FAILED);
        }
    }

    @Test
    void negotiateWhenTokenIsGarbageThenRefused() throws Exception {
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019)
                .kerberos(keytab, kdc.principal("HTTP/localhost")).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Page page = client.get(adfs.signOnUrl(), Map.of("Authorization",
                    "Negotiate " + Base64.getEncoder().encodeToString("not a token".getBytes())));

            assertThat(page.status()).isEqualTo(401);
            assertThat(page.headerValues("WWW-Authenticate")).containsExactly("Negotiate", "NTLM");
        }
    }
}
