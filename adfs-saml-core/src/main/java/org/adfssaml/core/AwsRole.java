package org.adfssaml.core;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    // IAM names: role names [\w+=,.@-]{1,64}; paths are '/'-separated segments of the same set.
    private static final String PARTITION = "(aws|aws-cn|aws-us-gov)";
    private static final Pattern ROLE_ARN = Pattern.compile(
            "arn:" + PARTITION + ":iam::(\\d{12}):role/((?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64})");
    private static final Pattern PROVIDER_ARN = Pattern.compile(
            "arn:" + PARTITION + ":iam::(\\d{12}):saml-provider/([\\w.-]{1,128})");

    private final String roleArn;
    private final String principalArn;
    private final String partition;
    private final String accountId;
    private final String roleName;

    private AwsRole(String roleArn, String principalArn) {
        this(roleArn, ROLE_ARN.matcher(Objects.requireNonNull(roleArn, "roleArn")),
                principalArn, PROVIDER_ARN.matcher(Objects.requireNonNull(principalArn, "principalArn")), false);
    }

    /** From two matchers; when {@link #parse(String)} has matched them already, they are not matched a second time. */
    private AwsRole(String roleArn, Matcher role, String principalArn, Matcher provider, boolean matched) {
        if (!matched && !role.matches()) {
            throw new IllegalArgumentException("expected an IAM role ARN such as "
                    + "arn:aws:iam::123456789012:role/Name, found '" + roleArn + "'");
        }
        if (!matched && !provider.matches()) {
            throw new IllegalArgumentException("expected an IAM SAML provider ARN such as "
                    + "arn:aws:iam::123456789012:saml-provider/Name, found '" + principalArn + "'");
        }
        if (!role.group(1).equals(provider.group(1))) {
            throw new IllegalArgumentException("expected the role and the SAML provider in the same partition, found role in '"
                    + role.group(1) + "' and provider in '" + provider.group(1) + "'");
        }
        this.roleArn = roleArn;
        this.principalArn = principalArn;
        this.partition = role.group(1);
        this.accountId = role.group(2);
        this.roleName = role.group(3);
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
        // An ARN cannot match both patterns (":role/" vs ":saml-provider/" right after the account), so at most
        // three of the four possible matches decide every case, and the two that succeed are handed to the
        // constructor instead of being matched again there.
        Matcher firstRole = ROLE_ARN.matcher(first);
        if (firstRole.matches()) {
            Matcher secondProvider = PROVIDER_ARN.matcher(second);
            if (secondProvider.matches()) {
                return samePartition(roleAttributeValue, first, firstRole, second, secondProvider);
            }
            throw noProvider(roleAttributeValue);
        }
        Matcher secondRole = ROLE_ARN.matcher(second);
        if (!secondRole.matches()) {
            throw malformed(roleAttributeValue, "found no IAM role ARN (arn:<partition>:iam::<12 digits>:role/<name>)");
        }
        Matcher firstProvider = PROVIDER_ARN.matcher(first);
        if (firstProvider.matches()) {
            return samePartition(roleAttributeValue, second, secondRole, first, firstProvider);
        }
        throw noProvider(roleAttributeValue);
    }

    private static AwsRole samePartition(String value, String role, Matcher roleMatch, String provider, Matcher providerMatch) {
        String rolePartition = roleMatch.group(1);
        String providerPartition = providerMatch.group(1);
        if (!rolePartition.equals(providerPartition)) {
            throw malformed(value, "found role in '" + rolePartition + "' and provider in '" + providerPartition
                    + "' (both must be in the same partition)");
        }
        return new AwsRole(role, roleMatch, provider, providerMatch, true);
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
