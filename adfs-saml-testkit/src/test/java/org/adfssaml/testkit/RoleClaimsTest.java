package org.adfssaml.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.adfssaml.core.AwsRole;
import org.junit.jupiter.api.Test;

class RoleClaimsTest {

    @Test
    void fromAdAttributeValuesWhenBlogStyleValuesThenProviderThenRoleArn() {
        List<String> roles = RoleClaims.fromAdAttributeValues("ADFS",
                List.of("AWS-123456789012-Dev", "AWS-210987654321-Production"));

        assertThat(roles).containsExactly(
                "arn:aws:iam::123456789012:saml-provider/ADFS,arn:aws:iam::123456789012:role/AWS-Dev",
                "arn:aws:iam::210987654321:saml-provider/ADFS,arn:aws:iam::210987654321:role/AWS-Production");
    }

    @Test
    void fromAdAttributeValuesWhenValuesDoNotMatchRuleThenIgnored() {
        List<String> roles = RoleClaims.fromAdAttributeValues("ADFS", Arrays.asList(
                "Domain Users", "AWS-12345678901-Short", "AWS-1234567890123-Long", "aws-123456789012-lower",
                "AWS-123456789012-", "xAWS-123456789012-Dev", null, "AWS-123456789012-Ops"));

        assertThat(roles).containsExactly(
                "arn:aws:iam::123456789012:saml-provider/ADFS,arn:aws:iam::123456789012:role/AWS-Ops");
    }

    @Test
    void fromAdAttributeValuesWhenRoleNameHasDashesThenKeptWhole() {
        List<String> roles = RoleClaims.fromAdAttributeValues("MyIdP", List.of("AWS-123456789012-Read-Only"));

        assertThat(roles).containsExactly(
                "arn:aws:iam::123456789012:saml-provider/MyIdP,arn:aws:iam::123456789012:role/AWS-Read-Only");
    }

    @Test
    void fromAdAttributeValuesWhenParsedByCoreThenRolePairs() {
        List<AwsRole> parsed = RoleClaims.fromAdAttributeValues("ADFS", List.of("AWS-123456789012-Dev"))
                .stream().map(AwsRole::parse).toList();

        assertThat(parsed).containsExactly(AwsRole.of("arn:aws:iam::123456789012:role/AWS-Dev",
                "arn:aws:iam::123456789012:saml-provider/ADFS"));
        assertThat(parsed.get(0).roleName()).isEqualTo("AWS-Dev");
    }

    @Test
    void fromAdAttributeValuesWhenProviderBlankThenRejected() {
        assertThatThrownBy(() -> RoleClaims.fromAdAttributeValues("", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("providerName: expected a non-blank value, found ''");
    }

    @Test
    void roleValueWhenAccountNotTwelveDigitsThenRejected() {
        assertThatThrownBy(() -> RoleClaims.roleValue("12345", "Dev", "ADFS"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("accountId: expected 12 digits, found '12345'");
    }
}
