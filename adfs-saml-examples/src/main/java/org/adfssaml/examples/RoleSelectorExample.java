package org.adfssaml.examples;

import java.util.Comparator;
import org.adfssaml.core.AwsRole;
import org.adfssaml.core.NoMatchingRoleException;
import org.adfssaml.core.RoleSelector;

/**
 * Choosing the role when the IdP grants several: the built-in selectors and a custom one.
 */
public final class RoleSelectorExample {

    private RoleSelectorExample() {
    }

    /** @return the role with this exact ARN */
    public static RoleSelector exact() {
        return RoleSelector.byArn("arn:aws:iam::123456789012:role/AWS-Developer");
    }

    /** @return the role of this name in this account (a name without path also matches a role with one) */
    public static RoleSelector byAccountAndName() {
        return RoleSelector.byAccountAndName("123456789012", "AWS-Developer");
    }

    /** @return the first role whose ARN matches: a read-only role in any account */
    public static RoleSelector readOnlyAnywhere() {
        return RoleSelector.matching("^arn:aws:iam::\\d{12}:role/AWS-ReadOnly$");
    }

    /**
     * A custom selector: the read-only role of the account with the lowest id, or a clear error listing what was
     * offered.
     *
     * @return the selector
     */
    public static RoleSelector leastPrivilege() {
        return offered -> offered.stream()
                .filter(role -> role.roleName().endsWith("ReadOnly"))
                .min(Comparator.comparing(AwsRole::accountId))
                .orElseThrow(() -> new NoMatchingRoleException("a role whose name ends with ReadOnly", offered));
    }
}
