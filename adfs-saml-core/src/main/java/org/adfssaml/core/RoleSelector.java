package org.adfssaml.core;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Chooses the role to assume among those a SAML response offers.
 *
 * <pre>{@code
 * AwsRole role = RoleSelector.byAccountAndName("123456789012", "AWS-Dev").select(response.roles());
 * AwsRole only = RoleSelector.onlyOne().select(response.roles());
 * }</pre>
 *
 * <p>Implementations must be thread-safe; the factories here are.
 */
@FunctionalInterface
public interface RoleSelector {

    /**
     * Picks one role.
     *
     * @param offered the roles offered, in the response's order
     * @return the chosen role, one of {@code offered}
     * @throws NoMatchingRoleException when no role fits (its message lists the roles offered)
     */
    AwsRole select(List<AwsRole> offered);

    /**
     * The role with exactly this role ARN.
     *
     * @param roleArn the role ARN
     * @return the selector
     */
    static RoleSelector byArn(String roleArn) {
        Objects.requireNonNull(roleArn, "roleArn");
        return offered -> offered.stream().filter(r -> r.roleArn().equals(roleArn)).findFirst()
                .orElseThrow(() -> new NoMatchingRoleException("role ARN " + roleArn, offered));
    }

    /**
     * The role of this account with this name. The name matches {@link AwsRole#roleName()}
     * exactly (path included, e.g. {@code team/AWS-Dev}); a name without a slash also matches
     * the last segment of a role with a path, provided exactly one role matches that way.
     *
     * @param accountId the 12-digit account id
     * @param roleName  the role name, with or without its path
     * @return the selector
     */
    static RoleSelector byAccountAndName(String accountId, String roleName) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(roleName, "roleName");
        String wanted = roleName.startsWith("/") ? roleName.substring(1) : roleName;
        String expected = "role '" + wanted + "' in account " + accountId;
        return offered -> {
            List<AwsRole> inAccount = offered.stream().filter(r -> r.accountId().equals(accountId)).toList();
            for (AwsRole r : inAccount) {
                if (r.roleName().equals(wanted)) {
                    return r;
                }
            }
            if (wanted.contains("/")) {
                throw new NoMatchingRoleException(expected, offered);
            }
            List<AwsRole> bySimpleName = inAccount.stream()
                    .filter(r -> r.roleName().substring(r.roleName().lastIndexOf('/') + 1).equals(wanted)).toList();
            if (bySimpleName.size() == 1) {
                return bySimpleName.get(0);
            }
            throw new NoMatchingRoleException(bySimpleName.isEmpty() ? expected
                    : expected + " to be unambiguous (it matches " + bySimpleName.stream().map(AwsRole::roleName)
                            .collect(Collectors.joining(", ")) + ")", offered);
        };
    }

    /**
     * The first role (in the response's order) whose role ARN contains a match of the regular
     * expression; anchor it ({@code ^...$}) to match the whole ARN.
     *
     * @param roleArnRegex a {@link Pattern} regular expression
     * @return the selector
     * @throws java.util.regex.PatternSyntaxException if the expression is invalid
     */
    static RoleSelector matching(String roleArnRegex) {
        Pattern pattern = Pattern.compile(Objects.requireNonNull(roleArnRegex, "roleArnRegex"));
        return offered -> offered.stream().filter(r -> pattern.matcher(r.roleArn()).find()).findFirst()
                .orElseThrow(() -> new NoMatchingRoleException("a role ARN matching /" + roleArnRegex + "/", offered));
    }

    /**
     * The only role offered; an error when none or several are offered.
     *
     * @return the selector
     */
    static RoleSelector onlyOne() {
        return offered -> {
            if (offered.size() != 1) {
                throw new NoMatchingRoleException("exactly one role (choose one by ARN, account and name, or pattern)", offered);
            }
            return offered.get(0);
        };
    }
}
