package org.adfssaml.testkit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Computes AWS Role attribute values the way the AD FS claim rules of AWS's attribute-based
 * federation blog do: every AD attribute (or group) value {@code AWS-<12-digit account>-<role>}
 * becomes {@code arn:aws:iam::<account>:saml-provider/<provider>,arn:aws:iam::<account>:role/AWS-<role>};
 * other values are ignored, as the rule's regular expression does not match them.
 */
public final class RoleClaims {

    /** The claim rule's match: {@code AWS-}, twelve digits, {@code -}, the role name. */
    private static final Pattern AD_VALUE = Pattern.compile("^AWS-(\\d{12})-(.+)$");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    private RoleClaims() {
    }

    /**
     * Turns AD attribute values into Role attribute values.
     *
     * @param providerName the IAM SAML provider name (e.g. {@code ADFS})
     * @param values AD values such as {@code AWS-123456789012-Dev}
     * @return the Role values, in input order, non-matching values left out
     */
    public static List<String> fromAdAttributeValues(String providerName, Collection<String> values) {
        requireText(providerName, "providerName");
        Objects.requireNonNull(values, "values");
        List<String> roles = new ArrayList<>();
        for (String value : values) {
            if (value == null) {
                continue;
            }
            Matcher matcher = AD_VALUE.matcher(value);
            if (matcher.matches()) {
                roles.add(roleValue(matcher.group(1), "AWS-" + matcher.group(2), providerName));
            }
        }
        return List.copyOf(roles);
    }

    /**
     * Builds one Role value in AD FS's order (provider ARN first), {@code aws} partition.
     *
     * @param accountId the 12-digit account ID
     * @param roleName the role name, path allowed (e.g. {@code team/AWS-Dev})
     * @param providerName the IAM SAML provider name
     * @return {@code arn:aws:iam::<account>:saml-provider/<provider>,arn:aws:iam::<account>:role/<roleName>}
     * @throws IllegalArgumentException when the account is not 12 digits or a name is blank
     */
    public static String roleValue(String accountId, String roleName, String providerName) {
        if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("accountId: expected 12 digits, found '" + accountId + "'");
        }
        requireText(roleName, "roleName");
        requireText(providerName, "providerName");
        return "arn:aws:iam::" + accountId + ":saml-provider/" + providerName
                + ",arn:aws:iam::" + accountId + ":role/" + roleName;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": expected a non-blank value, found '" + value + "'");
        }
    }
}
