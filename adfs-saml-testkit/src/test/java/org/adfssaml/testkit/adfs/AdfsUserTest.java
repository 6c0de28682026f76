package org.adfssaml.testkit.adfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.adfssaml.testkit.AdfsUser;
import org.adfssaml.testkit.MfaKind;
import org.junit.jupiter.api.Test;

class AdfsUserTest {

    @Test
    void matchesLoginWhenUpnDomainPrefixOrRealmThenSameUser() {
        AdfsUser alice = AdfsUser.builder("alice@example.test").password("pw").build();

        assertThat(alice.matchesLogin("ALICE@example.test")).isTrue();
        assertThat(alice.matchesLogin("EXAMPLE\\alice")).isTrue();
        assertThat(alice.matchesLogin("alice@EXAMPLE.TEST")).isTrue();
        assertThat(alice.matchesLogin("alice")).isTrue();
        assertThat(alice.matchesLogin("alicia")).isFalse();
        assertThat(alice.matchesLogin(" ")).isFalse();
    }

    @Test
    void emailWhenNotGivenThenUpnOrAccountAtExampleTest() {
        assertThat(AdfsUser.builder("alice@corp.test").build().email()).isEqualTo("alice@corp.test");
        assertThat(AdfsUser.builder("CORP\\Bob").build().email()).isEqualTo("bob@example.test");
        assertThat(AdfsUser.builder("carol").email("c@x.test").build().email()).isEqualTo("c@x.test");
    }

    @Test
    void checkPasswordWhenSameOrDifferentThenTrueOrFalse() {
        AdfsUser user = AdfsUser.builder("alice").password("Passw0rd!").build();

        assertThat(user.checkPassword("Passw0rd!".toCharArray())).isTrue();
        assertThat(user.checkPassword("Passw0rd".toCharArray())).isFalse();
        assertThat(user.checkPassword("Passw0rd!!".toCharArray())).isFalse();
        assertThat(user.checkPassword(null)).isFalse();
    }

    @Test
    void toStringWhenPrintedThenNoPasswordAndNoCodes() {
        AdfsUser user = AdfsUser.builder("alice").password("Sup3rSecret").mfa(MfaKind.VIP, "987654").build();

        assertThat(user.toString()).doesNotContain("Sup3rSecret").doesNotContain("987654")
                .isEqualTo("AdfsUser[username=alice, email=alice@example.test, roles=[], adAttributeValues=[],"
                        + " locked=false, disabled=false, mfa=VIP]");
    }

    @Test
    void passwordWhenReadThenCopyThatCallerMayWipe() {
        AdfsUser user = AdfsUser.builder("alice").password("pw").build();
        char[] copy = user.password();
        java.util.Arrays.fill(copy, 'x');

        assertThat(user.checkPassword("pw".toCharArray())).isTrue();
    }

    @Test
    void builderWhenInvalidThenMessagesSayWhatWasFound() {
        assertThatThrownBy(() -> AdfsUser.builder(" ").build())
                .hasMessage("username must not be blank, found \" \"");
        assertThatThrownBy(() -> AdfsUser.builder("alice").mfa(MfaKind.AZURE_MFA_CODE).build())
                .hasMessage("MFA kind AZURE_MFA_CODE of user alice needs at least one expected code, found none");
        assertThatThrownBy(() -> AdfsUser.builder("alice").pushApprovedAfterPolls(0).build())
                .hasMessage("pushApprovedAfterPolls must be at least 1, found 0");
    }

    @Test
    void toBuilderWhenChangedThenOriginalKept() {
        AdfsUser original = AdfsUser.builder("alice").password("pw").roles("a,b").build();

        AdfsUser locked = original.toBuilder().locked().build();

        assertThat(locked.locked()).isTrue();
        assertThat(original.locked()).isFalse();
        assertThat(locked.roles()).containsExactly("a,b");
        assertThat(locked.checkPassword("pw".toCharArray())).isTrue();
    }
}
