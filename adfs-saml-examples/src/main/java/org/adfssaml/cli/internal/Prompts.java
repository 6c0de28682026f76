package org.adfssaml.cli.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.adfssaml.core.AwsRole;
import org.adfssaml.core.NoMatchingRoleException;
import org.adfssaml.core.RoleSelector;
import org.adfssaml.provider.MfaChallenge;
import org.adfssaml.provider.MfaHandler;

/**
 * Everything the CLI asks a person for, with the non-interactive fallbacks of the design: the password from
 * {@code --password-stdin}, {@code ADFS_PASSWORD} or the terminal without echo; an MFA code from the terminal,
 * {@code ADFS_MFA_CODE} or the next line of standard input; the role from a menu grouped by account.
 * Prompts go to the terminal (or standard error), never to standard output.
 */
final class Prompts implements AutoCloseable {

    static final String PASSWORD_ENV = "ADFS_PASSWORD";
    static final String MFA_CODE_ENV = "ADFS_MFA_CODE";

    private final CliIo io;
    private final boolean passwordStdin;
    private char[] password;

    Prompts(CliIo io, boolean passwordStdin) {
        this.io = io;
        this.passwordStdin = passwordStdin;
    }

    /** The username: given, else asked on the terminal (default: the login name), else a usage error. */
    String username(String given, String profile) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        String suggestion = io.env("USERDOMAIN").map(d -> d + "\\").orElse("") + io.env("USER").or(() -> io.env("USERNAME"))
                .orElse("");
        if (io.terminal().interactive()) {
            String prompt = suggestion.isEmpty() ? "Username (DOMAIN\\user or user@domain): "
                    : "Username [" + suggestion + "]: ";
            String answer = io.terminal().readLine(prompt).map(String::trim).orElse("");
            if (!answer.isEmpty()) {
                return answer;
            }
            if (!suggestion.isEmpty()) {
                return suggestion;
            }
        }
        throw CliException.usage("no username: expected --username or " + ProfileKeys.USERNAME + " in profile '" + profile
                + "'" + (io.terminal().interactive() ? "" : " (there is no terminal to ask on)") + ", found neither");
    }

    /**
     * The password source handed to the sign-in: asked once (lazily, so Kerberos never asks) and handed out
     * as fresh copies because the sign-in wipes what it receives.
     */
    Supplier<char[]> passwordSource() {
        return () -> {
            synchronized (this) {
                if (password == null) {
                    password = readPassword();
                }
                return password.clone();
            }
        };
    }

    private char[] readPassword() {
        if (passwordStdin) {
            try {
                return io.readStdinLine().orElseThrow(() -> CliException.usage(
                        "--password-stdin: expected the password on the first line of standard input, found end of input"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Optional<String> fromEnv = io.env(PASSWORD_ENV);
        if (fromEnv.isPresent()) {
            return fromEnv.get().toCharArray();
        }
        if (io.terminal().interactive()) {
            return io.terminal().readPassword("Password: ").orElseThrow(() -> CliException.usage(
                    "no password: expected one typed on the terminal, found end of input"));
        }
        throw CliException.usage("no password: expected --password-stdin, " + PASSWORD_ENV
                + " or a terminal to ask on, found none of them");
    }

    /** MFA: the terminal, else {@code ADFS_MFA_CODE}, else the next line of standard input. */
    MfaHandler mfaHandler() {
        return challenge -> {
            if (challenge instanceof MfaChallenge.Push push) {
                io.tell("Approve the sign-in on your device (" + push.adapter() + ")"
                        + push.number().map(n -> ": enter " + n + " in the app").orElse("")
                        + (push.prompt().isBlank() ? "" : " - " + push.prompt()));
                return new char[0];
            }
            MfaChallenge.CodeEntry code = (MfaChallenge.CodeEntry) challenge;
            String prompt = (code.prompt().isBlank() ? "Verification code" : code.prompt().strip()) + " ("
                    + code.adapter() + "): ";
            if (io.terminal().interactive()) {
                return io.terminal().readPassword(prompt).orElse(null);
            }
            Optional<String> fromEnv = io.env(MFA_CODE_ENV);
            if (fromEnv.isPresent()) {
                return fromEnv.get().trim().toCharArray();
            }
            try {
                io.err().println(prompt + "reading it from standard input");
                return io.readStdinLine().orElse(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /**
     * The role: {@code --role-arn} when given; else the only one; else a menu grouped by account on the
     * terminal, asked again after a wrong answer; else (no terminal) no match, listing what was offered.
     */
    RoleSelector roleSelector(String roleArn) {
        if (roleArn != null) {
            return RoleSelector.byArn(roleArn);
        }
        return offered -> {
            if (offered.size() == 1) {
                return offered.get(0);
            }
            if (offered.isEmpty() || !io.terminal().interactive()) {
                throw new NoMatchingRoleException(offered.isEmpty() ? "at least one role"
                        : "a role chosen with --role-arn (several are offered and there is no terminal to ask on)", offered);
            }
            return menu(offered);
        };
    }

    private AwsRole menu(List<AwsRole> offered) {
        List<AwsRole> ordered = RoleTable.ordered(offered);
        Terminal terminal = io.terminal();
        terminal.println("Roles you may assume:");
        String account = null;
        for (int i = 0; i < ordered.size(); i++) {
            AwsRole role = ordered.get(i);
            if (!role.accountId().equals(account)) {
                account = role.accountId();
                terminal.println("  Account " + account + ":");
            }
            terminal.println(String.format("    [%d] %s", i + 1, role.roleName()));
        }
        while (true) {
            String answer = terminal.readLine("Choose a role [1-" + ordered.size() + "]: ")
                    .orElseThrow(() -> new NoMatchingRoleException("a role chosen from the menu (input ended)", offered))
                    .trim();
            try {
                int choice = Integer.parseInt(answer);
                if (choice >= 1 && choice <= ordered.size()) {
                    return ordered.get(choice - 1);
                }
            } catch (NumberFormatException notANumber) {
                // asked again below
            }
            terminal.println("'" + answer + "' is not a number between 1 and " + ordered.size() + "; try again.");
        }
    }

    @Override
    public synchronized void close() {
        if (password != null) {
            Arrays.fill(password, '\0');
            password = null;
        }
    }

}
