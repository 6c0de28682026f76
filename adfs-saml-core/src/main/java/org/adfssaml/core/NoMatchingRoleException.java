package org.adfssaml.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by a {@link RoleSelector} when no offered role (or more than one, where one was required)
 * matches. The message names the criterion and lists the role ARNs offered.
 *
 * <pre>{@code
 * try {
 *     role = RoleSelector.byArn(configuredArn).select(response.roles());
 * } catch (NoMatchingRoleException e) {
 *     e.offered().forEach(r -> System.err.println("  " + r.roleArn()));
 * }
 * }</pre>
 */
public final class NoMatchingRoleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<AwsRole> offered;

    /**
     * Creates the exception.
     *
     * @param expected what the selector looked for, e.g. {@code "role ARN arn:aws:iam::1:role/x"}
     * @param offered  the roles that were offered
     */
    public NoMatchingRoleException(String expected, List<AwsRole> offered) {
        super(message(expected, offered));
        this.offered = List.copyOf(offered);
    }

    private static String message(String expected, List<AwsRole> offered) {
        if (offered.isEmpty()) {
            return "expected " + expected + ", found no roles offered by the SAML response";
        }
        return "expected " + expected + ", found " + offered.size() + " role" + (offered.size() == 1 ? "" : "s")
                + " offered: " + offered.stream().map(AwsRole::roleArn).collect(Collectors.joining(", "));
    }

    /**
     * The roles that were offered to the selector.
     *
     * @return the roles, immutable
     */
    public List<AwsRole> offered() {
        return offered;
    }
}
