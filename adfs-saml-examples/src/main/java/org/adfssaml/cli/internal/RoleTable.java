package org.adfssaml.cli.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import org.adfssaml.core.AwsRole;

/** Roles as text: grouped by account, numbered in the order they are printed. */
final class RoleTable {

    private RoleTable() {
    }

    /**
     * Groups roles by account (accounts in first-seen order, roles in offered order).
     *
     * @return the roles in the order they are printed and numbered
     */
    static List<AwsRole> ordered(List<AwsRole> roles) {
        Map<String, List<AwsRole>> byAccount = new LinkedHashMap<>();
        for (AwsRole role : roles) {
            byAccount.computeIfAbsent(role.accountId(), k -> new ArrayList<>()).add(role);
        }
        List<AwsRole> ordered = new ArrayList<>();
        byAccount.values().forEach(ordered::addAll);
        return ordered;
    }

    static void print(PrintStream out, List<AwsRole> roles) {
        String lastAccount = null;
        for (AwsRole role : ordered(roles)) {
            if (!role.accountId().equals(lastAccount)) {
                out.println("  Account " + role.accountId() + (role.partition().equals("aws") ? "" : " (" + role.partition() + ")"));
                lastAccount = role.accountId();
            }
            out.println("    " + role.roleName() + "  " + role.roleArn() + "  via " + role.principalArn());
        }
    }
}
