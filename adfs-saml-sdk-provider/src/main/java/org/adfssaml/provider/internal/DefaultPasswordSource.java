package org.adfssaml.provider.internal;

import java.io.Console;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The password source used when none is configured: the {@code ADFS_PASSWORD} environment variable, else a prompt on
 * the console (never echoed). Each call returns a fresh array for the sign-in to wipe.
 */
public final class DefaultPasswordSource implements Supplier<char[]> {

    /** The environment variable read first. */
    public static final String ENVIRONMENT_VARIABLE = "ADFS_PASSWORD";

    private final String username;
    private final Function<String, String> environment;
    private final Supplier<Console> console;

    /**
     * Creates the source.
     *
     * @param username    named in the prompt, or {@code null}
     * @param environment reads environment variables
     * @param console     the console, or a supplier of {@code null} when there is none
     */
    public DefaultPasswordSource(String username, Function<String, String> environment, Supplier<Console> console) {
        this.username = username;
        this.environment = environment;
        this.console = console;
    }

    /**
     * The source of the running process.
     *
     * @param username named in the prompt, or {@code null}
     * @return the source
     */
    public static DefaultPasswordSource forProcess(String username) {
        return new DefaultPasswordSource(username, System::getenv, System::console);
    }

    @Override
    public char[] get() {
        String fromEnvironment = environment.apply(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment.toCharArray();
        }
        Console terminal = console.get();
        if (terminal == null) {
            throw new IllegalStateException("No password for " + (username == null ? "the sign-in" : username)
                                            + ": expected the " + ENVIRONMENT_VARIABLE
                                            + " environment variable or an interactive console, found neither");
        }
        char[] password = terminal.readPassword("AD FS password for %s: ", username == null ? "your account" : username);
        if (password == null) {
            throw new IllegalStateException("No password for " + (username == null ? "the sign-in" : username)
                                            + ": the console reached end of input");
        }
        return password;
    }

    @Override
    public String toString() {
        return "DefaultPasswordSource(" + ENVIRONMENT_VARIABLE + " or console)";
    }
}
