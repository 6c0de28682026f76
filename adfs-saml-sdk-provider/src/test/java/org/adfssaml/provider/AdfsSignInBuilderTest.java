package org.adfssaml.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdfsSignInBuilderTest {

    private static AdfsSignIn.Builder valid() {
        return AdfsSignIn.builder().idpUrl("https://adfs.example.com").username("EXAMPLE\\alice")
                .passwordSource("Secret-1"::toCharArray);
    }

    @Test
    void buildWhenNoIdpUrlThenRefused() {
        assertThatThrownBy(() -> AdfsSignIn.builder().build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("idpUrl is required (e.g. https://adfs.example.com), found none");
    }

    @Test
    void buildWhenFormsWithoutPasswordSourceThenRefusedNamingWhatIsMissing() {
        assertThatThrownBy(() -> AdfsSignIn.builder().idpUrl("https://adfs.example.com").username("alice").build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("authMethod FORMS needs a username and a passwordSource, found username=alice, passwordSource=none");
    }

    @Test
    void buildWhenKeytabWithoutPrincipalThenRefused() {
        assertThatThrownBy(() -> AdfsSignIn.builder().idpUrl("https://adfs.example.com").authMethod(AuthMethod.KERBEROS)
                .kerberosKeytab(Path.of("/etc/krb5.keytab")).build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("kerberosKeytab needs a kerberosPrincipal, found none");
    }

    @Test
    void buildWhenNonPositiveTimeoutThenRefused() {
        assertThatThrownBy(() -> valid().readTimeout(Duration.ZERO).build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("readTimeout must be positive, found PT0S");
    }

    @Test
    void buildWhenKerberosFromTicketCacheThenNeedsNoUserOrPassword() {
        AdfsSignIn signIn = AdfsSignIn.builder().idpUrl("https://adfs.example.com").authMethod(AuthMethod.KERBEROS).build();

        assertThat(signIn.authMethod()).isEqualTo(AuthMethod.KERBEROS);
    }

    @Test
    void toStringWhenBuiltThenNoPasswordAndNoQuery() {
        AdfsSignIn signIn = valid().idpUrl(URI.create("https://adfs.example.com/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=x")).build();

        assertThat(signIn.toString())
                .isEqualTo("AdfsSignIn[entryUrl=https://adfs.example.com/adfs/ls/IdpInitiatedSignOn.aspx, authMethod=FORMS, "
                        + "username=EXAMPLE\\alice]")
                .doesNotContain("Secret-1");
    }

    @Test
    void toBuilderWhenChangedThenOriginalUnchanged() {
        AdfsSignIn original = valid().build();

        AdfsSignIn changed = original.toBuilder().idpUrl("https://other.example.com").build();

        assertThat(original.entryUrl().getHost()).isEqualTo("adfs.example.com");
        assertThat(changed.entryUrl().getHost()).isEqualTo("other.example.com");
    }

    @Test
    void caBundleWhenFileHoldsNoCertificateThenBuildRefusesWithTheReason(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");

        assertThatThrownBy(() -> valid().caBundle(pem).build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("caBundle " + pem + " must be a readable PEM certificate file: No certificate data found");
    }
}
