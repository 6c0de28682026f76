package org.adfssaml.core;

import java.util.Objects;

/**
 * An IAM role a SAML response lets its subject assume: the role ARN and the ARN of the IAM SAML
 * provider (the {@code PrincipalArn} of {@code AssumeRoleWithSAML}).
 *
 * <p>A value of the {@code https://aws.amazon.com/SAML/Attributes/Role} attribute holds both ARNs
 * separated by a comma, in either order (AD FS claim rules commonly put the provider first):
 *
 * <pre>{@code
 * AwsRole role = AwsRole.parse(
 *     "arn:aws:iam::123456789012:saml-provider/ADFS,arn:aws:iam::123456789012:role/team/AWS-Dev");
 * role.accountId();  // "123456789012"
 * role.roleName();   // "team/AWS-Dev" (path included)
 * role.partition();  // "aws"
 * }</pre>
 *
 * <p>Partitions {@code aws}, {@code aws-cn} and {@code aws-us-gov} are accepted; both ARNs must be
 * in the same partition. Instances are immutable; equality is by the two ARNs.
 */
public final class AwsRole {

    // IAM names: role names [\w+=,.@-]{1,64}; paths are '/'-separated segments of the same set; SAML provider names
    // [\w.-]{1,128}. ARNs are read by Arn below rather than by regular expressions: a response carries several
    // Role values and each needs up to three matches, which made the regex engine a visible share of validation.
    private final String roleArn;
    private final String principalArn;
    private final String partition;
    private final String accountId;
    private final String roleName;

    private AwsRole(String roleArn, String principalArn) {
        this(roleArn, Arn.role(Objects.requireNonNull(roleArn, "roleArn")),
                principalArn, Arn.provider(Objects.requireNonNull(principalArn, "principalArn")));
    }

    /** From the ARNs and what was read from them (null: not such an ARN). */
    private AwsRole(String roleArn, Arn role, String principalArn, Arn provider) {
        if (role == null) {
            throw new IllegalArgumentException("expected an IAM role ARN such as "
                    + "arn:aws:iam::123456789012:role/Name, found '" + roleArn + "'");
        }
        if (provider == null) {
            throw new IllegalArgumentException("expected an IAM SAML provider ARN such as "
                    + "arn:aws:iam::123456789012:saml-provider/Name, found '" + principalArn + "'");
        }
        if (!role.partition().equals(provider.partition())) {
            throw new IllegalArgumentException("expected the role and the SAML provider in the same partition, found role in '"
                    + role.partition() + "' and provider in '" + provider.partition() + "'");
        }
        this.roleArn = roleArn;
        this.principalArn = principalArn;
        this.partition = role.partition();
        this.accountId = role.accountId();
        this.roleName = role.name();
    }

    /**
     * What an IAM role ARN ({@code arn:<partition>:iam::<12 digits>:role/<path/name>}) or IAM SAML provider ARN
     * ({@code arn:<partition>:iam::<12 digits>:saml-provider/<name>}) consists of; partitions aws, aws-cn and
     * aws-us-gov. Exactly the language of the regular expressions
     * {@code arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role/((?:[\w+=,.@-]+/)*[\w+=,.@-]{1,64})} and
     * {@code arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):saml-provider/([\w.-]{1,128})} (AwsRoleTest compares them).
     */
    private record Arn(String partition, String accountId, String name) {

        static Arn role(String s) {
            return read(s, "role/", true);
        }

        static Arn provider(String s) {
            return read(s, "saml-provider/", false);
        }

        private static Arn read(String s, String resourceType, boolean role) {
            if (!s.startsWith("arn:")) {
                return null;
            }
            int colon = s.indexOf(':', 4);
            if (colon < 0) {
                return null;
            }
            String partition = partition(s.substring(4, colon));
            if (partition == null || !s.startsWith(":iam::", colon)) {
                return null;
            }
            int account = colon + ":iam::".length();
            int accountEnd = account + 12;
            if (s.length() <= accountEnd || s.charAt(accountEnd) != ':') {
                return null;
            }
            for (int i = account; i < accountEnd; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
            }
            int name = accountEnd + 1 + resourceType.length();
            if (!s.startsWith(resourceType, accountEnd + 1) || !(role ? isRoleName(s, name) : isProviderName(s, name))) {
                return null;
            }
            return new Arn(partition, s.substring(account, accountEnd), s.substring(name));
        }

        private static String partition(String p) {
            return switch (p) {
                case "aws" -> "aws";
                case "aws-cn" -> "aws-cn";
                case "aws-us-gov" -> "aws-us-gov";
                default -> null;
            };
        }

        /** {@code (?:[\w+=,.@-]+/)*[\w+=,.@-]{1,64}} from {@code from} to the end. */
        private static boolean isRoleName(String s, int from) {
            int segment = 0;
            for (int i = from; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '/') {
                    if (segment == 0) {
                        return false;
                    }
                    segment = 0;
                } else if (isWord(c) || c == '+' || c == '=' || c == ',' || c == '.' || c == '@' || c == '-') {
                    segment++;
                } else {
                    return false;
                }
            }
            return segment >= 1 && segment <= 64;
        }

        /** {@code [\w.-]{1,128}} from {@code from} to the end. */
        private static boolean isProviderName(String s, int from) {
            int length = s.length() - from;
            if (length < 1 || length > 128) {
                return false;
            }
            for (int i = from; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!(isWord(c) || c == '.' || c == '-')) {
                    return false;
                }
            }
            return true;
        }

        /** {@code \w} without UNICODE_CHARACTER_CLASS: ASCII letters, digits and underscore. */
        private static boolean isWord(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
        }
    }

    /**
     * Creates a role from its two ARNs.
     *
     * @param roleArn      the IAM role ARN, e.g. {@code arn:aws:iam::123456789012:role/AWS-Dev}
     * @param principalArn the IAM SAML provider ARN, e.g. {@code arn:aws:iam::123456789012:saml-provider/ADFS}
     * @return the role
     * @throws IllegalArgumentException if an ARN is malformed or the partitions differ
     */
    public static AwsRole of(String roleArn, String principalArn) {
        return new AwsRole(roleArn, principalArn);
    }

    /**
     * Parses one value of the {@code https://aws.amazon.com/SAML/Attributes/Role} attribute:
     * a role ARN and a SAML provider ARN separated by a comma, in either order, whitespace around
     * either ARN ignored.
     *
     * @param roleAttributeValue the attribute value
     * @return the role
     * @throws SamlValidationException with code {@link SamlErrorCodes#MALFORMED_ROLE} and a
     *                                 message quoting the value when it is not such a pair
     */
    public static AwsRole parse(String roleAttributeValue) {
        if (roleAttributeValue == null) {
            throw malformed("null", "found no value");
        }
        String[] parts = roleAttributeValue.split(",", -1);
        if (parts.length != 2) {
            throw malformed(roleAttributeValue, "found " + parts.length + " comma-separated part" + (parts.length == 1 ? "" : "s"));
        }
        String first = parts[0].strip();
        String second = parts[1].strip();
        // An ARN cannot be both a role and a provider (":role/" vs ":saml-provider/" right after the account), so
        // at most three of the four possible readings decide every case, and the two that succeed are handed to the
        // constructor instead of being read again there.
        Arn firstRole = Arn.role(first);
        if (firstRole != null) {
            Arn secondProvider = Arn.provider(second);
            if (secondProvider != null) {
                return samePartition(roleAttributeValue, first, firstRole, second, secondProvider);
            }
            throw noProvider(roleAttributeValue);
        }
        Arn secondRole = Arn.role(second);
        if (secondRole == null) {
            throw malformed(roleAttributeValue, "found no IAM role ARN (arn:<partition>:iam::<12 digits>:role/<name>)");
        }
        Arn firstProvider = Arn.provider(first);
        if (firstProvider != null) {
            return samePartition(roleAttributeValue, second, secondRole, first, firstProvider);
        }
        throw noProvider(roleAttributeValue);
    }

    private static AwsRole samePartition(String value, String roleArn, Arn role, String providerArn, Arn provider) {
        if (!role.partition().equals(provider.partition())) {
            throw malformed(value, "found role in '" + role.partition() + "' and provider in '" + provider.partition()
                    + "' (both must be in the same partition)");
        }
        return new AwsRole(roleArn, role, providerArn, provider);
    }

    private static SamlValidationException noProvider(String value) {
        return malformed(value, "found no IAM SAML provider ARN (arn:<partition>:iam::<12 digits>:saml-provider/<name>)");
    }

    private static SamlValidationException malformed(String value, String found) {
        return SamlValidationException.of(SamlErrorCodes.MALFORMED_ROLE,
                "expected 'role ARN,SAML provider ARN' (either order) in Role value '" + value + "', " + found);
    }

    /**
     * The IAM role ARN.
     *
     * @return e.g. {@code arn:aws:iam::123456789012:role/team/AWS-Dev}
     */
    public String roleArn() {
        return roleArn;
    }

    /**
     * The IAM SAML provider ARN, which STS calls {@code PrincipalArn}.
     *
     * @return e.g. {@code arn:aws:iam::123456789012:saml-provider/ADFS}
     */
    public String principalArn() {
        return principalArn;
    }

    /**
     * The 12-digit account id of the role.
     *
     * @return e.g. {@code 123456789012}
     */
    public String accountId() {
        return accountId;
    }

    /**
     * The role name with its path, without a leading slash.
     *
     * @return e.g. {@code team/AWS-Dev} for {@code role/team/AWS-Dev}, {@code AWS-Dev} for {@code role/AWS-Dev}
     */
    public String roleName() {
        return roleName;
    }

    /**
     * The AWS partition of both ARNs.
     *
     * @return {@code aws}, {@code aws-cn} or {@code aws-us-gov}
     */
    public String partition() {
        return partition;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof AwsRole other
                && roleArn.equals(other.roleArn) && principalArn.equals(other.principalArn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(roleArn, principalArn);
    }

    @Override
    public String toString() {
        return "AwsRole[roleArn=" + roleArn + ", principalArn=" + principalArn + "]";
    }
}
