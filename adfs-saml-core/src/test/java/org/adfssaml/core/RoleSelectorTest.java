package org.adfssaml.core;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoleSelectorTest {

    static final AwsRole DEV = AwsRole.of("arn:aws:iam::111111111111:role/AWS-Dev", "arn:aws:iam::111111111111:saml-provider/ADFS");
    static final AwsRole TEAM_DEV = AwsRole.of("arn:aws:iam::111111111111:role/team/AWS-Dev",
            "arn:aws:iam::111111111111:saml-provider/ADFS");
    static final AwsRole PROD = AwsRole.of("arn:aws:iam::222222222222:role/team/AWS-Prod",
            "arn:aws:iam::222222222222:saml-provider/ADFS");
    static final List<AwsRole> OFFERED = List.of(DEV, TEAM_DEV, PROD);

    @Test
    void byArnWhenOfferedThenThatRole() {
        assertThat(RoleSelector.byArn(PROD.roleArn()).select(OFFERED)).isEqualTo(PROD);
    }

    @Test
    void byArnWhenNotOfferedThenErrorListingOffered() {
        assertThatThrownBy(() -> RoleSelector.byArn("arn:aws:iam::333333333333:role/X").select(OFFERED))
                .isInstanceOfSatisfying(NoMatchingRoleException.class, e -> assertThat(e.offered()).isEqualTo(OFFERED))
                .hasMessage("expected role ARN arn:aws:iam::333333333333:role/X, found 3 roles offered: "
                        + "arn:aws:iam::111111111111:role/AWS-Dev, arn:aws:iam::111111111111:role/team/AWS-Dev, "
                        + "arn:aws:iam::222222222222:role/team/AWS-Prod");
    }

    @Test
    void byAccountAndNameWhenExactNameWithPathThenThatRole() {
        assertThat(RoleSelector.byAccountAndName("111111111111", "team/AWS-Dev").select(OFFERED)).isEqualTo(TEAM_DEV);
    }

    @Test
    void byAccountAndNameWhenExactNameWithoutPathThenPreferredOverPathMatch() {
        assertThat(RoleSelector.byAccountAndName("111111111111", "AWS-Dev").select(OFFERED)).isEqualTo(DEV);
    }

    @Test
    void byAccountAndNameWhenSimpleNameMatchesOneRoleWithPathThenThatRole() {
        assertThat(RoleSelector.byAccountAndName("222222222222", "AWS-Prod").select(OFFERED)).isEqualTo(PROD);
    }

    @Test
    void byAccountAndNameWhenSimpleNameMatchesTwoPathsThenAmbiguityError() {
        AwsRole other = AwsRole.of("arn:aws:iam::222222222222:role/other/AWS-Prod", "arn:aws:iam::222222222222:saml-provider/ADFS");

        assertThatThrownBy(() -> RoleSelector.byAccountAndName("222222222222", "AWS-Prod").select(List.of(PROD, other)))
                .isInstanceOf(NoMatchingRoleException.class)
                .hasMessageStartingWith("expected role 'AWS-Prod' in account 222222222222 to be unambiguous (it matches "
                        + "team/AWS-Prod, other/AWS-Prod), found 2 roles offered");
    }

    @Test
    void byAccountAndNameWhenWrongAccountThenError() {
        assertThatThrownBy(() -> RoleSelector.byAccountAndName("222222222222", "AWS-Dev").select(OFFERED))
                .hasMessageStartingWith("expected role 'AWS-Dev' in account 222222222222, found 3 roles offered: ");
    }

    @Test
    void matchingWhenPatternMatchesSeveralThenFirstInOrder() {
        assertThat(RoleSelector.matching("AWS-Dev$").select(OFFERED)).isEqualTo(DEV);
        assertThat(RoleSelector.matching(":222222222222:").select(OFFERED)).isEqualTo(PROD);
    }

    @Test
    void matchingWhenNoMatchThenErrorNamesPattern() {
        assertThatThrownBy(() -> RoleSelector.matching("Admin").select(OFFERED))
                .hasMessageStartingWith("expected a role ARN matching /Admin/, found 3 roles offered");
    }

    @Test
    void onlyOneWhenOneThenIt() {
        assertThat(RoleSelector.onlyOne().select(List.of(PROD))).isEqualTo(PROD);
    }

    @Test
    void onlyOneWhenNoneThenErrorSaysNoneOffered() {
        assertThatThrownBy(() -> RoleSelector.onlyOne().select(List.of()))
                .hasMessage("expected exactly one role (choose one by ARN, account and name, or pattern), "
                        + "found no roles offered by the SAML response");
    }

    @Test
    void onlyOneWhenSeveralThenErrorListsThem() {
        assertThatThrownBy(() -> RoleSelector.onlyOne().select(List.of(DEV, PROD)))
                .hasMessage("expected exactly one role (choose one by ARN, account and name, or pattern), found 2 roles offered: "
                        + "arn:aws:iam::111111111111:role/AWS-Dev, arn:aws:iam::222222222222:role/team/AWS-Prod");
    }
}
