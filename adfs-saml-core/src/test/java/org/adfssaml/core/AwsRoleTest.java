package org.adfssaml.core;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsRoleTest {

    static final String ROLE = "arn:aws:iam::123456789012:role/AWS-Dev";
    static final String PROVIDER = "arn:aws:iam::123456789012:saml-provider/ADFS";

    @Test
    void parseWhenProviderFirstThenRoleAndProvider() {
        AwsRole role = AwsRole.parse(PROVIDER + "," + ROLE);

        assertThat(role.roleArn()).isEqualTo(ROLE);
        assertThat(role.principalArn()).isEqualTo(PROVIDER);
        assertThat(role.accountId()).isEqualTo("123456789012");
        assertThat(role.roleName()).isEqualTo("AWS-Dev");
        assertThat(role.partition()).isEqualTo("aws");
    }

    @Test
    void parseWhenRoleFirstThenSameAsProviderFirst() {
        assertThat(AwsRole.parse(ROLE + "," + PROVIDER)).isEqualTo(AwsRole.parse(PROVIDER + "," + ROLE))
                .hasSameHashCodeAs(AwsRole.of(ROLE, PROVIDER));
    }

    @Test
    void parseWhenChinaPartitionThenAwsCn() {
        AwsRole role = AwsRole.parse("arn:aws-cn:iam::123456789012:saml-provider/ADFS,arn:aws-cn:iam::123456789012:role/Dev");

        assertThat(role.partition()).isEqualTo("aws-cn");
        assertThat(role.roleName()).isEqualTo("Dev");
    }

    @Test
    void parseWhenGovCloudPartitionThenAwsUsGov() {
        AwsRole role = AwsRole.parse("arn:aws-us-gov:iam::210987654321:role/Ops,arn:aws-us-gov:iam::210987654321:saml-provider/corp-adfs");

        assertThat(role.partition()).isEqualTo("aws-us-gov");
        assertThat(role.accountId()).isEqualTo("210987654321");
        assertThat(role.principalArn()).isEqualTo("arn:aws-us-gov:iam::210987654321:saml-provider/corp-adfs");
    }

    @Test
    void parseWhenRoleHasPathThenRoleNameIncludesPath() {
        AwsRole role = AwsRole.parse(PROVIDER + ",arn:aws:iam::123456789012:role/team/sub/AWS-Dev");

        assertThat(role.roleName()).isEqualTo("team/sub/AWS-Dev");
        assertThat(role.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/team/sub/AWS-Dev");
    }

    @Test
    void parseWhenWhitespaceAroundArnsThenTrimmed() {
        assertThat(AwsRole.parse("  " + PROVIDER + " ,\n\t" + ROLE + " \r\n")).isEqualTo(AwsRole.of(ROLE, PROVIDER));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "arn:aws:iam::123456789012:role/AWS-Dev",
        "arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:role/B",
        "arn:aws:iam::123456789012:saml-provider/A,arn:aws:iam::123456789012:saml-provider/B",
        "arn:aws:iam::12345678901:role/A,arn:aws:iam::12345678901:saml-provider/B",
        "arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:saml-provider/B,extra",
        "arn:aws:iam::123456789012:role/A,arn:aws-cn:iam::123456789012:saml-provider/B",
        "arn:aws:sts::123456789012:role/A,arn:aws:iam::123456789012:saml-provider/B"})
    void parseWhenMalformedThenMalformedRoleQuotingTheValue(String value) {
        assertThatThrownBy(() -> AwsRole.parse(value)).isInstanceOfSatisfying(SamlValidationException.class, e -> {
            assertThat(e.errors()).hasSize(1);
            assertThat(e.errors().get(0).code()).isEqualTo(SamlErrorCodes.MALFORMED_ROLE);
            assertThat(e.errors().get(0).message()).startsWith("expected 'role ARN,SAML provider ARN' (either order) in Role value '"
                    + value + "', found ");
        });
    }

    @Test
    void parseWhenTwoRolesThenMessageSaysNoProvider() {
        assertThatThrownBy(() -> AwsRole.parse("arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:role/B"))
                .hasMessage("malformed_role: expected 'role ARN,SAML provider ARN' (either order) in Role value "
                        + "'arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:role/B', found no IAM SAML provider ARN "
                        + "(arn:<partition>:iam::<12 digits>:saml-provider/<name>)");
    }

    @Test
    void parseWhenPartitionsDifferThenMessageNamesBoth() {
        assertThatThrownBy(() -> AwsRole.parse("arn:aws:iam::123456789012:role/A,arn:aws-cn:iam::123456789012:saml-provider/B"))
                .hasMessageEndingWith("found role in 'aws' and provider in 'aws-cn' (both must be in the same partition)");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "arn:aws:iam::123456789012:role/A,garbage|found no IAM SAML provider ARN (arn:<partition>:iam::<12 digits>:saml-provider/<name>)",
        "garbage,arn:aws:iam::123456789012:role/A|found no IAM SAML provider ARN (arn:<partition>:iam::<12 digits>:saml-provider/<name>)",
        "arn:aws:iam::123456789012:saml-provider/P,garbage|found no IAM role ARN (arn:<partition>:iam::<12 digits>:role/<name>)",
        "garbage,arn:aws:iam::123456789012:saml-provider/P|found no IAM role ARN (arn:<partition>:iam::<12 digits>:role/<name>)",
        "arn:aws:iam::123456789012:saml-provider/A,arn:aws:iam::123456789012:saml-provider/B|found no IAM role ARN "
                + "(arn:<partition>:iam::<12 digits>:role/<name>)",
        "garbage,garbage|found no IAM role ARN (arn:<partition>:iam::<12 digits>:role/<name>)",
        "arn:aws-us-gov:iam::123456789012:saml-provider/P,arn:aws:iam::123456789012:role/A|found role in 'aws' and provider in "
                + "'aws-us-gov' (both must be in the same partition)",
        "arn:aws-cn:iam::123456789012:role/A,arn:aws:iam::123456789012:saml-provider/P|found role in 'aws-cn' and provider in "
                + "'aws' (both must be in the same partition)"})
    void parseWhenEitherOrderAndOneSideWrongThenMessageNamesWhatIsMissing(String value, String found) {
        assertThatThrownBy(() -> AwsRole.parse(value)).hasMessage("malformed_role: expected 'role ARN,SAML provider ARN' (either order) "
                + "in Role value '" + value + "', " + found);
    }

    @Test
    void parseWhenEitherOrderThenGroupsOfTheRoleAndProviderArns() {
        AwsRole providerFirst = AwsRole.parse("arn:aws-cn:iam::210987654321:saml-provider/ADFS , arn:aws-cn:iam::210987654321:role/a/b/R");
        AwsRole roleFirst = AwsRole.parse("arn:aws-cn:iam::210987654321:role/a/b/R,arn:aws-cn:iam::210987654321:saml-provider/ADFS");

        for (AwsRole role : List.of(providerFirst, roleFirst)) {
            assertThat(role.roleArn()).isEqualTo("arn:aws-cn:iam::210987654321:role/a/b/R");
            assertThat(role.principalArn()).isEqualTo("arn:aws-cn:iam::210987654321:saml-provider/ADFS");
            assertThat(role.partition()).isEqualTo("aws-cn");
            assertThat(role.accountId()).isEqualTo("210987654321");
            assertThat(role.roleName()).isEqualTo("a/b/R");
        }
    }

    @Test
    void ofWhenProviderMalformedOrPartitionsDifferThenIllegalArgumentNamingIt() {
        assertThatThrownBy(() -> AwsRole.of(ROLE, ROLE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected an IAM SAML provider ARN such as arn:aws:iam::123456789012:saml-provider/Name, found '" + ROLE + "'");
        assertThatThrownBy(() -> AwsRole.of(ROLE, "arn:aws-cn:iam::123456789012:saml-provider/ADFS"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected the role and the SAML provider in the same partition, found role in 'aws' and provider in 'aws-cn'");
        assertThatThrownBy(() -> AwsRole.of("garbage", null)).isInstanceOf(NullPointerException.class).hasMessage("principalArn");
    }

    /** The regular expressions AwsRole used to match ARNs with; its hand-written reader must accept exactly their language. */
    private static final java.util.regex.Pattern ROLE_REGEX = java.util.regex.Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):iam::(\\d{12}):role/((?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64})");
    private static final java.util.regex.Pattern PROVIDER_REGEX = java.util.regex.Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):iam::(\\d{12}):saml-provider/([\\w.-]{1,128})");

    @Test
    void ofWhenArnsMutatedThenAcceptsExactlyWhatTheRegularExpressionsMatchWithTheSameGroups() {
        java.util.Random random = new java.util.Random(20310314);
        String alphabet = "arn:ws-cgoviemlpd/0123456789+=,.@_xAZ \t\u00e9\u0661\n";
        List<String> bases = List.of("arn:aws:iam::123456789012:role/AWS-Dev", "arn:aws-cn:iam::123456789012:role/a/b+c=d,e.f@g-h_i/R",
                "arn:aws-us-gov:iam::123456789012:role/" + "x".repeat(64), "arn:aws:iam::123456789012:role/p/" + "y".repeat(65),
                "arn:aws:iam::123456789012:saml-provider/ADFS", "arn:aws-cn:iam::123456789012:saml-provider/A.b-c_D",
                "arn:aws-us-gov:iam::123456789012:saml-provider/" + "z".repeat(128),
                "arn:aws:iam::123456789012:saml-provider/" + "z".repeat(129));
        int accepted = 0;
        for (int i = 0; i < 30_000; i++) {
            StringBuilder sb = new StringBuilder(bases.get(random.nextInt(bases.size())));
            for (int m = random.nextInt(3); m >= 0 && sb.length() > 0; m--) {
                int at = random.nextInt(sb.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> sb.setCharAt(at, c);
                    case 1 -> sb.insert(at, c);
                    default -> sb.deleteCharAt(at);
                }
            }
            String arn = sb.toString();
            java.util.regex.Matcher role = ROLE_REGEX.matcher(arn);
            java.util.regex.Matcher provider = PROVIDER_REGEX.matcher(arn);
            String asRole = asRole(arn);
            String asProvider = asProvider(arn);
            assertThat(asRole).as(arn).isEqualTo(role.matches() ? role.group(1) + " " + role.group(2) + " " + role.group(3) : null);
            assertThat(asProvider).as(arn).isEqualTo(provider.matches() ? provider.group(1) : null);
            accepted += asRole != null || asProvider != null ? 1 : 0;
        }
        assertThat(accepted).as("mutations that still match, so both outcomes are exercised").isBetween(3_000, 27_000);
    }

    /** partition, account and role name when some partition's provider makes a role of it, else null. */
    private static String asRole(String arn) {
        for (String partition : List.of("aws", "aws-cn", "aws-us-gov")) {
            try {
                AwsRole r = AwsRole.of(arn, "arn:" + partition + ":iam::123456789012:saml-provider/P");
                return r.partition() + " " + r.accountId() + " " + r.roleName();
            } catch (IllegalArgumentException e) {
                // not this partition, or not a role ARN
            }
        }
        return null;
    }

    /** the partition when some partition's role makes a role with this provider, else null. */
    private static String asProvider(String arn) {
        for (String partition : List.of("aws", "aws-cn", "aws-us-gov")) {
            try {
                return AwsRole.of("arn:" + partition + ":iam::123456789012:role/R", arn).partition();
            } catch (IllegalArgumentException e) {
                // not this partition, or not a provider ARN
            }
        }
        return null;
    }

    @Test
    void ofWhenArnsSwappedThenIllegalArgument() {
        assertThatThrownBy(() -> AwsRole.of(PROVIDER, ROLE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected an IAM role ARN such as arn:aws:iam::123456789012:role/Name, found '" + PROVIDER + "'");
    }

    @Test
    void toStringWhenRoleThenBothArns() {
        assertThat(AwsRole.of(ROLE, PROVIDER)).hasToString("AwsRole[roleArn=" + ROLE + ", principalArn=" + PROVIDER + "]");
    }

    static String response(List<String> roleValues) {
        TestSigning.Spec spec = new TestSigning.Spec();
        spec.roles = new ArrayList<>(roleValues);
        return TestSigning.xml(spec);
    }

    @Test
    void rolesWhenDuplicatesInEitherOrderAndWhitespaceThenOnceInFirstAppearanceOrder() {
        String admin = "arn:aws:iam::123456789012:role/team/AWS-Admin";
        SamlResponse response = SamlResponse.parse(response(List.of(
                PROVIDER + "," + ROLE, " " + PROVIDER + "," + admin + "\n", ROLE + "," + PROVIDER, PROVIDER + " , " + ROLE)));

        assertThat(response.roles()).containsExactly(AwsRole.of(ROLE, PROVIDER), AwsRole.of(admin, PROVIDER));
        assertThat(response.roleErrors()).isEmpty();
    }

    @Test
    void rolesWhenSomeValuesMalformedThenGoodOnesKeptAndOneErrorPerBadValue() {
        SamlResponse response = SamlResponse.parse(response(List.of("nonsense", PROVIDER + "," + ROLE, "arn:aws:iam::1:role/x")));

        assertThat(response.roles()).containsExactly(AwsRole.of(ROLE, PROVIDER));
        assertThat(response.roleErrors()).extracting(SamlError::code)
                .containsExactly(SamlErrorCodes.MALFORMED_ROLE, SamlErrorCodes.MALFORMED_ROLE);
        assertThat(response.roleErrors().get(0).message()).contains("'nonsense'");
        assertThat(response.roleErrors().get(1).message()).contains("'arn:aws:iam::1:role/x'");
    }

    @Test
    void rolesWhenThousandRolesThenAllInDocumentOrder() {
        List<String> values = IntStream.range(0, 1000)
                .mapToObj(i -> String.format("arn:aws:iam::%012d:saml-provider/ADFS,arn:aws:iam::%012d:role/team/Role-%d", i, i, i))
                .toList();
        List<String> withDuplicates = new ArrayList<>(values);
        withDuplicates.addAll(values.subList(0, 100));

        List<AwsRole> roles = AwsRoles.from(response(withDuplicates));

        assertThat(roles).hasSize(1000);
        assertThat(roles.get(0).roleArn()).isEqualTo("arn:aws:iam::000000000000:role/team/Role-0");
        assertThat(roles.get(999).accountId()).isEqualTo("000000000999");
        assertThat(roles).extracting(AwsRole::roleName).doesNotHaveDuplicates();
    }

    @Test
    void fromWhenMalformedValueThenThrowsWithEveryBadValue() {
        assertThatThrownBy(() -> AwsRoles.from(response(List.of("bad-1", PROVIDER + "," + ROLE, "bad-2"))))
                .isInstanceOfSatisfying(SamlValidationException.class, e -> assertThat(e.errors()).hasSize(2)
                        .allSatisfy(err -> assertThat(err.code()).isEqualTo(SamlErrorCodes.MALFORMED_ROLE)));
    }

    @Test
    void fromWhenBase64ResponseThenRoles() {
        assertThat(AwsRoles.from(TestSigning.base64(response(List.of(PROVIDER + "," + ROLE)))))
                .containsExactly(AwsRole.of(ROLE, PROVIDER));
    }
}
